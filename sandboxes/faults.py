"""Fault injection for the sandboxes: make the next N calls (or a share of calls) misbehave.

Kinds:
- ``status``: answer with an HTTP status (429, 500, 502, 503, ...), optional headers and body;
- ``slow``: wait ``delay`` seconds, then answer normally (past the client's timeout);
- ``drop``: close the connection without answering;
- ``malformed``: answer 200 with a body that is not valid JSON.
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
    ) -> Fault:
        if kind not in FAULT_KINDS:
            raise FaultPlanError(f"Unknown fault kind {kind!r}; use one of {', '.join(FAULT_KINDS)}.")
        if next_n is None and share is None:
            next_n = 1
        if share is not None and not 0.0 <= share <= 1.0:
            raise FaultPlanError("share must be between 0 and 1.")
        if next_n is not None and next_n < 1:
            raise FaultPlanError("next must be a positive number of calls.")
        fault = Fault(
            kind=kind,
            status=int(status),
            delay=float(delay),
            headers=dict(headers or {}),
            body=body,
            path_prefix=path_prefix,
            remaining=next_n,
            share=1.0 if share is None else float(share),
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def add_from_json(self, plan: dict) -> Fault:
        """Add a plan sent to the control endpoint: {"kind", "status", "next", "share", ...}."""
        try:
            return self.add(
                str(plan["kind"]),
                status=int(plan.get("status", 503)),
                delay=float(plan.get("delay", 0.0)),
                headers={str(k): str(v) for k, v in (plan.get("headers") or {}).items()},
                body=str(plan.get("body", "")),
                path_prefix=str(plan.get("path", "")),
                next_n=None if plan.get("next") is None else int(plan["next"]),
                share=None if plan.get("share") is None else float(plan["share"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise FaultPlanError(f"Bad fault plan: {exc}") from exc

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
