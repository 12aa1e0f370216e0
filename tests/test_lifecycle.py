"""The lifecycle of an amend plan (domain.md, "The lifecycle of an amend plan")."""

from __future__ import annotations

import itertools
from typing import Any

import attrs
import pytest

from amendskit import (
    TRANSITIONS,
    AmendPlan,
    HistoryRecord,
    Outcome,
    Status,
    Transition,
    TransitionError,
    Trigger,
    ValidationError,
    find_transition,
    mermaid_diagram,
    transitions_from,
)
from amendskit.lifecycle import guards_of, transitions_into
from builders import OUTCOME_FOR, PLAN, T, codes, plan_in

# The diagram of domain.md, edge by edge ("[*]" is the start).
DOMAIN_EDGES = {
    (None, Status.LISTED),
    (Status.LISTED, Status.WILLING),
    (Status.WILLING, Status.PREPARED),
    (Status.PREPARED, Status.WILLING),
    (Status.PREPARED, Status.MADE),
    (Status.PREPARED, Status.DECLINED),
    (Status.MADE, Status.LIVING),
    (Status.DECLINED, Status.LIVING),
}
# Where each status is entered from in `plan_in`, so the move comes next at T(n).
NEXT_HOUR = {
    Status.LISTED: 1,
    Status.WILLING: 2,
    Status.PREPARED: 3,
    Status.MADE: 4,
    Status.DECLINED: 4,
    Status.LIVING: 5,
}


def test_the_table_is_the_lifecycle_of_the_domain() -> None:
    assert {(t.source, t.target) for t in TRANSITIONS} == DOMAIN_EDGES
    assert len(TRANSITIONS) == len(DOMAIN_EDGES)


def test_only_the_listing_starts_a_plan() -> None:
    (first,) = (t for t in TRANSITIONS if t.source is None)
    assert (first.target, first.trigger, first.name) == (
        Status.LISTED,
        Trigger.LIST,
        "list",
    )


def test_outcomes_trigger_made_and_declined_only() -> None:
    by_outcome = {t.target for t in TRANSITIONS if t.trigger is Trigger.OUTCOME}
    assert by_outcome == {Status.MADE, Status.DECLINED}
    assert set(OUTCOME_FOR) == by_outcome


def test_there_is_no_done_living_amends_continue() -> None:
    assert transitions_from(Status.LIVING) == ()
    assert all(transitions_from(s) for s in Status if s is not Status.LIVING)


def test_every_transition_is_documented() -> None:
    for t in TRANSITIONS:
        assert t.doc.strip()
        assert t.name.isidentifier()


def test_find_transition() -> None:
    revise = find_transition(Status.PREPARED, Status.WILLING)
    assert revise is not None
    assert (revise.name, revise.trigger) == ("revise", Trigger.MANUAL)
    assert find_transition(None, Status.LISTED) is TRANSITIONS[0]
    assert find_transition(Status.LIVING, Status.MADE) is None
    assert find_transition(Status.LISTED, Status.LISTED) is None
    assert find_transition(None, Status.WILLING) is None


def test_transitions_from_keep_table_order() -> None:
    assert [t.target for t in transitions_from(Status.PREPARED)] == [
        Status.WILLING,
        Status.MADE,
        Status.DECLINED,
    ]
    assert [t.target for t in transitions_from(Status.LISTED)] == [Status.WILLING]


def test_transitions_into_and_guards_of() -> None:
    assert [t.source for t in transitions_into(Status.LIVING)] == [
        Status.MADE,
        Status.DECLINED,
    ]
    into_willing = [t.name for t in transitions_into(Status.WILLING)]
    assert into_willing == ["become_willing", "revise"]
    # The union of the guards of every move in, each code once, in table order.
    assert guards_of(Status.WILLING) == ("AK01", "AK13")
    assert guards_of(Status.LIVING) == ("AK19", "AK18")
    for status in Status:
        expected = {c for t in transitions_into(status) for c in t.guards}
        assert set(guards_of(status)) == expected
        assert len(guards_of(status)) == len(expected)


def test_mermaid_diagram_has_one_edge_per_transition() -> None:
    diagram = mermaid_diagram()
    lines = diagram.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert diagram.endswith("\n")
    edges = [line.strip() for line in lines[1:]]
    assert len(edges) == len(TRANSITIONS)
    parsed = set()
    for edge in edges:
        source_text, rest = edge.split(" --> ")
        target_text, _, label = rest.partition(": ")
        source = None if source_text == "[*]" else Status(source_text)
        transition = find_transition(source, Status(target_text))
        assert transition is not None
        assert label == ("" if transition.trigger is Trigger.LIST else transition.name)
        parsed.add((source, transition.target))
    assert parsed == DOMAIN_EDGES
    assert "    prepared --> willing: revise" in lines


# --- the whole matrix --------------------------------------------------------------


def apply(wb: Any, target: Status, at: Any) -> Any:
    """Ask for the move the way the lifecycle says it is made."""
    if find_transition(wb.plan(PLAN).status, target) and target in OUTCOME_FOR:
        return wb.record_outcome(PLAN, Outcome(OUTCOME_FOR[target], at))
    return wb.transition(PLAN, target, at=at)


