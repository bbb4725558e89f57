"""Ids of the Getty sandbox's deterministic catalogue (its ids step by 7 from 1400000003)."""

KNOWN_ID = "1400000003"


def catalogue_ids(count: int) -> list[str]:
    return [str(1_400_000_003 + 7 * n) for n in range(count)]
