"""The search's "too small for print" badges and the approval resolution check agree at the last pixel."""

from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.facts import ProductFacts, UseFacts
from approvals.use_checks import Outcome, check_resolution
from integration.services.search import PictureHit
from tests.factories.assets import AssetFactory
from tests.factories.titles import ProductFactory, TitleFactory

pytestmark = pytest.mark.django_db

# 6.5 inches: exactly 1950 px at 300 dpi, a hair more in floating point (a bare ceil says 1951).
TRIM_CM = Decimal("16.51")
NEED = 1950


def hit(height: int) -> PictureHit:
    return PictureHit(
        getty_id="1", title="Harbour", comp_url="", thumb_url="", asset_family="creative",
        license_model="royaltyfree", collection_name="Moment", artist="", max_width=1300,
        max_height=height, editorial_use_only=False,
    )  # fmt: skip


def use(height: int) -> UseFacts:
    product = ProductFacts("Paperback", TRIM_CM, True, (), (), None)
    return UseFacts(
        getty_id="1", is_rights_managed=False, is_editorial_use_only=False,
        license_model_label="Royalty-free", release_info="No release required", usage_restrictions=(),
        shows_people=False, max_width=1300, max_height=height, withdrawn=False, placement="front_cover",
        channels=(), territories=(), fee=None, products=(product,),
    )  # fmt: skip


@pytest.mark.parametrize(("height", "fits"), [(NEED, True), (NEED - 1, False)])
def test_the_badges_and_the_approval_check_agree_at_the_needed_pixel_count(
    editor_client, getty, height, fits
):
    title = TitleFactory(keywords=["harbour"])
    ProductFactory(title=title, height_cm=TRIM_CM)
    page = editor_client.get(reverse("integration:title-search", kwargs={"pk": title.pk}))
    need = page.context["min_pixel_height"]
    assert need == NEED
    assert f"Needs {NEED} px tall to print 16.51 cm at 300 dpi." in page.content.decode()

    # The grid's card badge.
    assert hit(height).too_small_for(need) is not fits
    # The asset panel's badge.
    asset = AssetFactory(max_width=1300, max_height=height)
    panel_url = reverse("integration:asset-detail", kwargs={"pk": title.pk, "getty_id": asset.getty_id})
    panel = editor_client.get(f"{panel_url}?need={need}", HTTP_HX_REQUEST="true").content.decode()
    assert ("Large enough for print" in panel) is fits
    assert ("Too small for print" in panel) is not fits
    # The check beside Production's buttons.
    check = check_resolution(use(height))
    assert check.outcome == (Outcome.PASS if fits else Outcome.FAIL), check.message
    # A cover is also checked for a 2:3 portrait's width: the 1300 px wide picture is exactly that.
    assert f"1,300 × {NEED:,} px" in check.message
