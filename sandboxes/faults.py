"""Fault injection for the sandboxes: make the next N calls (or a share of calls) misbehave.

Kinds:
- ``status``: answer with an HTTP status (429, 500, 502, 503, ...), optional headers and body;
- ``slow``: wait ``delay`` seconds, then answer normally (past the client's timeout);
- ``drop``: close the connection without answering;
- ``malformed``: answer 200 with a body that is not valid JSON.

Any kind may be planned ``after`` the request: the sandbox then handles the call first (a mutation is
applied) and only then misbehaves, so the client cannot know whether its write landed. That is the
"outcome unknown" case an idempotent write path must survive without a duplicate.
"""

import random
import threading
from dataclasses import dataclass, field

FAULT_KINDS = ("status", "slow", "drop", "malformed")


class FaultPlanError(ValueError):
    pass


@dataclass
class Fault:
    kind: str
    status: int = 503
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    path_prefix: str = ""
    remaining: int | None = None  # next N matching calls; None: no count limit
    share: float = 1.0  # probability that a matching call is hit
    after: bool = False  # handle the call first (apply a write), then misbehave

    def matches(self, path: str) -> bool:
        return path.startswith(self.path_prefix)


class FaultInjector:
    """Thread-safe list of planned faults; the first plan that matches a call and fires wins."""

    def __init__(self, seed: int = 0):
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._random = random.Random(seed)
        self.injected = 0

    def add(
        self,
        kind: str,
        *,
        status: int = 503,
        delay: float = 0.0,
        headers: dict[str, str] | None = None,
        body: str = "",
        path_prefix: str = "",
        next_n: int | None = None,
        share: float | None = None,
        after: bool = False,
    ) -> Fault:
        fault = plan_fault(
            kind,
            status=status,
            delay=delay,
            headers=headers,
            body=body,
            path_prefix=path_prefix,
            next_n=next_n,
            share=share,
            after=after,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def add_from_json(self, plans: dict | list) -> list[Fault]:
        """Add the plan (or list of plans) sent to the control path; all of them or, if one is bad, none."""
        faults = [fault_from_json(plan) for plan in (plans if isinstance(plans, list) else [plans])]
        with self._lock:
            self._faults.extend(faults)
        return faults

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def pick(self, path: str) -> Fault | None:
        """Return the fault for this call, if any, spending one of its counted calls."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(path):
                    continue
                if fault.share < 1.0 and self._random.random() >= fault.share:
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                self.injected += 1
                return fault
        return None


def plan_fault(
    kind: str,
    *,
    status: int = 503,
    delay: float = 0.0,
    headers: dict[str, str] | None = None,
    body: str = "",
    path_prefix: str = "",
    next_n: int | None = None,
    share: float | None = None,
    after: bool = False,
) -> Fault:
    """A checked fault plan; with neither `next_n` nor `share` it hits the next matching call only."""
    if kind not in FAULT_KINDS:
        raise FaultPlanError(f"Unknown fault kind {kind!r}; use one of {', '.join(FAULT_KINDS)}.")
    if next_n is None and share is None:
        next_n = 1
    if share is not None and not 0.0 <= share <= 1.0:
        raise FaultPlanError("share must be between 0 and 1.")
    if next_n is not None and next_n < 1:
        raise FaultPlanError("next must be a positive number of calls.")
    if delay < 0:
        raise FaultPlanError("delay must be a number of seconds, at least 0.")
    return Fault(
        kind=kind,
        status=int(status),
        delay=float(delay),
        headers=dict(headers or {}),
        body=body,
        path_prefix=path_prefix,
        remaining=next_n,
        share=1.0 if share is None else float(share),
        after=bool(after),
    )


def fault_from_json(plan) -> Fault:
    """A plan as the control path receives it: {"kind", "status", "delay", "headers", "body", "path",
    "next", "share", "after"}."""
    if not isinstance(plan, dict):
        raise FaultPlanError('Bad fault plan: send a JSON object such as {"kind": "drop"}.')
    after = plan.get("after", False)
    if not isinstance(after, bool):
        raise FaultPlanError("Bad fault plan: after must be true or false.")
    try:
        return plan_fault(
            str(plan["kind"]),
            status=int(plan.get("status", 503)),
            delay=float(plan.get("delay", 0.0)),
            headers={str(k): str(v) for k, v in (plan.get("headers") or {}).items()},
            body=str(plan.get("body", "")),
            path_prefix=str(plan.get("path", "")),
            next_n=None if plan.get("next") is None else int(plan["next"]),
            share=None if plan.get("share") is None else float(plan["share"]),
            after=after,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FaultPlanError(f"Bad fault plan: {exc}") from exc


def fault_as_json(fault: Fault) -> dict:
    """A pending plan as the control path shows it (the same names it accepts)."""
    return {
        "kind": fault.kind,
        "status": fault.status,
        "delay": fault.delay,
        "headers": dict(fault.headers),
        "body": fault.body,
        "path": fault.path_prefix,
        "next": fault.remaining,
        "share": fault.share,
        "after": fault.after,
    }
