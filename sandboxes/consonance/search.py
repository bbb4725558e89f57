"""WorkSearchAttributes and ProductSearchAttributes as predicates over catalogue records.

`after` is not handled here: paging is done by the state, which walks its sorted ids from the first greater
one.
"""


def _contains(value: str | None, needle: str) -> bool:
    return needle.casefold() in (value or "").casefold()


def work_matches(work: dict, search: dict) -> bool:
    for name, wanted in search.items():
        if wanted is None or name == "after":
            continue
        if name == "idEq" and work["id"] != wanted:
            return False
        if name == "contractIdEq" and work["_contractId"] != wanted:
            return False
        if name == "changedSince" and work["_changedOn"] < wanted:
            return False
        if name == "titleEq" and work["title"] != wanted:
            return False
        if name == "titleCont" and not _contains(work["title"], wanted):
            return False
        if name == "subtitleEq" and work["subtitle"] != wanted:
            return False
        if name == "subtitleCont" and not _contains(work["subtitle"], wanted):
            return False
        if name == "imprintIdIn" and work["imprint"]["id"] not in wanted:
            return False
    return True


def product_matches(product: dict, search: dict) -> bool:
    published = product["publicationDate"]
    for name, wanted in search.items():
        if wanted is None or name == "after":
            continue
        if name == "idEq" and product["id"] != wanted:
            return False
        if name == "isbn13Eq" and product["isbn"]["isbn13"] != wanted:
            return False
        if name == "isbn13In" and product["isbn"]["isbn13"] not in wanted:
            return False
        if name == "titleEq" and product["fullTitle"] != wanted:
            return False
        if name == "titleCont" and not _contains(product["fullTitle"], wanted):
            return False
        if name == "onix21ProductFormCodeIn" and product["onix21ProductFormCode"] not in wanted:
            return False
        if name == "changedSince" and product["_changedOn"] < wanted:
            return False
        if name.startswith("publicationDate") and not _date_matches(
            published, name[len("publicationDate") :], wanted
        ):
            return False
    return True


def _date_matches(published, operator: str, wanted) -> bool:
    if published is None:
        return False
    return {
        "Eq": published == wanted,
        "Gt": published > wanted,
        "Lt": published < wanted,
        "Gteq": published >= wanted,
        "Lteq": published <= wanted,
    }[operator]
