"""What Consonance and Getty hear of a licence beyond its permission: the hooks the licence's changes call.

Each is called inside the transaction of the change, so the writes commit with it or not at all:
- `licence_created_writes`: a licence was made (licence_records.licence_create, which every licensing
  path calls): its first printing's usage report, and, when the file is already stored (an earlier
  download of the same royalty-free picture), the supporting resource and the to-do's file;
- `licence_file_stored_writes`: a download's file was stored (licence_files.download_fetch_file): the
  supporting resource and the to-do's file for every licence of that download;
- `licence_terms_writes`: the terms changed (credit line, products): the resource follows.
The permission write stays with permission_write.py.
"""

import datetime as dt

from ..models import Download, Licence, Printing
from .supporting_resource import licence_resource_enqueue
from .todo_file import licence_todo_file_enqueue
from .usage_reports import printing_usage_enqueue


def licence_created_writes(licence: Licence, *, now: dt.datetime) -> None:
    for printing in Printing.objects.filter(usage__licence=licence).order_by("id"):
        printing_usage_enqueue(printing, now=now)
    licence_resource_enqueue(licence, now=now)
    licence_todo_file_enqueue(licence, now=now)


def licence_file_stored_writes(download: Download, *, now: dt.datetime) -> None:
    for licence in Licence.objects.filter(download=download).select_related(
        "asset", "title", "request", "download"
    ):
        licence_resource_enqueue(licence, now=now)
        licence_todo_file_enqueue(licence, now=now)


def licence_terms_writes(licence: Licence, *, now: dt.datetime) -> None:
    licence_resource_enqueue(licence, now=now)
