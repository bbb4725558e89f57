"""Territories are ISO 3166-1 country codes or WORLD wherever they are typed, and show with their names."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from approvals.forms import IntendedUseForm
from approvals.models import ApprovalRequest
from integration.territories import territory_codes, territory_labels, territory_name, unknown_territories
from tests.factories.approvals import shortlisted_asset
from tests.factories.titles import ProductFactory, TitleFactory


def test_the_vocabulary_knows_iso_countries_and_the_world_only():
    assert territory_codes(" gb, ie GB ") == ("GB", "IE")
    assert territory_name("gb") == "United Kingdom"
    assert territory_name("WORLD") == "the world"
    assert unknown_territories(("GB", "XX", "ZZ", "GBR", "826", "WORLD")) == ("XX", "ZZ", "GBR", "826")
    assert territory_labels(("GB",)) == ["GB — United Kingdom"]


@pytest.mark.django_db
def test_the_intended_use_form_refuses_made_up_codes_and_names_them():
    title = TitleFactory()
    form = IntendedUseForm(data={"placement": "interior", "territories": "GB XX ZZ"}, title=title)
    assert not form.is_valid()
    [error] = form.errors["territories"]
    assert "XX, ZZ" in error and "GB" not in error.split(".")[0]
    form = IntendedUseForm(data={"placement": "interior", "territories": "gb, ie"}, title=title)
    assert form.is_valid(), form.errors
    assert form.intended_use().territories == ("GB", "IE")


@pytest.mark.django_db
def test_the_intended_use_form_names_the_prefilled_countries():
    title = TitleFactory()
    ProductFactory(title=title, for_sale_countries=["GB", "IE"], for_sale_worldwide=False)
    html = str(IntendedUseForm(title=title)["territories"].help_text)
    assert "GB — United Kingdom" in html and "IE — Ireland" in html


@pytest.mark.django_db
def test_the_api_refuses_made_up_codes_before_anything_is_submitted(client, role_user):
    asset, title = shortlisted_asset()
    client.force_login(role_user(Role.EDITORIAL, "edith"))
    response = client.post(
        reverse("approvals-api:requests"),
        {
            "asset": asset.getty_id,
            "title": title.pk,
            "placement": "interior",
            "territories": ["XX", "GB", "ZZ"],
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "XX, ZZ" in str(response.json())
    assert not ApprovalRequest.objects.exists()
