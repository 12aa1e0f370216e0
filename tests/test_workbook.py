"""The workbook: integrity, immutable changes, moves, and what to do next."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

import amendskit
from amendskit import (
    AmendPlan,
    Approach,
    ContactStatus,
    FixedClock,
    Outcome,
    OutcomeKind,
    Policy,
    SequentialIds,
    Severity,
    Status,
    TransitionError,
    UnknownIdError,
    ValidationError,
    Workbook,
    WorkbookError,
)
from amendskit.workbook import _Owners, integrity_problems
from builders import (
    HARM,
    PERSON,
    PLAN,
    T,
    codes,
    harm,
    listed,
    person,
    plan_in,
    ready,
    replace_plan,
    workbook,
)


def new_plan(id: str = PLAN, person_id: str = PERSON, *harm_ids: str, **fields: Any):
    return AmendPlan.new(
        id=id, person_id=person_id, harm_ids=harm_ids or (HARM,), at=T(0), **fields
    )


def workbook_error(build: Any) -> WorkbookError:
    with pytest.raises(WorkbookError) as info:
        build()
    return info.value


# --- integrity ---------------------------------------------------------------------


def test_entities_may_refer_to_each_other_within_one_add() -> None:
    wb = workbook().add(new_plan(), harm(), person())
    assert list(wb.persons) == [PERSON]
    assert wb.harms_of(PERSON) == (harm(),)
    assert wb.plans_of(PERSON) == (new_plan(),)


def test_harm_of_an_unknown_person_is_refused() -> None:
    error = workbook_error(lambda: workbook().add(harm()))
    assert (error.code, error.ids) == ("unknown-person", (HARM, PERSON))


def test_plan_of_an_unknown_person_is_refused() -> None:
    wb = workbook().add(person(), harm())
    stray = new_plan(PLAN, "person-9")
    error = workbook_error(lambda: wb.add(stray))
    assert (error.code, error.ids) == ("unknown-person", (PLAN, "person-9"))


def test_plan_covering_an_unknown_harm_is_refused() -> None:
    wb = workbook().add(person(), harm())
    error = workbook_error(lambda: wb.add(new_plan(PLAN, PERSON, HARM, "harm-9")))
    assert (error.code, error.ids) == ("unknown-harm", (PLAN, "harm-9"))


def test_plan_covering_a_harm_of_another_person_is_refused() -> None:
    wb = workbook().add(person(), person("person-2"), harm("harm-2", "person-2"))
    error = workbook_error(lambda: wb.add(new_plan(PLAN, PERSON, "harm-2")))
    assert (error.code, error.ids) == ("harm-of-other-person", (PLAN, "harm-2"))


def test_moving_a_covered_harm_to_another_person_is_refused() -> None:
    wb = listed().add(person("person-2"))
    moved = harm(person_id="person-2")
    error = workbook_error(lambda: wb.update(moved))
    assert (error.code, error.ids) == ("harm-of-other-person", (PLAN, HARM))
    assert wb.harm(HARM).person_id == PERSON


def test_moving_an_uncovered_harm_refiles_it() -> None:
    wb = workbook().add(person(), person("person-2"), harm())
    moved = wb.update(harm(person_id="person-2"))
    assert moved.harms_of(PERSON) == ()
    assert moved.harms_of("person-2") == (harm(person_id="person-2"),)
    assert wb.harms_of(PERSON) == (harm(),)


def test_moving_a_harm_no_plan_covers_leaves_the_plans_alone() -> None:
    wb = listed().add(person("person-2"), harm("harm-2"))
    moved = wb.update(harm("harm-2", "person-2"))
    assert [h.id for h in moved.harms_of("person-2")] == ["harm-2"]
    assert moved.plan(PLAN).harm_ids == (HARM,)


def test_owners_view_maps_each_harm_to_its_person() -> None:
    wb = listed().add(person("person-2"), harm("harm-2", "person-2"))
    owners = _Owners(wb.harms)
    assert dict(owners) == {HARM: PERSON, "harm-2": "person-2"}
    assert len(owners) == 2
    assert owners.get("harm-9") is None


def test_a_new_workbook_checks_every_reference() -> None:
    error = workbook_error(lambda: Workbook(harms=[harm()]))
    assert (error.code, error.ids) == ("unknown-person", (HARM, PERSON))
    error = workbook_error(
        lambda: Workbook(
            persons=[person()], harms=[harm()], plans=[new_plan(PLAN, PERSON, "harm-9")]
        )
    )
    assert error.code == "unknown-harm"


def test_moving_a_plan_away_from_its_harms_is_refused() -> None:
    wb = listed().add(person("person-2"))
    plan = attrs.evolve(wb.plan(PLAN), person_id="person-2")
    error = workbook_error(lambda: wb.update(plan))
    assert error.code == "harm-of-other-person"


def test_updating_a_harm_in_place_keeps_its_filing() -> None:
    wb = listed().update(harm(conduct="I lied to her about the money."))
    assert wb.harms_of(PERSON)[0].conduct == "I lied to her about the money."
    assert [p.id for p in wb.plans_of(PERSON)] == [PLAN]


@pytest.mark.parametrize("table", ["persons", "harms", "plans"])
def test_duplicate_id_in_a_new_workbook_is_refused(table: str) -> None:
    entities = {
        "persons": [person(), person()],
        "harms": [harm(), harm()],
        "plans": [new_plan(), new_plan()],
    }
    base = {"persons": [person()], "harms": [harm()], "plans": []}
    base[table] = entities[table]
    error = workbook_error(lambda: Workbook(**base))
    assert (error.code, error.ids) == ("duplicate-id", (entities[table][0].id,))


def test_adding_an_existing_id_is_refused() -> None:
    wb = listed()
    for entity in (person(name="Other"), harm(), new_plan()):
        error = workbook_error(lambda e=entity: wb.add(e))
        assert (error.code, error.ids) == ("duplicate-id", (entity.id,))


def test_the_same_id_may_name_entities_of_different_kinds() -> None:
    wb = workbook().add(person("x"), harm("x", "x"), new_plan("x", "x", "x"))
    assert wb.person("x").id == wb.harm("x").id == wb.plan("x").id == "x"


def test_mapping_keys_must_be_the_entity_ids() -> None:
    error = workbook_error(lambda: Workbook(persons={"someone": person()}))
    assert error.code == "key-not-id"
    assert Workbook(persons={PERSON: person()}).person(PERSON) == person()


@pytest.mark.parametrize(
    ("table", "wrong"),
    [
        ("persons", harm()),
        ("harms", person()),
        ("plans", person()),
        ("persons", "person-1"),
        ("persons", {"id": PERSON, "name": "Anna"}),
    ],
)
def test_a_table_holds_its_own_kind_only(table: str, wrong: Any) -> None:
    with pytest.raises(ValidationError) as info:
        Workbook(**{table: [wrong]})
    assert (info.value.owner, info.value.field, info.value.code) == (
        "Workbook",
        table,
        "wrong-type",
    )


@pytest.mark.parametrize(
    "wrong", ["person-1", None, Outcome(OutcomeKind.RECEIVED, T(0))]
)
def test_add_and_update_take_entities_only(wrong: Any) -> None:
    wb = listed()
    for change in (wb.add, wb.update):
        with pytest.raises(ValidationError) as info:
            change(wrong)
        assert (info.value.field, info.value.code) == ("entities", "wrong-type")


def test_integrity_problems_reports_every_problem_in_order() -> None:
    problems = list(
        integrity_problems(
            [person(), person()],
            [harm(), harm("harm-2", "nobody")],
            [
                new_plan(PLAN, "nobody", HARM),
                new_plan("plan-2", PERSON, "harm-2", "harm-9"),
                new_plan("plan-2", PERSON, HARM),
            ],
        )
    )
    assert [(p.code, p.table, p.index, p.field, p.ids) for p in problems] == [
        ("duplicate-id", "persons", 1, "id", (PERSON,)),
        ("duplicate-id", "plans", 2, "id", ("plan-2",)),
        ("unknown-person", "harms", 1, "person_id", ("harm-2", "nobody")),
        ("unknown-person", "plans", 0, "person_id", (PLAN, "nobody")),
        ("harm-of-other-person", "plans", 0, "harm_ids[0]", (PLAN, HARM)),
        ("harm-of-other-person", "plans", 1, "harm_ids[0]", ("plan-2", "harm-2")),
        ("unknown-harm", "plans", 1, "harm_ids[1]", ("plan-2", "harm-9")),
    ]
    assert all(p.reason for p in problems)


def test_a_workbook_built_from_another_shares_its_tables() -> None:
    wb = listed()
    copy = Workbook(persons=wb.persons, harms=wb.harms, plans=wb.plans)
    assert copy == wb
    assert copy.persons is wb.persons


# --- immutable changes ---------------------------------------------------------------


def test_add_leaves_the_old_workbook_as_it_was() -> None:
    wb = workbook().add(person())
    bigger = wb.add(harm())
    assert list(wb.harms) == []
    assert wb.harms_of(PERSON) == ()
    assert list(bigger.harms) == [HARM]


def test_update_leaves_the_old_workbook_as_it_was() -> None:
    wb = listed()
    changed = wb.update(person(contact=ContactStatus.DECEASED))
    assert wb.person(PERSON).contact is ContactStatus.REACHABLE
    assert changed.person(PERSON).contact is ContactStatus.DECEASED
    assert wb != changed


def test_transition_leaves_the_old_workbook_as_it_was() -> None:
    wb = listed()
    moved = wb.transition(PLAN, Status.WILLING, at=T(1))
    assert wb.plan(PLAN).status is Status.LISTED
    assert len(wb.plan(PLAN).history) == 1
    assert moved.plan(PLAN).status is Status.WILLING


def test_changes_from_one_workbook_do_not_leak_into_another() -> None:
    wb = workbook().add(person())
    left = wb.add(harm("harm-a"))
    right = wb.add(harm("harm-b"))
    assert list(left.harms) == ["harm-a"]
    assert list(right.harms) == ["harm-b"]
    assert list(wb.harms) == []


def test_workbook_is_frozen() -> None:
    wb = listed()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        wb.policy = Policy()  # type: ignore[misc]
    with pytest.raises(TypeError):
        wb.persons["x"] = person("x")  # type: ignore[index]


def test_equality_ignores_clock_and_id_factory() -> None:
    a = Workbook(clock=FixedClock(T(0)), ids=SequentialIds()).add(person())
    b = Workbook(clock=FixedClock(T(9)), ids=amendskit.UuidIds()).add(person())
    assert a == b
    assert a != b.update(person(name="Other"))
    assert a != Workbook(policy=Policy({"AK02": Severity.OFF})).add(person())


def test_update_of_an_unknown_entity_is_refused() -> None:
    with pytest.raises(UnknownIdError) as info:
        listed().update(person("person-9"))
    assert (info.value.kind, info.value.ids) == ("person", ("person-9",))


def test_update_refuses_outcome_edits() -> None:
    wb = plan_in(Status.MADE)
    plan = wb.plan(PLAN)
    for outcomes in ((), (*plan.outcomes, Outcome(OutcomeKind.DECLINED, T(9)))):
        edited = attrs.evolve(plan, outcomes=outcomes)
        error = workbook_error(lambda e=edited: wb.update(e))
        assert (error.code, error.ids) == ("history-append-only", (PLAN,))
    assert wb.plan(PLAN) == plan


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("persons", None),
        ("harms", "harm-1"),
        ("plans", 7),
        ("policy", {}),
        ("clock", "now"),
        ("ids", 3),
    ],
)
def test_workbook_refuses_constructor_values_of_the_wrong_kind(
    field: str, value: object
) -> None:
    with pytest.raises(ValidationError) as refused:
        Workbook(**{field: value})  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.code) == (field, "wrong-type")


def test_update_refuses_history_edits() -> None:
    wb = plan_in(Status.WILLING)
    plan = wb.plan(PLAN)
    for history in (
        plan.history[:1],
        (*plan.history, plan.moved(Status.PREPARED, T(2)).history[-1]),
    ):
        edited = attrs.evolve(plan, history=history)
        error = workbook_error(lambda e=edited: wb.update(e))
        assert (error.code, error.ids) == ("history-append-only", (PLAN,))
    assert wb.plan(PLAN).status is Status.WILLING


def test_update_may_change_what_the_plan_holds() -> None:
    wb = replace_plan(plan_in(Status.WILLING), approach=Approach.DIRECT_LETTER)
    assert wb.plan(PLAN).approach is Approach.DIRECT_LETTER


# --- lookups -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["person", "harm", "plan"])
@pytest.mark.parametrize("bad", ["nobody", ["unhashable"], None])
def test_unknown_id_is_a_lookup_error_not_a_key_error(kind: str, bad: Any) -> None:
    wb = listed()
    with pytest.raises(UnknownIdError) as info:
        getattr(wb, kind)(bad)
    error = info.value
    assert isinstance(error, LookupError)
    assert not isinstance(error, KeyError)
    assert (error.kind, error.code) == (kind, "unknown-id")


def test_operations_on_unknown_ids_raise_unknown_id() -> None:
    wb = listed()
    outcome = Outcome(OutcomeKind.RECEIVED, T(5))
    for ask in (
        lambda: wb.transition("plan-9", Status.WILLING, at=T(1)),
        lambda: wb.record_outcome("plan-9", outcome),
        lambda: wb.invite("person-9", at=T(1)),
        lambda: wb.next_steps("plan-9", at=T(1)),
    ):
        with pytest.raises(UnknownIdError):
            ask()


def test_harms_and_plans_of_a_person_in_the_order_added() -> None:
    wb = listed().add(harm("harm-2"), new_plan("plan-2", PERSON, "harm-2", HARM))
    assert [h.id for h in wb.harms_of(PERSON)] == [HARM, "harm-2"]
    assert [p.id for p in wb.plans_of(PERSON)] == [PLAN, "plan-2"]
    assert wb.harms_of("nobody") == ()
    assert wb.plans_of("nobody") == ()


def test_declined_at_is_the_latest_refusal() -> None:
    wb = plan_in(Status.PREPARED)
    assert wb.declined_at(PERSON) is None
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.NOT_REACHED, T(3)))
    assert wb.declined_at(PERSON) is None
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.DECLINED, T(4)))
    assert wb.declined_at(PERSON) == T(4)


# --- moves -------------------------------------------------------------------------


def test_transition_takes_the_status_as_text() -> None:
    wb = listed().transition(PLAN, "willing", at=T(1), note="I am willing now")
    record = wb.plan(PLAN).history[-1]
    assert (record.to_status, record.note) == (Status.WILLING, "I am willing now")


@pytest.mark.parametrize("to", ["done", "WILLING", "", 3, None])
def test_transition_to_an_unknown_status_is_refused(to: Any) -> None:
    with pytest.raises(ValidationError) as info:
        listed().transition(PLAN, to, at=T(1))
    assert (info.value.field, info.value.code) == ("to", "unknown-status")


@pytest.mark.parametrize(
    ("at", "code"),
    [
        (dt.datetime(2024, 1, 2), "naive-datetime"),
        (dt.date(2024, 1, 2), "wrong-type"),
        ("2024-01-02T00:00:00Z", "wrong-type"),
    ],
)
def test_transition_time_must_be_aware(at: Any, code: str) -> None:
    wb = listed()
    for ask in (
        lambda: wb.transition(PLAN, Status.WILLING, at=at),
        lambda: wb.invite(PERSON, at=at),
        lambda: wb.next_steps(PLAN, at=at),
    ):
        with pytest.raises(ValidationError) as info:
            ask()
        assert (info.value.owner, info.value.field, info.value.code) == (
            "Workbook",
            "at",
            code,
        )


def test_clock_gives_the_time_when_none_is_passed() -> None:
    wb = listed()  # the clock says T(100)
    assert wb.now() == T(100)
    wb = wb.transition(PLAN, Status.WILLING)
    assert wb.plan(PLAN).last_moved_at == T(100)
    wb.clock.advance(hours=1)  # type: ignore[attr-defined]
    assert wb.invite(PERSON).person(PERSON).invited_at == T(101)


def test_clock_giving_naive_time_is_refused() -> None:
    class NaiveClock:
        def now(self) -> dt.datetime:
            return dt.datetime(2024, 1, 1)

    wb = Workbook(clock=NaiveClock())
    with pytest.raises(ValidationError) as info:
        wb.now()
    assert info.value.code == "naive-datetime"


def test_new_ids_come_from_the_id_factory() -> None:
    wb = workbook()
    assert [wb.new_id("person"), wb.new_id("person"), wb.new_id("plan")] == [
        "person-1",
        "person-2",
        "plan-1",
    ]


def test_default_workbook_uses_the_system_clock_and_random_ids() -> None:
    wb = Workbook()
    assert wb.now().utcoffset() == dt.timedelta(0)
    assert wb.new_id("plan").startswith("p-")


def test_record_outcome_takes_an_outcome() -> None:
    with pytest.raises(ValidationError) as info:
        plan_in(Status.PREPARED).record_outcome(PLAN, "received")  # type: ignore[arg-type]
    assert (info.value.field, info.value.code) == ("outcome", "wrong-type")


def test_refused_transition_changes_nothing_and_explains() -> None:
    wb = plan_in(Status.WILLING, approach=None)
    before = Workbook(
        persons=dict(wb.persons), harms=dict(wb.harms), plans=dict(wb.plans)
    )
    with pytest.raises(TransitionError) as info:
        wb.transition(PLAN, Status.PREPARED, at=T(2))
    assert wb == before
    assert [(f.code, f.plan_id, f.person_id, f.field) for f in info.value.findings] == [
        ("AK04", PLAN, PERSON, "approach")
    ]


# --- next steps ----------------------------------------------------------------------


def step_table(wb: Workbook, at: dt.datetime) -> list[tuple[Status, bool, set[str]]]:
    return [
        (s.target, s.allowed, codes(s.blockers)) for s in wb.next_steps(PLAN, at=at)
    ]


def test_next_steps_of_a_listed_plan() -> None:
    assert step_table(listed(), T(1)) == [(Status.WILLING, True, set())]
    assert step_table(listed(conduct=""), T(1)) == [(Status.WILLING, False, {"AK01"})]


def test_next_steps_of_a_willing_plan_say_what_preparation_lacks() -> None:
    wb = plan_in(Status.WILLING, approach=None, safety=None)
    assert step_table(wb, T(2)) == [(Status.PREPARED, False, {"AK04", "AK06"})]
    assert wb.allowed_transitions(PLAN, at=T(2)) == ()


def test_next_steps_of_a_prepared_plan_include_outcome_moves() -> None:
    wb = plan_in(Status.PREPARED)
    assert step_table(wb, T(3)) == [
        (Status.WILLING, True, set()),
        (Status.MADE, True, set()),
        (Status.DECLINED, True, set()),
    ]
    steps = {s.target: s for s in wb.next_steps(PLAN, at=T(3))}
    assert steps[Status.MADE].transition.name == "make"
    assert wb.plan(PLAN).outcomes == ()  # only judged, never recorded


def test_outcome_steps_dated_before_preparation_are_blocked() -> None:
    wb = plan_in(Status.PREPARED)  # prepared at T(2)
    assert step_table(wb, T(1)) == [
        (Status.WILLING, False, {"LC02"}),
        (Status.MADE, False, {"AK14"}),
        (Status.DECLINED, False, {"AK14"}),
    ]


def test_next_steps_use_the_clock_when_no_time_is_given() -> None:
    wb = plan_in(Status.PREPARED)
    assert wb.allowed_transitions(PLAN) == (
        Status.WILLING,
        Status.MADE,
        Status.DECLINED,
    )


@pytest.mark.parametrize("status", [Status.MADE, Status.DECLINED])
def test_next_step_after_the_outcome_is_living_amends(status: Status) -> None:
    wb = plan_in(status)
    assert step_table(wb, T(4)) == [(Status.LIVING, True, set())]
    bare = replace_plan(wb, commitments=())
    assert step_table(bare, T(4)) == [(Status.LIVING, False, {"AK19"})]


def test_living_amends_have_no_next_step() -> None:
    wb = plan_in(Status.LIVING)
    assert wb.next_steps(PLAN, at=T(5)) == ()
    assert wb.allowed_transitions(PLAN, at=T(5)) == ()


def test_next_step_warnings_do_not_block() -> None:
    wb = plan_in(
        Status.WILLING, approach=None, policy=Policy({"AK04": Severity.WARNING})
    )
    (step,) = wb.next_steps(PLAN, at=T(2))
    assert step.allowed
    assert step.blockers == ()
    assert codes(step.findings) == {"AK04"}


# --- declined person: no forcing, until invited ----------------------------------


def test_declined_person_gets_no_contact_until_invited() -> None:
    wb = plan_in(Status.PREPARED)
    wb = wb.record_outcome(PLAN, Outcome(OutcomeKind.DECLINED, T(3), "Not now."))
    assert wb.plan(PLAN).status is Status.DECLINED
    wb = wb.add(harm("harm-2"), new_plan("plan-2", PERSON, "harm-2", **ready()))
    wb = wb.transition("plan-2", Status.WILLING, at=T(4))
    with pytest.raises(TransitionError) as info:
        wb.transition("plan-2", Status.PREPARED, at=T(5))
    assert codes(info.value.findings) == {"AK16"}
    steps = wb.next_steps("plan-2", at=T(5))
    assert codes(steps[0].blockers) == {"AK16"}

    invited = wb.invite(PERSON, at=T(6))
    assert invited.person(PERSON).invited_at == T(6)
    prepared = invited.transition("plan-2", Status.PREPARED, at=T(7))
    assert prepared.plan("plan-2").status is Status.PREPARED


def test_declined_person_may_still_get_living_amends() -> None:
    wb = plan_in(Status.DECLINED)
    wb = wb.add(
        harm("harm-2"),
        new_plan("plan-2", PERSON, "harm-2", **ready(approach=Approach.LIVING_AMENDS)),
    )
    wb = wb.transition("plan-2", Status.WILLING, at=T(4))
    wb = wb.transition("plan-2", Status.PREPARED, at=T(5))
    assert wb.plan("plan-2").status is Status.PREPARED
    assert wb.transition(PLAN, Status.LIVING, at=T(6)).plan(PLAN).status is (
        Status.LIVING
    )


# --- summary and check -----------------------------------------------------------


def test_summary_counts_every_status_and_who_has_no_plan() -> None:
    wb = plan_in(Status.MADE).add(
        person("person-2", name="Boss"),
        person("person-3", name="Landlord"),
        harm("harm-3", "person-3"),
        new_plan("plan-3", "person-3", "harm-3"),
        new_plan("plan-4", "person-3", "harm-3"),
    )
    summary = wb.summary()
    assert dict(summary.by_status) == {
        Status.LISTED: 2,
        Status.WILLING: 0,
        Status.PREPARED: 0,
        Status.MADE: 1,
        Status.DECLINED: 0,
        Status.LIVING: 0,
    }
    assert (summary.persons, summary.plans) == (3, 3)
    assert summary.persons_without_plans == ("person-2",)


def test_summary_of_an_empty_workbook() -> None:
    summary = workbook().summary()
    assert set(summary.by_status.values()) == {0}
    assert list(summary.by_status) == list(Status)
    assert (summary.persons, summary.plans, summary.persons_without_plans) == (0, 0, ())


def test_workbook_check_is_amendskit_check() -> None:
    wb = plan_in(Status.WILLING).add(person("person-2", name="Boss"))
    wb = wb.update(harm(conduct=""))
    assert wb.check() == amendskit.check(wb)
    assert codes(wb.check()) == {"AK01", "AK02"}
    relaxed = Policy({"AK01": Severity.OFF})
    assert wb.check(relaxed) == amendskit.check(wb, relaxed)
    assert codes(wb.check(relaxed)) == {"AK02"}


def test_a_person_whose_only_plan_moved_to_someone_else_has_no_plan() -> None:
    wb = plan_in(Status.LISTED)
    other = amendskit.Person(id="person-other", name="Ben")
    wb = wb.add(other, harm(id="harm-other", person_id=other.id))
    moved = attrs.evolve(wb.plan(PLAN), person_id=other.id, harm_ids=("harm-other",))
    wb = wb.update(moved)
    assert wb.plans_of(PERSON) == ()
    assert PERSON in wb.summary().persons_without_plans
    assert other.id not in wb.summary().persons_without_plans


def test_tables_of_another_workbook_are_checked_for_their_kind() -> None:
    wb = plan_in(Status.LISTED)
    assert Workbook(persons=wb.persons, harms=wb.harms, plans=wb.plans) == wb
    with pytest.raises(ValidationError) as refused:
        Workbook(persons=wb.harms)  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.code) == ("persons", "wrong-type")
    assert len(wb.plans.values()) == 1
    assert list(wb.plans.values()) == [wb.plan(PLAN)]
