"""Laws that hold for every workbook and every sequence of operations.

- the status is always the last history record's;
- histories are gapless (seq 1..n) and never go back in time;
- every reference resolves (harm -> person, plan -> person and its harms);
- a refused operation leaves the workbook as it was;
- the guard agrees with `check()`: a move succeeds exactly when `check()`
  on the moved plan reports nothing blocking, with the very same findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from amendskit import (
    AmendPlan,
    AmendsError,
    Approach,
    CheckIn,
    ContactStatus,
    FixedClock,
    OutcomeKind,
    Person,
    SequentialIds,
    Status,
    TransitionError,
    Trigger,
    Workbook,
    dumps,
    find_transition,
    loads,
    transitions_from,
)
from amendskit.workbook import integrity_problems
from builders import T0, commitment, harm, ready
from strategies import (
    consents,
    deferrals,
    harms,
    outcomes,
    payments,
    persons,
    repair_actions,
    restitutions,
    reviews,
    safety_assessments,
    workbooks,
)

MOVE_CODES = {"LC01", "LC02"}


def assert_lawful(wb: Workbook) -> None:
    """Status, history and referential laws of one workbook."""
    for plan_id, plan in wb.plans.items():
        assert plan.id == plan_id
        assert plan.status is plan.history[-1].to_status
        assert [r.seq for r in plan.history] == list(range(1, len(plan.history) + 1))
        assert plan.history[0].from_status is None
        for before, after in zip(plan.history, plan.history[1:], strict=False):
            assert after.from_status is before.to_status
            assert after.at >= before.at
        assert plan.person_id in wb.persons
        for harm_id in plan.harm_ids:
            assert wb.harms[harm_id].person_id == plan.person_id
    for harm_id, found in wb.harms.items():
        assert found.id == harm_id
        assert found.person_id in wb.persons
    assert (
        list(
            integrity_problems(
                tuple(wb.persons.values()),
                tuple(wb.harms.values()),
                tuple(wb.plans.values()),
            )
        )
        == []
    )
    summary = wb.summary()
    assert sum(summary.by_status.values()) == summary.plans == len(wb.plans)


def rebuilt(wb: Workbook) -> Workbook:
    """An independent workbook with the same content."""
    return Workbook(
        persons=dict(wb.persons),
        harms=dict(wb.harms),
        plans=dict(wb.plans),
        policy=wb.policy,
    )


def with_plan(wb: Workbook, plan: AmendPlan) -> Workbook:
    """`wb` with `plan` in place of its namesake, history and all."""
    return Workbook(
        persons=wb.persons,
        harms=wb.harms,
        plans={**wb.plans, plan.id: plan},
        policy=wb.policy,
    )


def findings_of(wb: Workbook, plan_id: str) -> tuple[Any, ...]:
    return tuple(f for f in wb.check() if f.plan_id == plan_id)


# --- generated workbooks -----------------------------------------------------------


@settings(max_examples=60)
@given(workbooks())
def test_generated_workbooks_are_lawful(wb: Workbook) -> None:
    assert_lawful(wb)
    assert rebuilt(wb) == wb
    # The builder meets every rule when it moves; only a later refusal by
    # the person can make an earlier preparation a finding (rule 16).
    blocking = {f.code for f in wb.check() if f.blocking}
    assert blocking <= {"AK16"}


def test_generated_workbooks_reach_every_status_and_path() -> None:
    seen: set[Any] = set()

    @settings(max_examples=150, database=None)
    @given(workbooks())
    def collect(wb: Workbook) -> None:
        for plan in wb.plans.values():
            path = [r.to_status for r in plan.history]
            seen.add(plan.status)
            seen.add(("revised", path.count(Status.PREPARED) > 1))
            seen.add(("via", path[-2] if plan.status is Status.LIVING else None))
            seen.add(("outcomes", len(plan.outcomes)))
            seen.add(("invited", wb.person(plan.person_id).invited_at is not None))

    collect()
    assert set(Status) <= seen
    assert {("revised", True), ("via", Status.MADE), ("via", Status.DECLINED)} <= seen
    assert {("outcomes", 0), ("outcomes", 1), ("outcomes", 2)} <= seen
    assert ("invited", True) in seen


@settings(max_examples=40)
@given(workbooks(), st.data())
def test_any_move_of_a_generated_plan_obeys_the_guard(
    wb: Workbook, data: st.DataObject
) -> None:
    if not wb.plans:
        return
    plan_id = data.draw(st.sampled_from(sorted(wb.plans)))
    target = data.draw(st.sampled_from(Status))
    plan = wb.plan(plan_id)
    at = plan.last_moved_at + data.draw(
        st.timedeltas(dt.timedelta(days=-2), dt.timedelta(days=30))
    )
    check_move_against_check(wb, plan_id, target, at)


def check_move_against_check(
    wb: Workbook, plan_id: str, target: Status, at: dt.datetime
) -> Workbook:
    """Ask for a move and assert the guard agrees with `check()`."""
    before = rebuilt(wb)
    plan = wb.plan(plan_id)
    try:
        moved = wb.transition(plan_id, target, at=at)
    except TransitionError as caught:
        error = caught
    else:
        error = None
    if error is not None:
        assert wb == before
        assert (error.plan_id, error.from_status, error.to_status) == (
            plan_id,
            plan.status,
            target,
        )
        moving = {f.code for f in error.findings} & MOVE_CODES
        if moving:
            expected = set()
            if find_transition(plan.status, target) is None:
                expected.add("LC01")
            if at < plan.last_moved_at:
                expected.add("LC02")
            assert {f.code for f in error.findings} == expected
        else:
            hypothetical = with_plan(wb, plan.moved(target, at))
            assert error.findings == findings_of(hypothetical, plan_id)
            assert any(f.blocking for f in error.findings)
        return wb
    assert moved.plan(plan_id).status is target
    assert moved.plan(plan_id).history[:-1] == plan.history
    assert not any(f.blocking for f in findings_of(moved, plan_id))
    assert {k: v for k, v in moved.plans.items() if k != plan_id} == {
        k: v for k, v in wb.plans.items() if k != plan_id
    }
    return moved


# --- any sequence of operations --------------------------------------------------

STATUS_NAMES = st.one_of(
    st.sampled_from(Status),
    st.sampled_from([s.value for s in Status]),
    st.sampled_from(["done", "LISTED", ""]),
)
# Mostly forward in time; sometimes before the last move (refused: LC02, AK14).
OFFSETS = st.one_of(
    st.just(dt.timedelta(0)),
    st.timedeltas(dt.timedelta(0), dt.timedelta(days=3)),
    st.timedeltas(dt.timedelta(days=-3), dt.timedelta(0)),
)


class WorkbookMachine(RuleBasedStateMachine):
    """Random operations on one workbook, refused or not."""

    def __init__(self) -> None:
        super().__init__()
        self.now = T0
        self.wb = Workbook(clock=FixedClock(T0), ids=SequentialIds())

    @initialize()
    def a_person_with_a_plan_ready_to_go(self) -> None:
        self.wb = self.wb.add(
            Person(id="anna", name="Anna"),
            harm("harm-0", person_id="anna"),
            AmendPlan.new(
                id="plan-0", person_id="anna", harm_ids=["harm-0"], at=T0, **ready()
            ),
        )

    # -- helpers ------------------------------------------------------------

    def attempt(self, operation: Callable[[], Workbook]) -> AmendsError | None:
        """Run an operation; a refused one must change nothing."""
        before, text = rebuilt(self.wb), repr(self.wb)
        try:
            result = operation()
        except AmendsError as error:
            assert self.wb == before
            assert repr(self.wb) == text
            return error
        self.wb = result
        return None

    def later(self, data: st.DataObject) -> dt.datetime:
        """The clock moves on; the time asked for is around it, maybe earlier."""
        at = self.now + data.draw(OFFSETS)
        self.now = max(self.now, at)
        self.wb.clock.at = self.now  # type: ignore[attr-defined]
        return at

    def pick(self, data: st.DataObject, table: str) -> str:
        return data.draw(st.sampled_from(sorted(getattr(self.wb, table))))

    # -- adding and changing ------------------------------------------------

    @rule(data=st.data())
    def add_person(self, data: st.DataObject) -> None:
        person = data.draw(persons())
        person = attrs.evolve(person, id=self.wb.new_id("person"), invited_at=None)
        assert self.attempt(lambda: self.wb.add(person)) is None

    @precondition(lambda self: self.wb.persons)
    @rule(data=st.data(), written=st.booleans())
    def add_harm(self, data: st.DataObject, written: bool) -> None:
        person_id = self.pick(data, "persons")
        harm = data.draw(harms(person_id, written=written))
        harm = attrs.evolve(harm, id=self.wb.new_id("harm"))
        assert self.attempt(lambda: self.wb.add(harm)) is None

    @precondition(lambda self: self.wb.harms)
    @rule(data=st.data(), ready_to_go=st.booleans())
    def add_plan(self, data: st.DataObject, ready_to_go: bool) -> None:
        harm = self.wb.harm(self.pick(data, "harms"))
        own = [h.id for h in self.wb.harms_of(harm.person_id)]
        covered = data.draw(st.lists(st.sampled_from(own), min_size=1, unique=True))
        fields = ready() if ready_to_go else {}
        plan = AmendPlan.new(
            id=self.wb.new_id("plan"),
            person_id=harm.person_id,
            harm_ids=covered,
            at=self.later(data),
            **fields,
        )
        if any(h.owed for h in map(self.wb.harm, covered)) and ready_to_go:
            plan = attrs.evolve(plan, restitution=data.draw(restitutions()))
        assert self.attempt(lambda: self.wb.add(plan)) is None

    @precondition(lambda self: self.wb.plans)
    @rule(data=st.data())
    def update_plan(self, data: st.DataObject) -> None:
        plan = self.wb.plan(self.pick(data, "plans"))
        changes = data.draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "approach": st.none() | st.sampled_from(Approach),
                    "safety": st.none() | safety_assessments(),
                    "consents": st.lists(consents(), max_size=2).map(tuple),
                    "reviews": st.lists(reviews(), max_size=2).map(tuple),
                    "actions": st.lists(repair_actions(), max_size=2).map(tuple),
                    "restitution": st.none() | restitutions(),
                    "deferral": st.none() | deferrals(valid=False),
                    "commitments": st.just((commitment(start=self.now),)),
                },
            )
        )
        changed = attrs.evolve(plan, **changes)
        met = {(f.code, f.field) for f in findings_of(self.wb, plan.id) if f.blocking}
        error = self.attempt(lambda: self.wb.update(changed))
        if error is None:  # it broke no error rule the plan met before
            after = findings_of(self.wb, plan.id)
            assert {(f.code, f.field) for f in after if f.blocking} <= met
            return
        # Refused: the edit broke a rule of the plan's own status.
        assert isinstance(error, TransitionError)
        assert error.from_status is error.to_status is plan.status
        assert error.findings
        assert all(f.blocking for f in error.findings)
        assert not {(f.code, f.field) for f in error.findings} & met

    @precondition(lambda self: self.wb.persons)
    @rule(data=st.data(), contact=st.sampled_from(ContactStatus))
    def update_person(self, data: st.DataObject, contact: ContactStatus) -> None:
        person = self.wb.person(self.pick(data, "persons"))
        changed = attrs.evolve(person, contact=contact)
        assert self.attempt(lambda: self.wb.update(changed)) is None

    @precondition(lambda self: self.wb.persons)
    @rule(data=st.data())
    def invite(self, data: st.DataObject) -> None:
        person_id = self.pick(data, "persons")
        at = self.later(data)
        assert self.attempt(lambda: self.wb.invite(person_id, at=at)) is None
        assert self.wb.person(person_id).invited_at == at

    @precondition(lambda self: any(p.restitution for p in self.wb.plans.values()))
    @rule(data=st.data())
    def record_payment(self, data: st.DataObject) -> None:
        """A payment towards a plan's restitution, in its currency."""
        owing = sorted(p.id for p in self.wb.plans.values() if p.restitution)
        plan = self.wb.plan(data.draw(st.sampled_from(owing)))
        restitution = plan.restitution
        assert restitution is not None
        paid = data.draw(payments(restitution.amount.currency))
        changed = attrs.evolve(
            plan,
            restitution=attrs.evolve(
                restitution, payments=(*restitution.payments, paid)
            ),
        )
        assert self.attempt(lambda: self.wb.update(changed)) is None
        after = self.wb.plan(plan.id).restitution
        assert after is not None
        assert after.paid.amount == restitution.paid.amount + paid.amount.amount

    @precondition(lambda self: any(p.commitments for p in self.wb.plans.values()))
    @rule(data=st.data(), kept=st.booleans())
    def check_in(self, data: st.DataObject, kept: bool) -> None:
        """A check-in on one of a plan's commitments, kept or missed."""
        living = sorted(p.id for p in self.wb.plans.values() if p.commitments)
        plan = self.wb.plan(data.draw(st.sampled_from(living)))
        index = data.draw(st.integers(0, len(plan.commitments) - 1))
        commitment_ = plan.commitments[index]
        entry = CheckIn(on=self.later(data).date(), kept=kept)
        commitments = list(plan.commitments)
        commitments[index] = attrs.evolve(
            commitment_, check_ins=(*commitment_.check_ins, entry)
        )
        changed = attrs.evolve(plan, commitments=tuple(commitments))
        assert self.attempt(lambda: self.wb.update(changed)) is None
        assert self.wb.plan(plan.id).commitments[index].check_ins[-1] == entry

    # -- moving -------------------------------------------------------------

    @precondition(lambda self: self.wb.plans)
    @rule(data=st.data(), to=STATUS_NAMES)
    def transition(
        self, data: st.DataObject, to: Any, plan_id: str | None = None
    ) -> None:
        plan_id = plan_id or self.pick(data, "plans")
        at = self.later(data)
        if to not in {s.value for s in Status}:
            error = self.attempt(lambda: self.wb.transition(plan_id, to, at=at))
            assert error is not None
            assert getattr(error, "code", None) == "unknown-status"
            return
        self.wb = check_move_against_check(self.wb, plan_id, Status(to), at)

    @precondition(lambda self: self.wb.plans)
    @rule(data=st.data(), kind=st.sampled_from(OutcomeKind))
    def record_outcome(
        self, data: st.DataObject, kind: OutcomeKind, plan_id: str | None = None
    ) -> None:
        plan_id = plan_id or self.pick(data, "plans")
        plan = self.wb.plan(plan_id)
        outcome = attrs.evolve(data.draw(outcomes()), kind=kind, at=self.later(data))
        before = findings_of(self.wb, plan_id)
        error = self.attempt(lambda: self.wb.record_outcome(plan_id, outcome))
        since = max([plan.last_moved_at, *(o.at for o in plan.outcomes)])
        early = plan.status is not Status.PREPARED or outcome.at < since
        if error is None:
            assert not early
            after = self.wb.plan(plan_id)
            assert after.outcomes == (*plan.outcomes, outcome)
            if kind.target is None:
                # No move, so no guard: what check() says of the plan stays.
                assert after.history == plan.history
                assert findings_of(self.wb, plan_id) == before
            else:
                assert after.status is kind.target
                assert not any(f.blocking for f in findings_of(self.wb, plan_id))
            return
        assert isinstance(error, TransitionError)
        assert error.to_status is kind.target
        if early:
            assert [f.code for f in error.findings] == ["AK14"]
        else:
            assert kind.target is not None
            candidate = attrs.evolve(plan, outcomes=(*plan.outcomes, outcome))
            moved = candidate.moved(kind.target, outcome.at)
            assert error.findings == findings_of(with_plan(self.wb, moved), plan_id)

    @precondition(lambda self: self.wb.plans)
    @rule(data=st.data())
    def step_forward(self, data: st.DataObject) -> None:
        """A move the lifecycle has, made the way it is made."""
        plan_id = self.pick(data, "plans")
        onward = transitions_from(self.wb.plan(plan_id).status)
        if not onward:
            return
        transition = data.draw(st.sampled_from(onward))
        if transition.trigger is Trigger.OUTCOME:
            kinds = [k for k in OutcomeKind if k.target is transition.target]
            self.record_outcome(data, data.draw(st.sampled_from(kinds)), plan_id)
        else:
            self.transition(data, transition.target, plan_id)

    # -- refused on purpose -------------------------------------------------

    @precondition(lambda self: self.wb.persons)
    @rule(data=st.data())
    def add_existing_person(self, data: st.DataObject) -> None:
        person = self.wb.person(self.pick(data, "persons"))
        assert self.attempt(lambda: self.wb.add(person)) is not None

    @precondition(lambda self: self.wb.plans)
    @rule(data=st.data())
    def edit_history(self, data: st.DataObject) -> None:
        plan = self.wb.plan(self.pick(data, "plans"))
        edited = attrs.evolve(plan, history=plan.history[:1])
        error = self.attempt(lambda: self.wb.update(edited))
        assert (error is None) == (len(plan.history) == 1)

    @rule(data=st.data())
    def ask_for_an_unknown_plan(self, data: st.DataObject) -> None:
        at = self.later(data)
        error = self.attempt(lambda: self.wb.transition("nobody", "willing", at=at))
        assert isinstance(error, LookupError)

    @rule()
    def add_a_harm_of_nobody(self) -> None:
        orphan = harm(self.wb.new_id("harm"), person_id="nobody")
        error = self.attempt(lambda: self.wb.add(orphan))
        assert getattr(error, "code", None) == "unknown-person"

    # -- laws -----------------------------------------------------------------

    @invariant()
    def lawful(self) -> None:
        assert_lawful(self.wb)

    @invariant()
    def the_document_round_trip_is_exact(self) -> None:
        text = dumps(self.wb)
        assert dumps(self.wb) == text
        again = loads(text)
        assert again == self.wb
        assert dumps(again) == text


WorkbookMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None
)
test_any_sequence_of_operations_keeps_the_laws = WorkbookMachine.TestCase
