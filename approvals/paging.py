"""Paging for long lists whose exact length nobody reads: count a little past the page, not all.

Counting 10,000 waiting steps costs more than drawing the 25 on the page. A reviewer needs to know
whether there is a next page and roughly how much is waiting, so the count stops at the next round
thousand past the page asked for; beyond it the page says "more than 1,000" and "40+" pages. Deep
pages stay reachable: asking for page 300 counts up to 8,000.
"""

import math

from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property

from config.inputs import parse_page_number

ROUND_TO = 1000


class LookaheadPaginator(Paginator):
    def __init__(self, object_list, per_page, *, wanted, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        try:
            number = max(1, self.validate_number(wanted))
        except InvalidPage:
            number = 1
        self.wanted = number
        # At least one row past the wanted page, so "Next" is known, rounded up to a round figure.
        self.limit = ROUND_TO * math.ceil((number * per_page + 1) / ROUND_TO)

    def validate_number(self, number):
        # The base class checks the number against num_pages, which is only known after counting;
        # a page past the end is the last page, so a huge number is capped before it sizes the LIMIT.
        number = parse_page_number(number)
        if number is None:
            raise InvalidPage("That page number is not a whole number from 1.")
        return number

    @cached_property
    def count(self) -> int:
        """Rows up to `limit + 1`: the extra one says whether more lie beyond."""
        return self.object_list.order_by()[: self.limit + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.limit

    @property
    def count_label(self) -> str:
        return f"More than {self.limit:,}" if self.capped else f"{self.count:,}"

    @property
    def pages_label(self) -> str:
        return f"{self.limit // self.per_page:,}+" if self.capped else f"{self.num_pages:,}"

    def current_page(self):
        """The wanted page, or the last one when the list is shorter than that."""
        number = min(self.wanted, self.num_pages)
        return self.page(number)
