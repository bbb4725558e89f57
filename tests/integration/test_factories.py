import pytest

from tests.factories.assets import AssetFactory, ShortlistItemFactory
from tests.factories.titles import ProductFactory, isbn13_with_check_digit

pytestmark = pytest.mark.django_db


def test_isbn_check_digit_matches_a_known_isbn():
    assert isbn13_with_check_digit("978030640615") == "9780306406157"


def test_factories_build_a_title_with_a_product_and_a_shortlisted_editorial_asset():
    product = ProductFactory()
    item = ShortlistItemFactory(title=product.title, asset=AssetFactory(editorial=True))
    assert item.asset.is_editorial_use_only
    assert item.asset.is_rights_managed
    assert product.title.products.get() == product
