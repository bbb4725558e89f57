"""Raw GraphQL posts to the Consonance sandbox, as any client would send them (no product code involved)."""

import requests

from tests.fixtures.consonance import CONSONANCE_TEST_KEY

WORKS_PAGE = """
query($after: Int, $since: ISO8601Date) {
  works(workSearch: {after: $after, changedSince: $since}) {
    id title subtitle workType editionNumber contributorPrettyList imprint { id name }
    subjectCodes(schemesIn: [BIC, THEMA, BISAC]) { code description }
    seriesMemberships { partNumber series { id name } }
    supportingResources { id url caption }
    products {
      id fullTitle subtitle publicationDate onixPublishingStatusCode keywords audienceCode
      isbn { isbn13 } onix21ProductFormCode inHouseFormat { name code } inHouseEdition { name code }
      forSaleCountryCodes notForSaleCountryCodes isForSaleWorldwide
      marketingTexts { externalText }
      ... on PhysicalBookProduct { productHeight(unit: CM) approximatePageCount }
    }
  }
}
"""


def post(
    sandbox, query: str, variables: dict | None = None, *, key: str | None = CONSONANCE_TEST_KEY, timeout=5
):
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    return requests.post(
        f"{sandbox.url}/graphql",
        json={"query": query, "variables": variables or {}},
        headers=headers,
        timeout=timeout,
    )


def data(sandbox, query: str, variables: dict | None = None) -> dict:
    """The `data` of a query that must succeed."""
    response = post(sandbox, query, variables)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def all_works(sandbox, query: str = WORKS_PAGE, **variables) -> list[dict]:
    """Page through works with `after` until an empty page, as the contract says."""
    found, after = [], None
    while True:
        page = data(sandbox, query, {**variables, "after": after})["works"]
        if not page:
            return found
        found.extend(page)
        after = page[-1]["id"]
