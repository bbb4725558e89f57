"""A person creates and rotates their own API token on the who-am-I page."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

WHOAMI = reverse("accounts:whoami")
TOKEN = reverse("accounts:api-token")


def test_page_offers_to_create_a_token_when_there_is_none(editor_client):
    text = editor_client.get(WHOAMI).content.decode()
    assert "You have no API token yet." in text
    assert "Create token" in text


def test_creating_shows_the_key_once_and_it_authenticates(editor_client, editor):
    response = editor_client.post(TOKEN)
    # Post/redirect/get: the page showing the key is a GET, so a reload cannot rotate it.
    assert response.status_code == 302 and response["Location"] == f"{WHOAMI}#api-token"
    key = Token.objects.get(user=editor).key
    assert key not in str(dict(editor_client.session))  # the session never holds the key
    shown = editor_client.get(WHOAMI)
    assert key in shown.content.decode()
    assert "no-cache" in shown["Cache-Control"]
    reloaded = editor_client.get(WHOAMI).content.decode()
    assert key not in reloaded  # shown once only
    assert Token.objects.get(user=editor).key == key  # and the reload rotated nothing
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/titles/").status_code == 200


def test_rotating_replaces_the_old_key(editor_client, editor):
    editor_client.post(TOKEN)
    old = Token.objects.get(user=editor).key
    editor_client.post(TOKEN)
    new = Token.objects.get(user=editor).key
    assert new != old
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get("/api/titles/").status_code == 401
    assert "Rotate token" in editor_client.get(WHOAMI).content.decode()


def test_token_endpoint_is_post_only(editor_client, editor):
    assert editor_client.get(TOKEN).status_code == 405
    assert not Token.objects.filter(user=editor).exists()
