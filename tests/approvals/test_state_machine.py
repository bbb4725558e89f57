"""Property-based: any sequence of actions by any role keeps every request in a valid state.

Each action is tried by each kind of person; the domain's `actions_for` must agree with what the
service does (allowed ⇔ it succeeds), a refusal must change nothing, every transition must have
its event, and a skipped step must always say why.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from accounts.roles import Role
from approvals import errors
from approvals.actions import Action, actions_for
from approvals.models import ApprovalEvent, ApprovalRequest, ApprovalStep
from approvals.models.requests import Placement
from approvals.services import (
    IntendedUse,
    request_resubmit,
    request_submit,
    request_withdraw,
    step_approve,
    step_reassign,
    step_reject,
    step_request_changes,
)
from tests.factories.approvals import shortlisted_asset
from tests.factories.titles import ProductFactory, TitleFactory

pytestmark = pytest.mark.django_db
R = ApprovalRequest.Status
S = ApprovalStep.Status
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def run(action, req, actor, *, comment, people, placement):
    kwargs = {"approval_request": req, "actor": actor}
    if action == Action.APPROVE:
        return step_approve(**kwargs, comment=comment)
    if action == Action.REQUEST_CHANGES:
        return step_request_changes(**kwargs, comment=comment)
    if action == Action.REJECT:
        return step_reject(**kwargs, comment=comment)
    if action == Action.WITHDRAW:
        return request_withdraw(**kwargs)
    if action == Action.REASSIGN:
        step = req.current_step
        target = next(
            (p for p in people if step and p.groups.filter(pk=step.group_id).exists() and p.pk != actor.pk),
            actor,
        )
        return step_reassign(**kwargs, assignee=target)
    use = IntendedUse(title=req.title, placement=placement, territories=("GB",))
    return request_resubmit(**kwargs, use=use)


def check_chain(transitions, final, start):
    state = start
    for before, after in transitions:
        assert before == state, f"event from {before!r} but state was {state!r}"
        state = after
    assert state == final, f"events end at {state!r}, row says {final!r}"


def assert_valid(req: ApprovalRequest):
    steps = list(req.steps.all())
    current = [s for s in steps if s.round == req.round]
    active = [s for s in steps if s.status == S.ACTIVE]
    assert all(s.round == req.round for s in active)
    if req.status == R.IN_REVIEW:
        assert len(active) == 1 and req.current_step_id == active[0].pk
    else:
        assert not active
    if req.status == R.CHANGES_REQUESTED:
        assert req.current_step.status == S.CHANGES_REQUESTED
    if req.status == R.REJECTED:
        assert req.current_step.status == S.REJECTED
    if req.status == R.APPROVED:
        assert req.current_step_id is None
        assert all(s.status in (S.APPROVED, S.SKIPPED) for s in current)
    for step in steps:
        assert step.status != S.SKIPPED or step.skip_reason.strip(), "skipped step without a reason"
    events = list(req.events.order_by("created_at", "id"))
    check_chain([(e.request_from, e.request_to) for e in events if e.request_to], req.status, "")
    for step in steps:
        moves = [(e.step_from, e.step_to) for e in events if e.step_id == step.pk and e.step_to]
        check_chain(moves, step.status, S.PENDING)


class ApprovalMachine(RuleBasedStateMachine):
    people: list = []
    assets: list = []
    title = None
    succeeded: set = set()

    @initialize()
    def clean(self):
        ApprovalRequest.objects.update(current_step=None)
        ApprovalEvent.objects.all().delete()
        ApprovalStep.objects.all().delete()
        ApprovalRequest.objects.all().delete()
        self.now = START
        for person in self.people:
            for cached in ("_memberships", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
                person.__dict__.pop(cached, None)

    def tick(self):
        self.now += dt.timedelta(minutes=7)
        return self.now

    @rule(
        requester=st.integers(0, 7),
        asset=st.integers(0, 2),
        placement=st.sampled_from([Placement.INTERIOR, Placement.FRONT_COVER]),
    )
    def submit(self, requester, asset, placement):
        before = ApprovalRequest.objects.count()
        use = IntendedUse(title=self.title, placement=placement, territories=("GB",))
        try:
            request_submit(
                asset=self.assets[asset], use=use, requester=self.people[requester], now=self.tick()
            )
        except errors.ApprovalError:
            assert ApprovalRequest.objects.count() == before

    @precondition(lambda self: ApprovalRequest.objects.exists())
    @rule(
        action=st.sampled_from(list(Action)),
        # None: someone the domain allows right now, so runs get deep into the workflow.
        actor=st.one_of(st.none(), st.integers(0, 7)),
        pick=st.integers(0, 50),
        comment=st.sampled_from(["", "Looks right; checked the restrictions.", "Crop tighter, please."]),
        placement=st.sampled_from([Placement.INTERIOR, Placement.BACK_COVER]),
        stale=st.booleans(),
    )
    def act(self, action, actor, pick, comment, placement, stale):
        requests = list(ApprovalRequest.objects.select_related("current_step__group").order_by("id"))
        if actor is None:
            # Someone the domain allows right now, on a request where that is possible, so runs
            # reach deep states (changes requested, resubmitted, fully approved).
            pairs = [(r, p) for r in requests for p in self.people if action in actions_for(p, r)]
            req, person = (
                pairs[pick % len(pairs)] if pairs else (requests[pick % len(requests)], self.people[0])
            )
        else:
            req, person = requests[pick % len(requests)], self.people[actor]
        allowed = action in actions_for(person, req)
        snapshot = (req.status, req.version, ApprovalEvent.objects.filter(request=req).count())
        stale = stale and req.version > 1
        if stale:
            req.version -= 1  # decided on an old page: must lose, whoever it is
        try:
            run(action, req, person, comment=comment, people=self.people, placement=placement)
        except errors.StaleDecision:
            assert stale
            self._unchanged(req, snapshot)
            return
        except errors.ApprovalError as error:
            self._unchanged(req, snapshot)
            needs_comment = "comment" in error.message
            duplicate = "already has an active request" in error.message
            assert not allowed or needs_comment or duplicate, f"{action} allowed but refused: {error.message}"
            return
        self.succeeded.add(action)
        assert allowed, f"{action} by {person.username} succeeded though actions_for refused it"
        assert not stale

    def _unchanged(self, req, snapshot):
        fresh = ApprovalRequest.objects.get(pk=req.pk)
        assert (fresh.status, fresh.version, ApprovalEvent.objects.filter(request=req).count()) == snapshot

    @invariant()
    def every_request_is_valid(self):
        for req in ApprovalRequest.objects.select_related("current_step"):
            assert_valid(req)

    @invariant()
    def one_active_request_per_asset_and_use(self):
        active = ApprovalRequest.objects.filter(status__in=ApprovalRequest.ACTIVE_STATUSES)
        keys = list(active.values_list("asset_id", "use_fingerprint"))
        assert len(keys) == len(set(keys))


def test_no_sequence_of_actions_reaches_an_invalid_state(role_user):
    title = TitleFactory()
    ProductFactory(title=title)
    assets = [shortlisted_asset(title=title)[0] for _ in range(3)]
    roles = [
        Role.EDITORIAL,
        Role.EDITORIAL,
        Role.LEGAL,
        Role.LEGAL,
        Role.PRODUCTION,
        Role.MARKETING,
        Role.RIGHTS,
    ]
    people = [role_user(role, f"{role.lower()}-{i}") for i, role in enumerate(roles)] + [
        role_user(None, "nobody")
    ]
    ApprovalMachine.people, ApprovalMachine.assets, ApprovalMachine.title = people, assets, title
    run_state_machine_as_test(
        ApprovalMachine,
        settings=settings(
            max_examples=80,
            stateful_step_count=30,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    # The runs must have exercised every action, or the invariants above proved little.
    assert ApprovalMachine.succeeded == set(Action)