@pytest.mark.parametrize(
    ("source", "target"),
    list(itertools.product(Status, Status)),
    ids=lambda s: s.value,
)
def test_transition_matrix(source: Status, target: Status) -> None:
    wb = plan_in(source)
    at = T(NEXT_HOUR[source])
    if find_transition(source, target) is not None:
        moved = apply(wb, target, at)
        plan = moved.plan(PLAN)
        assert plan.status is target
        assert plan.history[-1] == HistoryRecord(
            len(wb.plan(PLAN).history) + 1, source, target, at
        )
        assert [f for f in moved.check() if f.blocking] == []
    else:
        with pytest.raises(TransitionError) as info:
            wb.transition(PLAN, target, at=at)
        assert codes(info.value.findings) == {"LC01"}
        assert (info.value.from_status, info.value.to_status) == (source, target)
    assert wb.plan(PLAN).status is source


@pytest.mark.parametrize("target", sorted(OUTCOME_FOR))
def test_outcome_moves_are_not_made_by_hand(target: Status) -> None:
    wb = plan_in(Status.PREPARED)
    with pytest.raises(TransitionError) as info:
        wb.transition(PLAN, target, at=T(3))
    assert codes(info.value.findings) == {"AK15"}


@pytest.mark.parametrize("status", list(Status))
def test_allowed_transitions_of_a_plan_that_meets_every_rule(status: Status) -> None:
    wb = plan_in(status)
    expected = tuple(t.target for t in transitions_from(status))
    assert wb.allowed_transitions(PLAN, at=T(NEXT_HOUR[status])) == expected


# --- history validation ------------------------------------------------------------


def record(
    seq: int, source: Status | None, target: Status, hour: float
) -> HistoryRecord:
    return HistoryRecord(seq, source, target, T(hour))


VALID = (
    record(1, None, Status.LISTED, 0),
    record(2, Status.LISTED, Status.WILLING, 1),
    record(3, Status.WILLING, Status.PREPARED, 2),
)


def plan_with(history: Any) -> AmendPlan:
    return AmendPlan(id=PLAN, person_id="p", harm_ids=("h",), history=history)


def history_error(history: Any) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        plan_with(history)
    assert (info.value.owner, info.value.field) == ("AmendPlan", "history")
    return info.value


def test_a_lifecycle_path_is_a_valid_history() -> None:
    plan = plan_with(list(VALID))
    assert plan.history == VALID
    assert plan.status is Status.PREPARED
    assert plan.last_moved_at == T(2)
    assert plan.entered(Status.WILLING) == T(1)
    assert plan.entered(Status.MADE) is None


def test_entered_finds_the_latest_entry() -> None:
    plan = plan_with(
        (
            *VALID,
            record(4, Status.PREPARED, Status.WILLING, 3),
            record(5, Status.WILLING, Status.PREPARED, 4),
        )
    )
    assert plan.entered(Status.PREPARED) == T(4)


def test_history_with_a_gap_is_refused() -> None:
    gap = (VALID[0], VALID[1], attrs.evolve(VALID[2], seq=4))
    assert history_error(gap).code == "history-gap"


def test_history_not_counting_from_one_is_refused() -> None:
    assert history_error((attrs.evolve(VALID[0], seq=0),)).code == "history-gap"


def test_history_with_a_broken_chain_is_refused() -> None:
    broken = (VALID[0], record(2, Status.WILLING, Status.PREPARED, 1))
    assert history_error(broken).code == "history-broken"


def test_history_not_starting_from_nothing_is_refused() -> None:
    first = attrs.evolve(VALID[1], seq=1)  # listed -> willing, with no listing
    assert history_error((first,)).code == "history-broken"


def test_history_with_a_move_the_lifecycle_does_not_allow_is_refused() -> None:
    skipped = (VALID[0], record(2, Status.LISTED, Status.MADE, 1))
    assert history_error(skipped).code == "history-not-allowed"


def test_history_starting_past_listed_is_refused() -> None:
    assert (
        history_error((record(1, None, Status.WILLING, 0),)).code
        == "history-not-allowed"
    )


def test_history_going_back_in_time_is_refused() -> None:
    backwards = (VALID[0], VALID[1], record(3, Status.WILLING, Status.PREPARED, 0.5))
    assert history_error(backwards).code == "history-backwards"


def test_history_records_at_the_same_instant_are_allowed() -> None:
    same = (VALID[0], record(2, Status.LISTED, Status.WILLING, 0))
    assert plan_with(same).status is Status.WILLING


@pytest.mark.parametrize(
    ("history", "code"),
    [((), "empty"), ("listed", "wrong-type"), ((VALID[0], "x"), "wrong-type")],
    ids=["empty", "text", "not-a-record"],
)
def test_history_must_be_records(history: Any, code: str) -> None:
    assert history_error(history).code == code


def test_moved_appends_a_record_and_keeps_the_original() -> None:
    plan = plan_with(VALID[:2])
    moved = plan.moved(Status.PREPARED, T(5), "ready")
    assert moved.history == (
        *VALID[:2],
        HistoryRecord(3, Status.WILLING, Status.PREPARED, T(5), "ready"),
    )
    assert plan.history == VALID[:2]


def test_new_plan_is_listed_with_one_record() -> None:
    plan = AmendPlan.new(id=PLAN, person_id="p", harm_ids=["h"], at=T(0), note="n")
    assert plan.history == (HistoryRecord(1, None, Status.LISTED, T(0), "n"),)
    assert plan.harm_ids == ("h",)


def test_transition_records_are_data() -> None:
    assert all(isinstance(t, Transition) for t in TRANSITIONS)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        TRANSITIONS[0].name = "other"  # type: ignore[misc]
