"""The licensed file on the request's Consonance to-do, in place of the comp approvals attached.

Approvals attached the approved picture to the to-do the request names, keyed by the request's
externalRef ("getty:<Getty id>:<request id>", approvals/services/write_back.py). `attachToTodo` is
idempotent on to-do + externalRef and replaces that attachment's url and label, so the licensed file
is attached under the same key: the to-do keeps one attachment for the picture, now the licensed one.
The outbox's natural key is approvals' too, so the comp's write (if still waiting) is replaced and
never lands after this one.

The url is the licence's file page in Picture Desk (the stored file, behind sign-in, for as long as
the licence exists), not an expiring link: a to-do is read for weeks.
"""

import dataclasses
import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from approvals.services.write_back import LABEL_MAX, required_credit, todo_attachment_write
from integration.models import OutboxMessage
from integration.services.outbox import outbox_enqueue

from ..models import Licence
from .supporting_resource import SOURCE_TYPE


def todo_file_label(licence: Licence) -> str:
    download = licence.download
    size = f", {download.width} × {download.height} px" if download.width and download.height else ""
    label = (
        f"Licensed file: Getty image {licence.asset.getty_id}, licence #{licence.pk}{size}. "
        f"Credit: {licence.credit_line or required_credit(licence.asset)}"
    )
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def licence_todo_file_enqueue(licence: Licence, *, now: dt.datetime | None = None) -> OutboxMessage | None:
    """Queue the licensed file onto the request's to-do (inside the change's transaction); None when the
    request names no to-do or the file is not stored yet."""
    if not licence.download.has_file:
        return None
    comp = todo_attachment_write(licence.request)  # the same to-do, externalRef and natural key
    if comp is None:
        return None
    write = dataclasses.replace(
        comp,
        payload={
            **comp.payload,
            "url": settings.SITE_URL + reverse("rights:licence-file", args=[licence.pk]),
            "label": todo_file_label(licence),
        },
        label=f"Licensed file attached to to-do {comp.payload['todoId']}",
        source_type=SOURCE_TYPE,
        source_id=licence.pk,
    )
    return outbox_enqueue(write, now=now or timezone.now())
