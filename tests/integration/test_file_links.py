"""Signed links to stored files: the file for whoever holds a fresh link we made, nothing for anyone else."""

import hashlib
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from integration.file_links import SALT, signed_file_url

pytestmark = pytest.mark.django_db

PICTURE = b"\xff\xd8\xff\xe0 a stored picture " * 100


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return default_storage.save("licences/1400000001/abc.jpg", ContentFile(PICTURE))


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_a_fresh_link_serves_the_file_to_someone_not_signed_in(client, stored, settings):
    url = signed_file_url(stored, file_name="GettyImages-1400000001.jpg", content_type="image/jpeg")

    assert url.startswith(settings.SITE_URL + "/files/") and url.endswith("/GettyImages-1400000001.jpg")
    answer = client.get(path_of(url))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert hashlib.sha256(b"".join(answer.streaming_content)).digest() == hashlib.sha256(PICTURE).digest()
    assert "no-store" in answer["Cache-Control"]


def test_an_old_link_is_gone(client, stored, settings):
    url = signed_file_url(stored, file_name="GettyImages-1400000001.jpg")
    settings.CONSONANCE_FILE_LINK_SECONDS = -1  # every link is older than this

    answer = client.get(path_of(url))
    assert answer.status_code == 410 and answer.content == b"This link has expired."


@pytest.mark.parametrize(
    "token",
    [
        "made-up",
        signing.dumps({"p": "licences/1400000001/abc.jpg", "t": ""}, salt="another-purpose"),
        signing.dumps({"p": "licences/1400000001/abc.jpg", "t": ""}, salt=SALT, key="not-our-secret-key"),
        signing.dumps(["licences/1400000001/abc.jpg"], salt=SALT),
        signing.dumps({"p": ""}, salt=SALT),
    ],
    ids=["made-up", "other-salt", "other-key", "not-a-dict", "no-path"],
)
def test_a_link_we_did_not_make_shows_nothing(client, stored, token):
    answer = client.get(f"/files/{token}/GettyImages-1400000001.jpg")
    assert answer.status_code == 404 and answer.content == b"This link is not valid."


def test_an_altered_link_shows_nothing(client, stored):
    url = signed_file_url(stored, file_name="GettyImages-1400000001.jpg")
    token = path_of(url).split("/")[2]
    altered = signing.dumps({"p": "licences/other.jpg", "t": ""}, salt=SALT).rsplit(":", 1)[0]
    forged = altered + ":" + token.rsplit(":", 1)[1]

    assert client.get(f"/files/{forged}/x.jpg").status_code == 404


def test_a_file_no_longer_stored_is_not_found(client, stored):
    url = signed_file_url(stored, file_name="GettyImages-1400000001.jpg")
    default_storage.delete(stored)

    answer = client.get(path_of(url))
    assert answer.status_code == 404 and answer.content == b"The file is no longer stored."


def test_only_get_is_answered(client, stored):
    url = signed_file_url(stored, file_name="GettyImages-1400000001.jpg")
    assert client.post(path_of(url)).status_code == 405
