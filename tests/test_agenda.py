"""The agenda: every dated thing of a workbook in a window, in order."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from dateutil import tz
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from amendskit import (
    AmendPlan,
    CheckIn,
    Commitment,
    Deferral,
    DeferralReason,
    Harm,
    HarmKind,
    Money,
    Outcome,
    OutcomeKind,
    Payment,
    Person,
    Restitution,
    RestitutionKind,
    ValidationError,
    Workbook,
    dumps,
    json_schema,
    loads,
)
from amendskit.agenda import AgendaItem, AgendaKind, agenda
from amendskit.dates import Interval, IntervalUnit
from amendskit.preparation import FollowUp, FollowUpAnchor
from amendskit.restitution import PaymentPlan

BERLIN = tz.gettz("Europe/Berlin")
NEW_YORK = tz.gettz("America/New_York")
UTC = dt.UTC
SECRET = "Anna's secret, never to be shown"
JUNE = (dt.datetime(2024, 6, 1, tzinfo=BERLIN), dt.datetime(2024, 7, 1, tzinfo=BERLIN))
LISTED = dt.datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def two_weeks() -> Interval:
    return Interval(2, IntervalUnit.WEEKS)


def new_plan(id: str, person_id: str, **fields: Any) -> AmendPlan:
    return AmendPlan.new(
        id=id, person_id=person_id, harm_ids=(f"harm-{id}",), at=LISTED, **fields
    )


def workbook(*plans: AmendPlan) -> Workbook:
    persons = {p.person_id for p in plans}
    return Workbook(
        persons=[Person(id=p, name=SECRET) for p in sorted(persons)],
        harms=[
            Harm(
                id=f"harm-{p.id}",
                person_id=p.person_id,
                kinds=(HarmKind.FINANCIAL,),
                conduct=SECRET,
            )
            for p in plans
        ],
        plans=plans,
    )


def full_plan(id: str = "plan-a", person_id: str = "person-1") -> AmendPlan:
    """A plan with one of every dated thing, in June 2024 (Berlin)."""
    return new_plan(
        id,
        person_id,
        notes=SECRET,
        meeting_at=dt.datetime(2024, 6, 10, 18, 0, tzinfo=BERLIN),
        follow_ups=(
            FollowUp(FollowUpAnchor.MEETING, two_weeks(), note=SECRET),
            FollowUp(FollowUpAnchor.OUTCOME, Interval(1, IntervalUnit.MONTHS)),
        ),
        restitution=Restitution(
            RestitutionKind.PAYMENT_PLAN,
            eur("100.00"),
            payments=[Payment(eur("40.00"), dt.date(2024, 6, 1), notes=SECRET)],
            payment_plan=PaymentPlan(
                eur("33.34"), Interval(1, IntervalUnit.MONTHS), dt.date(2024, 6, 1)
            ),
            notes=SECRET,
        ),
        deferral=Deferral(
            DeferralReason.ADVISED_BY_SPONSOR, dt.date(2024, 6, 15), notes=SECRET
        ),
        commitments=(
            Commitment(
                "commitment-1",
                SECRET,
                "FREQ=WEEKLY;BYDAY=SU",
                dt.datetime(2024, 6, 2, 19, 0, tzinfo=BERLIN),
                check_ins=[CheckIn(dt.date(2024, 6, 2), True, notes=SECRET)],
                time_zone="Europe/Berlin",
            ),
        ),
    )


def listing(items: tuple[AgendaItem, ...]) -> list[tuple[str, str, str]]:
    return [(i.day.isoformat(), i.kind.value, i.plan_id) for i in items]


# --- what is on it -----------------------------------------------------------------


def test_the_agenda_lists_every_dated_thing_in_time_order() -> None:
    items = agenda(workbook(full_plan()), *JUNE)
    assert listing(items) == [
        ("2024-06-02", "commitment", "plan-a"),
        ("2024-06-09", "commitment", "plan-a"),
        ("2024-06-10", "meeting", "plan-a"),
        ("2024-06-15", "deferral_review", "plan-a"),
        ("2024-06-16", "commitment", "plan-a"),
        ("2024-06-23", "commitment", "plan-a"),
        ("2024-06-24", "follow_up", "plan-a"),
        ("2024-06-30", "commitment", "plan-a"),
    ]
    meeting = items[2]
    assert meeting.at == dt.datetime(2024, 6, 10, 18, 0, tzinfo=BERLIN)
    assert not meeting.all_day
    assert meeting.person_id == "person-1"
    assert meeting.amount is None


def test_instalments_are_what_is_still_to_pay() -> None:
    items = agenda(
        workbook(full_plan()),
        dt.datetime(2024, 6, 1, tzinfo=BERLIN),
        dt.datetime(2024, 9, 1, tzinfo=BERLIN),
    )
    instalments = [i for i in items if i.kind is AgendaKind.INSTALMENT]
    # 40.00 paid on 1 June covers the first (33.34) and 6.66 of the second
    assert [(i.day, i.amount, i.ref) for i in instalments] == [
        (dt.date(2024, 7, 1), eur("26.68"), "2"),
        (dt.date(2024, 8, 1), eur("33.32"), "3"),
    ]
    assert all(i.all_day and i.summary == "Instalment due" for i in instalments)


def test_all_day_items_stand_at_midnight_of_the_window_s_time_zone() -> None:
    start = dt.datetime(2024, 6, 1, tzinfo=NEW_YORK)
    items = agenda(workbook(full_plan()), start, start + dt.timedelta(days=30))
    review = next(i for i in items if i.kind is AgendaKind.DEFERRAL_REVIEW)
    assert review.at == dt.datetime(2024, 6, 15, tzinfo=NEW_YORK)
    assert review.day == dt.date(2024, 6, 15)
    assert review.all_day


@pytest.mark.parametrize(
    ("zone", "included"),
    [(BERLIN, True), (NEW_YORK, True), (tz.gettz("Pacific/Auckland"), True)],
)
def test_an_all_day_item_counts_on_its_own_day_in_any_zone(
    zone: dt.tzinfo, included: bool
) -> None:
    start = dt.datetime(2024, 6, 15, tzinfo=zone)
    items = agenda(workbook(full_plan()), start, start + dt.timedelta(days=1))
    kinds = [i.kind for i in items]
    assert (AgendaKind.DEFERRAL_REVIEW in kinds) is included
    before = agenda(workbook(full_plan()), start - dt.timedelta(days=1), start)
    assert AgendaKind.DEFERRAL_REVIEW not in [i.kind for i in before]


def test_items_at_the_same_time_go_by_kind_then_plan_id() -> None:
    at = dt.datetime(2024, 6, 2, 19, 0, tzinfo=BERLIN)  # a commitment's first time
    plans = [
        attrs.evolve(full_plan("plan-c", "person-3"), meeting_at=at),
        attrs.evolve(full_plan("plan-b", "person-2"), meeting_at=at),
    ]
    items = agenda(workbook(*plans), at, at + dt.timedelta(minutes=1))
    assert [(i.kind.value, i.plan_id) for i in items] == [
        ("meeting", "plan-b"),
        ("meeting", "plan-c"),
        ("commitment", "plan-b"),
        ("commitment", "plan-c"),
    ]


def test_times_in_different_zones_are_ordered_by_the_instant() -> None:
    early = new_plan(
        "plan-z", "person-1", meeting_at=dt.datetime(2024, 6, 10, 13, tzinfo=NEW_YORK)
    )
    late = new_plan(
        "plan-a", "person-2", meeting_at=dt.datetime(2024, 6, 10, 19, tzinfo=BERLIN)
    )
    # 19:00 Berlin is 17:00 UTC, 13:00 New York is 17:00 UTC too: ids decide
    items = agenda(workbook(early, late), *JUNE)
    assert [i.plan_id for i in items] == ["plan-a", "plan-z"]
    later = attrs.evolve(
        late, meeting_at=dt.datetime(2024, 6, 10, 19, 1, tzinfo=BERLIN)
    )
    items = agenda(workbook(early, later), *JUNE)
    assert [i.plan_id for i in items] == ["plan-z", "plan-a"]


def test_the_window_is_half_open() -> None:
    at = dt.datetime(2024, 6, 10, 18, 0, tzinfo=BERLIN)
    wb = workbook(new_plan("plan-a", "person-1", meeting_at=at))
    assert len(agenda(wb, at, at + dt.timedelta(seconds=1))) == 1
    assert agenda(wb, at - dt.timedelta(hours=1), at) == ()
    assert agenda(wb, at, at) == ()


def test_a_follow_up_after_an_outcome_counts_from_the_latest_outcome() -> None:
    outcomes = (
        Outcome(OutcomeKind.NOT_REACHED, dt.datetime(2024, 5, 2, 10, tzinfo=UTC)),
        Outcome(
            OutcomeKind.RECEIVED, dt.datetime(2024, 5, 20, 23, 30, tzinfo=NEW_YORK)
        ),
    )
    p = attrs.evolve(full_plan(), outcomes=outcomes)
    follow_up = p.follow_ups[1]
    # the outcome's own day (in New York), one month on
    assert p.follow_up_on(follow_up) == dt.date(2024, 6, 20)
    items = agenda(workbook(p), *JUNE)
    follow = [i for i in items if i.kind is AgendaKind.FOLLOW_UP]
    assert [(i.day, i.ref) for i in follow] == [
        (dt.date(2024, 6, 20), "1"),
        (dt.date(2024, 6, 24), "0"),
    ]


def test_a_follow_up_waits_for_its_anchor() -> None:
    p = attrs.evolve(full_plan(), meeting_at=None)
    assert p.follow_up_on(p.follow_ups[0]) is None
    assert p.follow_up_on(p.follow_ups[1]) is None
    assert AgendaKind.FOLLOW_UP not in [i.kind for i in agenda(workbook(p), *JUNE)]


def test_a_follow_up_past_the_calendar_s_end_has_no_day() -> None:
    last = dt.datetime(9999, 12, 20, tzinfo=UTC)
    p = new_plan(
        "plan-a",
        "person-1",
        meeting_at=last,
        follow_ups=(
            FollowUp(FollowUpAnchor.MEETING, Interval(1, IntervalUnit.MONTHS)),
        ),
    )
    assert p.follow_up_on(p.follow_ups[0]) is None
    # The agenda of so late a window is refused rather than overflowing.
    with pytest.raises(ValidationError) as caught:
        agenda(workbook(p), last, dt.datetime.max.replace(tzinfo=UTC))
    assert caught.value.code == "out-of-range"


def test_a_deferral_without_a_review_date_is_not_on_the_agenda() -> None:
    p = attrs.evolve(full_plan(), deferral=Deferral(DeferralReason.LEGAL_ADVICE))
    assert AgendaKind.DEFERRAL_REVIEW not in [
        i.kind for i in agenda(workbook(p), *JUNE)
    ]


def test_a_plan_with_nothing_dated_and_an_empty_workbook_have_nothing_due() -> None:
    assert agenda(workbook(new_plan("plan-a", "person-1")), *JUNE) == ()
    assert agenda(Workbook(), *JUNE) == ()


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (dt.datetime(2024, 6, 1), JUNE[1], "naive-datetime"),
        (JUNE[0], dt.date(2024, 7, 1), "wrong-type"),
        (JUNE[1], JUNE[0], "end-before-start"),
        (dt.datetime(1, 12, 31, tzinfo=dt.UTC), JUNE[1], "out-of-range"),
        (JUNE[0], dt.datetime(9999, 12, 31, tzinfo=dt.UTC), "out-of-range"),
    ],
)
def test_the_window_is_checked(start: Any, end: Any, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        agenda(Workbook(), start, end)
    assert (caught.value.owner, caught.value.code) == ("agenda", code)


# --- what an item says ---------------------------------------------------------------


def test_summaries_are_generic_and_nothing_a_person_wrote_is_on_the_agenda() -> None:
    items = agenda(workbook(full_plan()), JUNE[0], JUNE[0] + dt.timedelta(days=90))
    assert {i.kind for i in items} == set(AgendaKind)
    assert {i.summary for i in items} == {k.summary for k in AgendaKind}
    for item in items:
        assert item.summary == item.kind.summary
        assert SECRET not in repr(item)
        assert "secret" not in item.uid


def test_every_kind_has_its_own_summary() -> None:
    assert {k: k.summary for k in AgendaKind} == {
        AgendaKind.MEETING: "Amends meeting",
        AgendaKind.INSTALMENT: "Instalment due",
        AgendaKind.DEFERRAL_REVIEW: "Deferral review",
        AgendaKind.FOLLOW_UP: "Follow-up",
        AgendaKind.COMMITMENT: "Commitment",
    }


def test_an_item_s_day_defaults_to_the_day_of_its_time() -> None:
    at = dt.datetime(2024, 6, 10, 0, 30, tzinfo=BERLIN)
    item = AgendaItem(at, AgendaKind.MEETING, "plan-a", "person-1", "Amends meeting")
    assert item.day == dt.date(2024, 6, 10)
    assert (item.all_day, item.amount, item.ref) == (False, None, "")


def test_uids_are_stable_and_tell_items_apart() -> None:
    wb = workbook(full_plan("plan-a", "person-1"), full_plan("plan-a-1", "person-2"))
    window = (JUNE[0], JUNE[0] + dt.timedelta(days=120))
    first, again = agenda(wb, *window), agenda(wb, *window)
    assert [i.uid for i in first] == [i.uid for i in again]
    assert len({i.uid for i in first}) == len(first)
    by_kind = {i.kind: i.uid for i in first if i.plan_id == "plan-a"}
    assert by_kind[AgendaKind.MEETING] == "meeting/plan-a//20240610T160000Z@amendskit"
    assert (
        by_kind[AgendaKind.DEFERRAL_REVIEW]
        == "deferral_review/plan-a//20240615@amendskit"
    )


def test_uids_of_ids_with_separators_cannot_collide() -> None:
    at = dt.datetime(2024, 6, 2, 17, tzinfo=UTC)

    def uid(plan_id: str, ref: str) -> str:
        return AgendaItem(
            at, AgendaKind.COMMITMENT, plan_id, "p", "Commitment", ref=ref
        ).uid

    assert uid("a/b", "c") != uid("a", "b/c")
    assert uid("p@x", "c") == "commitment/p%40x/c/20240602T170000Z@amendskit"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("at", dt.datetime(2024, 6, 1), "naive-datetime"),
        ("kind", "meeting", "wrong-type"),
        ("plan_id", "plan a", "bad-id"),
        ("summary", " ", "blank"),
        ("amount", Decimal(1), "wrong-type"),
        ("all_day", 1, "wrong-type"),
        ("day", dt.datetime(2024, 6, 1, tzinfo=UTC), "wrong-type"),
    ],
)
def test_an_agenda_item_checks_its_fields(field: str, value: Any, code: str) -> None:
    fields: dict[str, Any] = {
        "at": dt.datetime(2024, 6, 1, tzinfo=UTC),
        "kind": AgendaKind.MEETING,
        "plan_id": "plan-a",
        "person_id": "person-1",
        "summary": "Amends meeting",
    }
    with pytest.raises(ValidationError) as caught:
        AgendaItem(**{**fields, field: value})
    assert (caught.value.field, caught.value.code) == (field, code)


# --- the new fields are part of the document ------------------------------------


def test_meetings_follow_ups_and_payment_plans_survive_a_round_trip() -> None:
    wb = workbook(full_plan())
    text = dumps(wb)
    assert loads(text) == wb
    document = json.loads(text)
    errors = list(Draft202012Validator(json_schema()).iter_errors(document))
    assert errors == []
    plan = document["plans"][0]
    assert plan["meeting_at"] == "2024-06-10T18:00:00+02:00"
    assert plan["follow_ups"][0] == {
        "after": "meeting",
        "offset": {"count": 2, "unit": "weeks"},
        "note": SECRET,
    }


def test_the_schema_describes_the_new_fields() -> None:
    defs = json_schema()["$defs"]
    assert {"meeting_at", "follow_ups"} <= set(defs["AmendPlan"]["required"])
    assert "payment_plan" in defs["Restitution"]["required"]
    assert defs["FollowUpAnchor"]["enum"] == ["meeting", "outcome"]
    assert defs["PaymentPlan"]["required"] == ["instalment", "every", "start"]


# --- a property ------------------------------------------------------------------

ZONES = [UTC, BERLIN, NEW_YORK, tz.gettz("Asia/Kolkata")]


@given(
    st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2025, 6, 1)),
    st.integers(0, 120),
    st.sampled_from(ZONES),
)
def test_any_window_holds_the_items_of_its_parts(
    start: dt.datetime, days: int, zone: dt.tzinfo
) -> None:
    wb = workbook(full_plan(), full_plan("plan-b", "person-2"))
    lo = start.replace(tzinfo=zone)
    mid = lo + dt.timedelta(days=days // 2)
    hi = lo + dt.timedelta(days=days)
    whole = agenda(wb, lo, hi)
    assert [i.uid for i in whole] == [
        i.uid for i in agenda(wb, lo, mid) + agenda(wb, mid, hi)
    ]
    keys = [
        (i.at.astimezone(UTC), list(AgendaKind).index(i.kind), i.plan_id) for i in whole
    ]
    assert keys == sorted(keys)


def test_a_workbook_gives_its_own_agenda() -> None:
    from amendskit.demo import build_demo

    wb = build_demo()
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    items = wb.agenda(start, end)
    assert items == agenda(wb, start, end)
    assert items, "the demo has dated things in 2024"
