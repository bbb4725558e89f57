import factory
from django.utils import timezone

from integration.models import Asset, ShortlistItem

from .titles import TitleFactory


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset
        django_get_or_create = ("getty_id",)

    getty_id = factory.Sequence(lambda n: str(1_400_000_000 + n))
    asset_family = Asset.Family.CREATIVE
    license_model = Asset.LicenseModel.ROYALTY_FREE
    title = factory.Sequence(lambda n: f"Lighthouse on a rocky coast at dusk {n}")
    caption = "A lighthouse on a rocky headland under a stormy evening sky."
    artist = "Jane Doe"
    credit_line = "Jane Doe / Getty Images"
    collection_code = "MOM"
    collection_name = "Moment"
    orientation = "Vertical"
    max_width = 4000
    max_height = 6000
    how_can_i_use_it = "Available for all permitted uses under our |License Terms|."
    release_info = "No release required"
    usage_restrictions = factory.LazyFunction(list)
    keywords = factory.LazyFunction(lambda: [{"keyword_id": "1", "text": "lighthouse", "type": "Keyword"}])
    thumb_url = factory.LazyAttribute(lambda o: f"http://127.0.0.1:8701/previews/{o.getty_id}/thumb.jpg")
    comp_url = factory.LazyAttribute(lambda o: f"http://127.0.0.1:8701/previews/{o.getty_id}/comp.jpg")
    preview_url = factory.LazyAttribute(lambda o: f"http://127.0.0.1:8701/previews/{o.getty_id}/preview.jpg")
    fetched_at = factory.LazyFunction(timezone.now)

    class Params:
        editorial = factory.Trait(
            asset_family=Asset.Family.EDITORIAL,
            license_model=Asset.LicenseModel.RIGHTS_MANAGED,
            usage_restrictions=["Editorial use only"],
            release_info="Not released. More information",
        )
        rights_managed = factory.Trait(license_model=Asset.LicenseModel.RIGHTS_MANAGED)


class ShortlistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortlistItem

    title = factory.SubFactory(TitleFactory)
    asset = factory.SubFactory(AssetFactory)
    note = ""
    position = factory.Sequence(lambda n: n)
    added_at = factory.LazyFunction(timezone.now)
