"""Expiring signed links to a file in our storage, for a service that fetches it (Consonance).

A supporting resource reaches Consonance as `imageRemoteUrl`: Consonance fetches the picture from us.
The link names a storage path and carries a signature and the time it was made, so it works without
signing in, only for files we chose to hand out, and only for CONSONANCE_FILE_LINK_SECONDS. It is made
when the write is sent (never when it is queued), so a write that waited hours for a retry still hands
over a fresh link. Only the `/files/` prefix needs to be reachable from outside.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "picture-desk.file-link"


@dataclass(frozen=True)
class LinkedFile:
    storage_path: str
    content_type: str


class LinkRefused(Exception):
    """The link was not made by us, or was altered."""


class LinkExpired(LinkRefused):
    """The link was ours, but is older than it may be."""


def signed_file_url(storage_path: str, *, file_name: str, content_type: str = "") -> str:
    """An absolute link to `storage_path` that ends in `file_name` (what the fetcher sees)."""
    token = signing.dumps({"p": storage_path, "t": content_type}, salt=SALT, compress=True)
    return settings.SITE_URL + reverse("files:signed-file", args=[token, file_name])


def linked_file(token: str, *, max_age: float | None = None) -> LinkedFile:
    """The file a link names, if the link is ours and young enough; else LinkRefused."""
    age = settings.CONSONANCE_FILE_LINK_SECONDS if max_age is None else max_age
    try:
        data = signing.loads(token, salt=SALT, max_age=age)
    except signing.SignatureExpired as exc:
        raise LinkExpired("This link has expired.") from exc
    except signing.BadSignature as exc:
        raise LinkRefused("This link is not valid.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("p"), str) or not data["p"]:
        raise LinkRefused("This link is not valid.")
    return LinkedFile(storage_path=data["p"], content_type=str(data.get("t") or ""))
