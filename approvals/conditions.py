"""Step conditions: pure functions of the use's facts, each with the reason a person reads."""

from dataclasses import dataclass

from .facts import COMMERCIAL_CHANNELS, UseFacts
from .models.requests import Placement
from .models.workflows import Condition


@dataclass(frozen=True)
class ConditionResult:
    holds: bool
    reason: str


def evaluate(condition: str, facts: UseFacts, *, group_name: str = "", fee_threshold=None) -> ConditionResult:
    """Whether a step with `condition` applies to this use, and why (or why not)."""
    match condition:
        case Condition.ALWAYS:
            return ConditionResult(True, "Every request needs this step.")
        case Condition.REQUESTER_OUTSIDE_GROUP:
            inside = group_name in facts.requester_group_names
            return ConditionResult(
                not inside,
                f"The requester is a member of {group_name}: their submission is the {group_name} sign-off."
                if inside
                else f"The requester is not in {group_name}.",
            )
        case Condition.RIGHTS_MANAGED:
            return ConditionResult(
                facts.is_rights_managed, f"The picture is {facts.license_model_label.lower()}."
            )
        case Condition.EDITORIAL_USE_ONLY:
            return ConditionResult(
                facts.is_editorial_use_only,
                "The picture is editorial-use-only."
                if facts.is_editorial_use_only
                else "The picture is not restricted to editorial use.",
            )
        case Condition.COVER_PLACEMENT:
            cover = facts.placement in (Placement.FRONT_COVER, Placement.BACK_COVER)
            label = Placement(facts.placement).label.lower()
            return ConditionResult(cover, f"The placement is {label}.")
        case Condition.ADVERTISING_OR_SOCIAL:
            hit = sorted(set(facts.channels) & (COMMERCIAL_CHANNELS - {"point_of_sale"}))
            return ConditionResult(
                bool(hit),
                f"Channels include {', '.join(hit)}." if hit else "No advertising or social channel.",
            )
        case Condition.FEE_ABOVE_THRESHOLD:
            if fee_threshold is None or facts.fee is None:
                return ConditionResult(False, "No fee or no threshold is set.")
            above = facts.fee > fee_threshold
            return ConditionResult(
                above, f"The fee {facts.fee} is {'above' if above else 'not above'} {fee_threshold}."
            )
        case Condition.TERRITORY_NOT_WORLD:
            return ConditionResult(
                not facts.is_world,
                "The territory is the world."
                if facts.is_world
                else f"The territory is {', '.join(facts.territories)}, not the world.",
            )
        case Condition.RELEASE_MISSING:
            missing = facts.shows_people and not facts.is_released
            return ConditionResult(
                missing,
                "People are shown and there is no release."
                if missing
                else "A release is on file or nobody identifiable is shown.",
            )
    return ConditionResult(True, f"Unknown condition {condition!r}: applied to be safe.")
