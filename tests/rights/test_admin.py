"""The admin shows every rights record and changes none of them (changes go through the pages' services)."""

import pytest
from django.urls import reverse

from rights.models import Download, Licence, LicenceEvent, Printing, Usage
from rights.services import LicenseOrder, picture_license

pytestmark = pytest.mark.django_db


def test_every_rights_model_is_listed_and_shown_read_only(client, django_user_model, getty, approved, people):
    licence = picture_license(
        approval_request=approved, order=LicenseOrder("40101"), actor=people.pat
    ).licence
    client.force_login(
        django_user_model.objects.create_superuser("ada", "ada@example.com", "pw-for-tests-123")
    )
    rows = {
        Licence: licence,
        LicenceEvent: licence.events.first(),
        Usage: licence.usages.get(),
        Printing: Printing.objects.get(),
        Download: Download.objects.get(),
    }
    for model, row in rows.items():
        name = model._meta.model_name
        assert client.get(reverse(f"admin:rights_{name}_changelist")).status_code == 200
        page = client.get(reverse(f"admin:rights_{name}_change", args=[row.pk]))
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.get(reverse(f"admin:rights_{name}_add")).status_code == 403
        assert (
            client.post(reverse(f"admin:rights_{name}_delete", args=[row.pk]), {"post": "yes"}).status_code
            == 403
        )
    assert (
        reverse("rights:licence-detail", args=[licence.pk])
        in client.get(reverse("admin:rights_licence_change", args=[licence.pk])).content.decode()
    )
