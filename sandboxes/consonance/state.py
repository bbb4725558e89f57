"""The sandbox's live data: the seeded catalogue plus everything clients wrote, with a fast reset.

Seeded records are never changed in place. A change replaces the record in the live maps, so `reset()` only
has to copy the pristine maps (microseconds per thousand works) instead of regenerating or deep-copying the
catalogue.
"""

import copy
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from itertools import islice

from .catalogue import Catalogue
from .search import product_matches, work_matches

# The record of mutations keeps at most this many entries (the newest); tests write far fewer.
MUTATION_LOG_LIMIT = 200_000


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class UnknownRecord(LookupError):
    pass


class SandboxState:
    def __init__(self, catalogue: Catalogue, *, page_size: int = 100, now: Callable[[], datetime] = utc_now):
        if page_size < 1:
            raise ValueError("page_size must be at least 1.")
        self.page_size = page_size
        self.now = now
        # One lock for reads and writes: the HTTP server is threaded and a page must not see half a write.
        self.lock = threading.RLock()
        self._pristine_works = {work["id"]: work for work in catalogue.works}
        self._pristine_work_ids = sorted(self._pristine_works)
        self._pristine_products = {p["id"]: p for work in catalogue.works for p in work["products"]}
        self._pristine_product_ids = sorted(self._pristine_products)
        self._pristine_resources = {resource["id"]: resource for resource in catalogue.resources}
        self._pristine_resources_by_work: dict[int, tuple[int, ...]] = {}
        for resource in catalogue.resources:
            work_id = resource["_workId"]
            self._pristine_resources_by_work[work_id] = (
                *self._pristine_resources_by_work.get(work_id, ()),
                resource["id"],
            )
        # To-dos themselves never change; their attachments live apart so the records can stay shared.
        self.todos = {todo["id"]: todo for todo in catalogue.todos}
        self.todos_by_work: dict[int, list[dict]] = {}
        for todo in catalogue.todos:
            self.todos_by_work.setdefault(todo["workId"], []).append(todo)
        self._first_resource_id = max(self._pristine_resources, default=0) + 1
        self.reset()

    def reset(self) -> None:
        """Restore the seeded catalogue and forget everything written."""
        with self.lock:
            self.works = dict(self._pristine_works)
            self.work_ids = list(self._pristine_work_ids)
            self.products = dict(self._pristine_products)
            self.product_ids = list(self._pristine_product_ids)
            self.resources = dict(self._pristine_resources)
            self.resources_by_work = dict(self._pristine_resources_by_work)
            self.written_resource_ids: list[int] = []
            self.uploads: dict[int, bytes] = {}
            self.next_resource_id = self._first_resource_id
            self.permissions: dict[int, dict] = {}
            self.permission_ids_by_ref: dict[str, int] = {}
            self.next_permission_id = 1
            # (todo id, external ref) -> attachment, in the order they were first made.
            self.attachments: dict[tuple[int, str], dict] = {}
            # work id -> its [extension] picture brief, in the order last written.
            self.briefs: dict[int, dict] = {}
            # Every mutation that changed something, in order (see `log_mutation`); append-only.
            self.mutations: list[dict] = []
            self.mutation_count = 0

    # --- reads ----------------------------------------------------------------------------------------------

    def _page(self, ids: list[int], after: int | None) -> Iterator[int]:
        start = 0 if after is None else bisect_right(ids, after)
        return islice(ids, start, None)

    def find_works(self, work_search: dict | None, product_search: dict | None, *, limit: int) -> list[dict]:
        work_search = work_search or {}
        found = []
        if work_search.get("idEq") is not None:
            candidates: Iterator[int] = iter(
                [work_search["idEq"]] if work_search["idEq"] in self.works else []
            )
        else:
            candidates = self._page(self.work_ids, work_search.get("after"))
        for work_id in candidates:
            work = self.works[work_id]
            if not work_matches(work, work_search):
                continue
            if product_search and not any(product_matches(p, product_search) for p in work["products"]):
                continue
            found.append(work)
            if len(found) >= limit:
                break
        return found

    def find_products(
        self, product_search: dict | None, work_search: dict | None, *, limit: int
    ) -> list[dict]:
        product_search = product_search or {}
        found = []
        for product_id in self._page(self.product_ids, product_search.get("after")):
            product = self.products[product_id]
            if not product_matches(product, product_search):
                continue
            if work_search and not work_matches(self.works[product["_workId"]], work_search):
                continue
            found.append(product)
            if len(found) >= limit:
                break
        return found

    def resources_of_work(self, work_id: int) -> list[dict]:
        return [self.resources[resource_id] for resource_id in self.resources_by_work.get(work_id, ())]

    def todos_of_work(self, work_id: int) -> list[dict]:
        return self.todos_by_work.get(work_id, []) if work_id in self.works else []

    def attachments_of_todo(self, todo_id: int) -> list[dict]:
        return [attachment for (owner, _), attachment in self.attachments.items() if owner == todo_id]

    def find_permissions(
        self, *, work_id: int | None, after: int | None, changed_since: date | None, external_ref: str | None
    ) -> list[dict]:
        found = []
        for permission_id in self._page(sorted(self.permissions), after):
            permission = self.permissions[permission_id]
            if work_id is not None and permission["workId"] != work_id:
                continue
            if external_ref is not None and permission["externalRef"] != external_ref:
                continue
            if changed_since is not None and permission["updatedAt"].date() < changed_since:
                continue
            found.append(permission)
            if len(found) >= self.page_size:
                break
        return found

    def brief_of_work(self, work_id: int) -> dict | None:
        return self.briefs.get(work_id)

    # --- the record of mutations ----------------------------------------------------------------------------

    def log_mutation(
        self, operation: str, key: str, *, created: bool, work_id: int, external_ref: str | None = None
    ) -> None:
        """Note a mutation that took effect (call with the lock held, after the change is stored).

        `key` names the record the way the mutation is keyed: the externalRef of a permission,
        "<todoId>:<externalRef>" of an attachment, the work id of a brief, the id of a supporting
        resource. A repeated upsert with the same content is still an effect (created False): tests
        count `created` per key to prove that no write arrived twice.
        """
        self.mutation_count += 1
        if len(self.mutations) >= MUTATION_LOG_LIMIT:  # a long-running `make run` sandbox keeps the newest
            del self.mutations[: MUTATION_LOG_LIMIT // 10]
        self.mutations.append(
            {
                "seq": self.mutation_count,
                "operation": operation,
                "key": key,
                "created": created,
                "workId": work_id,
                "externalRef": external_ref,
                "at": self.now(),
            }
        )

    def mutation_log(self) -> list[dict]:
        with self.lock:
            return [dict(entry) for entry in self.mutations]

    def records_per_key(self) -> dict[str, dict[str, int]]:
        """How many stored records carry each key, per kind of record: every count must be 1.

        Counted from what is stored, not from the log: a supporting resource created twice for one
        externalRef (Consonance has no idempotency keys for those) shows here as 2.
        """
        with self.lock:
            counts: dict[str, dict[str, int]] = {
                "picturePermission": {},
                "todoAttachment": {},
                "pictureBrief": {},
                "supportingResource": {},
            }
            for permission in self.permissions.values():
                _count(counts["picturePermission"], permission["externalRef"])
            for todo_id, ref in self.attachments:
                _count(counts["todoAttachment"], attachment_key(todo_id, ref))
            for work_id in self.briefs:
                _count(counts["pictureBrief"], str(work_id))
            for resource_id in self.written_resource_ids:
                ref = self.resources[resource_id].get("externalRef")
                if ref:
                    _count(counts["supportingResource"], ref)
            return counts

    # --- test hooks -----------------------------------------------------------------------------------------

    def touch_work(self, work_id: int, *, title: str | None = None, on: date | None = None) -> dict:
        """Change a work (and its products) so that changedSince on `on` (default: today, UTC) finds it."""
        with self.lock:
            work = self._work(work_id)
            changed_on = on.date() if isinstance(on, datetime) else (on or self.now().date())
            products = [
                {**product, "fullTitle": title or product["fullTitle"], "_changedOn": changed_on}
                for product in work["products"]
            ]
            touched = {
                **work,
                "title": title or work["title"],
                "_changedOn": changed_on,
                "products": products,
            }
            self.works[work_id] = touched
            for product in products:
                self.products[product["id"]] = product
            return touched

    def remove_work(self, work_id: int) -> None:
        """Delete a work and its products, as when a title is withdrawn from Consonance."""
        with self.lock:
            work = self._work(work_id)
            del self.works[work_id]
            self.work_ids.remove(work_id)
            for product in work["products"]:
                del self.products[product["id"]]
                self.product_ids.remove(product["id"])

    def _work(self, work_id: int) -> dict:
        try:
            return self.works[work_id]
        except KeyError:
            raise UnknownRecord(f"Work {work_id} does not exist in the sandbox.") from None

    # --- what was written, as copies a test may keep --------------------------------------------------------

    def written_supporting_resources(self) -> list[dict]:
        """Supporting resources created or updated through the API, in the order first written."""
        with self.lock:
            return [_public(self.resources[resource_id]) for resource_id in self.written_resource_ids]

    def picture_permissions(self) -> list[dict]:
        with self.lock:
            return [copy.deepcopy(self.permissions[key]) for key in sorted(self.permissions)]

    def todo_attachments(self) -> list[dict]:
        with self.lock:
            return [
                {"todoId": todo_id, "workId": self.todos[todo_id]["workId"], **attachment}
                for (todo_id, _), attachment in self.attachments.items()
            ]

    def picture_briefs(self) -> list[dict]:
        """Every brief written, most recently written last, with its work id."""
        with self.lock:
            return [copy.deepcopy(brief) for brief in self.briefs.values()]

    def counts(self) -> dict[str, int]:
        with self.lock:
            return {"works": len(self.works), "products": len(self.products)}


def attachment_key(todo_id: int, external_ref: str) -> str:
    """The key of a to-do attachment in the record of mutations: to-do id and externalRef."""
    return f"{todo_id}:{external_ref}"


def _count(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def _public(resource: dict) -> dict:
    """A copy of a resource with its work id under a public name instead of the bookkeeping key."""
    copied = {key: copy.deepcopy(value) for key, value in resource.items() if not key.startswith("_")}
    copied["workId"] = resource["_workId"]
    return copied
