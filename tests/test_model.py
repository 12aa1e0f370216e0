"""Structural validation of every value type and entity of the model.

Wrong structure is refused with a `ValidationError` that names the owner,
the field and a stable code, and never repeats the offending value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import amendskit
from amendskit import (
    AmendPlan,
    AmendsError,
    Approach,
    CheckIn,
    Clock,
    Commitment,
    Consent,
    ContactStatus,
    Deferral,
    DeferralReason,
    FixedClock,
    Harm,
    HarmKind,
    HistoryRecord,
    IdFactory,
    Money,
    Outcome,
    OutcomeKind,
    PartialDate,
    Payment,
    Person,
    RepairAction,
    RepairKind,
    Restitution,
    RestitutionKind,
    Review,
    ReviewDecision,
    ReviewerRole,
    SafetyAssessment,
    Sensitivity,
    SequentialIds,
    Status,
    SystemClock,
    TransitionError,
    UnknownIdError,
    UuidIds,
    ValidationError,
    WorkbookError,
    minor_units,
    sensitivity_of,
)
from amendskit import _validation as v
from amendskit.money import _decimal_places
from builders import T0, commitment, eur, harm, person
from strategies import partial_dates, plans

CANARY = "CANARY-7f3a-secret"
NAIVE = dt.datetime(2024, 1, 1, 9, 0)


def refused(build: Callable[[], object]) -> ValidationError:
    """The `ValidationError` `build` raises; its message must not echo text."""
    with pytest.raises(ValidationError) as info:
        build()
    error = info.value
    assert isinstance(error, AmendsError)
    assert isinstance(error, ValueError)
    assert str(error) == f"{error.owner}.{error.field}: {error.reason} [{error.code}]"
    assert CANARY not in str(error)
    assert CANARY not in repr(error)
    return error


def where(error: ValidationError) -> tuple[str, str, str]:
    return (error.owner, error.field, error.code)


# --- wrong types -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        # bool where int
        (lambda: PartialDate(True), ("PartialDate", "year", "wrong-type")),
        (lambda: PartialDate(2019, True), ("PartialDate", "month", "wrong-type")),
        (lambda: PartialDate(2019, 1, True), ("PartialDate", "day", "wrong-type")),
        (
            lambda: HistoryRecord(True, None, Status.LISTED, T0),
            ("HistoryRecord", "seq", "wrong-type"),
        ),
        # int where bool
        (
            lambda: Person(id="p", name="n", institution=1),
            ("Person", "institution", "wrong-type"),
        ),
        (
            lambda: SafetyAssessment(would_injure=0),
            ("SafetyAssessment", "would_injure", "wrong-type"),
        ),
        (lambda: CheckIn(dt.date(2024, 1, 1), 1), ("CheckIn", "kept", "wrong-type")),
        # str where enum, even when it is the enum's value
        (
            lambda: Person(id="p", name="n", contact="reachable"),
            ("Person", "contact", "wrong-type"),
        ),
        (lambda: harm(kinds=("physical",)), ("Harm", "kinds", "wrong-type")),
        (lambda: harm(intent="intended"), ("Harm", "intent", "wrong-type")),
        (lambda: harm(period="in_recovery"), ("Harm", "period", "wrong-type")),
        (
            lambda: Review("Sam", "sponsor", T0, ReviewDecision.PROCEED),
            ("Review", "role", "wrong-type"),
        ),
        (
            lambda: Review("Sam", ReviewerRole.SPONSOR, T0, "proceed"),
            ("Review", "decision", "wrong-type"),
        ),
        (lambda: RepairAction("service"), ("RepairAction", "kind", "wrong-type")),
        (lambda: Deferral("fear"), ("Deferral", "reason", "wrong-type")),
        (lambda: Outcome("received", T0), ("Outcome", "kind", "wrong-type")),
        (
            lambda: Restitution("full", eur("1.00")),
            ("Restitution", "kind", "wrong-type"),
        ),
        (
            lambda: HistoryRecord(1, None, "listed", T0),
            ("HistoryRecord", "to_status", "wrong-type"),
        ),
        (
            lambda: HistoryRecord(2, "listed", Status.WILLING, T0),
            ("HistoryRecord", "from_status", "wrong-type"),
        ),
        (
            lambda: AmendPlan.new(
                id="x", person_id="p", harm_ids=["h"], at=T0, approach="call"
            ),
            ("AmendPlan", "approach", "wrong-type"),
        ),
        # float (or int, or text) where Decimal
        (lambda: Money(12.5, "EUR"), ("Money", "amount", "wrong-type")),
        (lambda: Money(12, "EUR"), ("Money", "amount", "wrong-type")),
        (lambda: Money("12.50", "EUR"), ("Money", "amount", "wrong-type")),
        # naive datetime, or a date where a datetime belongs
        (lambda: Consent("Ben", True, NAIVE), ("Consent", "at", "naive-datetime")),
        (
            lambda: Person(id="p", name="n", invited_at=NAIVE),
            ("Person", "invited_at", "naive-datetime"),
        ),
        (lambda: commitment(start=NAIVE), ("Commitment", "start", "naive-datetime")),
        (lambda: commitment(end=NAIVE), ("Commitment", "end", "naive-datetime")),
        (
            lambda: Outcome(OutcomeKind.RECEIVED, dt.date(2024, 1, 1)),
            ("Outcome", "at", "wrong-type"),
        ),
        (
            lambda: HistoryRecord(1, None, Status.LISTED, "2024-01-01T00:00:00Z"),
            ("HistoryRecord", "at", "wrong-type"),
        ),
        # a datetime (or text) where a plain date belongs
        (lambda: Payment(eur("1.00"), T0), ("Payment", "on", "wrong-type")),
        (lambda: CheckIn(T0, True), ("CheckIn", "on", "wrong-type")),
        (
            lambda: Deferral(DeferralReason.LEGAL_ADVICE, "2024-06-01"),
            ("Deferral", "review_on", "wrong-type"),
        ),
        # an entity where a value belongs
        (lambda: harm(owed=Decimal("1.00")), ("Harm", "owed", "wrong-type")),
        (lambda: harm(when="2019"), ("Harm", "when", "wrong-type")),
        (
            lambda: Payment(Decimal("1.00"), dt.date(2024, 1, 1)),
            ("Payment", "amount", "wrong-type"),
        ),
        (
            lambda: Restitution(RestitutionKind.FULL, eur("1.00"), [eur("1.00")]),
            ("Restitution", "payments", "wrong-type"),
        ),
    ],
)
def test_wrong_types_are_refused(
    build: Callable[[], object], expected: tuple[str, str, str]
) -> None:
    assert where(refused(build)) == expected


def test_lists_become_tuples() -> None:
    h = harm(kinds=[HarmKind.TRUST, HarmKind.FINANCIAL])
    assert h.kinds == (HarmKind.TRUST, HarmKind.FINANCIAL)
    plan = AmendPlan.new(
        id="x",
        person_id="p",
        harm_ids=(h for h in ["h1", "h2"]),
        at=T0,
        actions=[RepairAction(RepairKind.SERVICE)],
    )
    assert plan.harm_ids == ("h1", "h2")
    assert plan.actions == (RepairAction(RepairKind.SERVICE),)
    paid = Restitution(
        RestitutionKind.FULL, eur("2.00"), [Payment(eur("1.00"), dt.date(2024, 1, 1))]
    )
    assert isinstance(paid.payments, tuple)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: harm(kinds="physical"), "kinds"),
        (lambda: harm(kinds=b"physical"), "kinds"),
        (lambda: harm(kinds={"physical": 1}), "kinds"),
        (
            lambda: AmendPlan.new(id="x", person_id="p", harm_ids="h-1", at=T0),
            "harm_ids",
        ),
        (lambda: commitment(check_ins="kept"), "check_ins"),
    ],
)
def test_text_is_never_split_into_characters(
    build: Callable[[], object], field: str
) -> None:
    error = refused(build)
    assert (error.field, error.code) == (field, "wrong-type")


def test_to_tuple_leaves_non_iterables_for_the_validator() -> None:
    assert v.to_tuple(5) == 5
    assert v.to_tuple("ab") == "ab"
    assert v.to_tuple({"a": 1}) == {"a": 1}
    assert v.to_tuple(x for x in "ab") == ("a", "b")
    assert where(refused(lambda: harm(kinds=5))) == ("Harm", "kinds", "wrong-type")


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: harm(kinds=()), "empty"),
        (lambda: harm(kinds=(HarmKind.TRUST, HarmKind.TRUST)), "duplicate"),
    ],
)
def test_harm_kinds_are_some_and_distinct(
    build: Callable[[], object], code: str
) -> None:
    assert refused(build).code == code


def test_plan_harms_are_some_and_distinct() -> None:
    empty = refused(lambda: AmendPlan.new(id="x", person_id="p", harm_ids=[], at=T0))
    assert (empty.field, empty.code) == ("harm_ids", "empty")
    twice = refused(
        lambda: AmendPlan.new(id="x", person_id="p", harm_ids=["h", "h"], at=T0)
    )
    assert twice.code == "duplicate"


# --- text and ids ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: person(name=""), ("Person", "name", "blank")),
        (lambda: person(name=" \t\n"), ("Person", "name", "blank")),
        (lambda: person(name="\u3000\u00a0\ufeff"), ("Person", "name", "blank")),
        (lambda: person(name=CANARY * 20), ("Person", "name", "too-long")),
        (lambda: person(name=None), ("Person", "name", "not-text")),
        (lambda: person(name=5), ("Person", "name", "not-text")),
        (
            lambda: person(relationship="r" * 201),
            ("Person", "relationship", "too-long"),
        ),
        (lambda: person(notes=CANARY * 1000), ("Person", "notes", "too-long")),
        (lambda: harm(conduct=CANARY * 1000), ("Harm", "conduct", "too-long")),
        (lambda: Consent(" ", True, T0), ("Consent", "party", "blank")),
        (
            lambda: Review("", ReviewerRole.SPONSOR, T0, ReviewDecision.PROCEED),
            ("Review", "reviewer", "blank"),
        ),
        (lambda: commitment(text="  "), ("Commitment", "text", "blank")),
        (
            lambda: RepairAction(RepairKind.SERVICE, 5),
            ("RepairAction", "description", "not-text"),
        ),
    ],
)
def test_text_rules(
    build: Callable[[], object], expected: tuple[str, str, str]
) -> None:
    assert where(refused(build)) == expected


def test_text_limits_are_inclusive() -> None:
    assert person(name="n" * v.MAX_NAME).name == "n" * v.MAX_NAME
    assert person(notes="n" * v.MAX_TEXT).notes == "n" * v.MAX_TEXT
    assert harm(conduct="").conduct == ""  # conduct may wait while listing


@pytest.mark.parametrize(
    "bad",
    ["", " ", "a b", "a\tb", "a\u3000b", "x" * 101, f"my {CANARY}", 5, None, True],
)
def test_bad_ids_are_refused(bad: object) -> None:
    assert where(refused(lambda: person(id=bad))) == ("Person", "id", "bad-id")


@pytest.mark.parametrize("good", ["p", "x" * 100, "person-1", "ид-1", "a.b:c/d", "😀"])
def test_ids_are_opaque_text_without_spaces(good: str) -> None:
    assert person(id=good).id == good


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: harm(person_id="no one"), "person_id"),
        (lambda: commitment(id=""), "id"),
        (
            lambda: AmendPlan.new(id="x", person_id="p", harm_ids=["a b"], at=T0),
            "harm_ids",
        ),
    ],
)
def test_every_reference_is_an_id(build: Callable[[], object], field: str) -> None:
    error = refused(build)
    assert (error.field, error.code) == (field, "bad-id")


# --- money -------------------------------------------------------------------------


def test_money_is_exact() -> None:
    price = Money(Decimal("12.50"), "EUR")
    assert str(price) == "12.50 EUR"
    assert price.amount == Decimal("12.50")
    assert Money(Decimal("0"), "EUR").amount == 0
    assert Money(Decimal("1E+3"), "EUR").amount == 1000


@pytest.mark.parametrize(
    "currency", ["eur", "EURO", "EU", "", "€UR", " EUR", 978, None]
)
def test_bad_currency_is_refused(currency: object) -> None:
    error = refused(lambda: Money(Decimal("1"), currency))
    assert where(error) == ("Money", "currency", "bad-currency")


def test_bad_currency_message_does_not_repeat_it() -> None:
    refused(lambda: Money(Decimal("1"), CANARY))


@pytest.mark.parametrize(
    ("amount", "currency", "ok"),
    [
        ("1", "JPY", True),
        ("1.5", "JPY", False),
        ("100.0", "JPY", False),  # strict: as written, finer than a yen
        ("0.01", "EUR", True),
        ("0.001", "EUR", False),
        ("0.001", "BHD", True),
        ("0.0001", "BHD", False),
        ("0.0001", "CLF", True),
        ("0.00001", "CLF", False),
    ],
)
def test_amount_is_never_finer_than_the_currency_unit(
    amount: str, currency: str, ok: bool
) -> None:
    if ok:
        assert Money(Decimal(amount), currency).amount == Decimal(amount)
    else:
        error = refused(lambda: Money(Decimal(amount), currency))
        assert where(error) == ("Money", "amount", "too-precise")


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-0.01", "negative"),
        ("NaN", "not-finite"),
        ("sNaN", "not-finite"),
        ("Infinity", "not-finite"),
        ("-Infinity", "not-finite"),
    ],
)
def test_negative_or_not_finite_money_is_refused(amount: str, code: str) -> None:
    assert where(refused(lambda: Money(Decimal(amount), "EUR"))) == (
        "Money",
        "amount",
        code,
    )


def test_money_below_the_largest_amount_a_client_can_hold() -> None:
    largest = Decimal(10) ** 18 - 1
    assert Money(largest, "EUR").amount == largest
    assert refused(lambda: Money(Decimal(10) ** 18, "EUR")).code == "too-large"


def test_minor_units() -> None:
    assert {c: minor_units(c) for c in ("JPY", "EUR", "USD", "BHD", "CLF", "XYZ")} == {
        "JPY": 0,
        "EUR": 2,
        "USD": 2,
        "BHD": 3,
        "CLF": 4,
        "XYZ": 2,
    }


# --- partial dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "precision", "text", "earliest"),
    [
        (PartialDate(2019), "year", "2019", dt.date(2019, 1, 1)),
        (PartialDate(2019, 6), "month", "2019-06", dt.date(2019, 6, 1)),
        (PartialDate(2019, 6, 14), "day", "2019-06-14", dt.date(2019, 6, 14)),
        (PartialDate(5), "year", "0005", dt.date(5, 1, 1)),
    ],
)
def test_partial_date_precision_text_and_earliest(
    date: PartialDate, precision: str, text: str, earliest: dt.date
) -> None:
    assert date.precision == precision
    assert str(date) == text
    assert date.earliest == earliest
    assert PartialDate.parse(text) == date


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: PartialDate(0), ("year", "out-of-range")),
        (lambda: PartialDate(10000), ("year", "out-of-range")),
        (lambda: PartialDate("2019"), ("year", "wrong-type")),
        (lambda: PartialDate(2019.0), ("year", "wrong-type")),
        (lambda: PartialDate(2019, 0), ("month", "out-of-range")),
        (lambda: PartialDate(2019, 13), ("month", "out-of-range")),
        (lambda: PartialDate(2019, None, 14), ("day", "day-without-month")),
        (lambda: PartialDate(2019, 2, 30), ("day", "out-of-range")),
        (lambda: PartialDate(2019, 2, 0), ("day", "out-of-range")),
        (lambda: PartialDate(2019, 1, 32), ("day", "out-of-range")),
        (lambda: PartialDate(2019, 1, "1"), ("day", "wrong-type")),
    ],
)
def test_partial_date_rules(
    build: Callable[[], object], expected: tuple[str, str]
) -> None:
    error = refused(build)
    assert (error.owner, (error.field, error.code)) == ("PartialDate", expected)


def test_leap_day_exists_in_leap_years_only() -> None:
    assert PartialDate(2024, 2, 29).day == 29
    assert refused(lambda: PartialDate(2023, 2, 29)).code == "out-of-range"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "19",
        "2019-6",
        "2019-06-1",
        "2019/06",
        "2019-06-14T00:00",
        " 2019",
        "2019-",
        "٢٠١٩",  # Arabic-Indic digits are digits, but not ISO 8601's
        "\uff12\uff10\uff11\uff19",  # full-width digits
        CANARY,
    ],
)
def test_partial_date_parse_takes_iso_text_only(text: str) -> None:
    error = refused(lambda: PartialDate.parse(text))
    assert (error.owner, error.field, error.code) == (
        "PartialDate",
        "text",
        "bad-partial-date",
    )


@pytest.mark.parametrize("value", [2019, None, dt.date(2019, 1, 1)])
def test_partial_date_parse_takes_text(value: object) -> None:
    assert refused(lambda: PartialDate.parse(value)).code == "bad-partial-date"


def test_partial_date_parse_checks_the_parts() -> None:
    assert refused(lambda: PartialDate.parse("2019-13")).code == "out-of-range"
    assert refused(lambda: PartialDate.parse("0000")).code == "out-of-range"
    assert refused(lambda: PartialDate.parse("2019-02-30")).code == "out-of-range"


@given(partial_dates())
def test_partial_date_text_round_trip(date: PartialDate) -> None:
    text = str(date)
    assert re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", text)
    assert PartialDate.parse(text) == date
    assert str(PartialDate.parse(text)) == text


# --- living amends -------------------------------------------------------------------


@pytest.mark.parametrize(
    "cadence",
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=SU",
        "freq=weekly;byday=mo",
        "FREQ=MONTHLY;BYMONTHDAY=1;COUNT=12",
    ],
)
def test_valid_cadences(cadence: str) -> None:
    assert commitment(cadence=cadence).cadence == cadence


@pytest.mark.parametrize(
    ("cadence", "code"),
    [
        ("", "blank"),
        ("   ", "blank"),
        (5, "not-text"),
        ("F" * 501, "too-long"),
        ("RRULE:FREQ=WEEKLY", "bad-rrule"),
        ("rrule=FREQ=WEEKLY", "bad-rrule"),
        ("DTSTART:20200101T000000Z", "bad-rrule"),
        ("FREQ=WEEKLY\nFREQ=DAILY", "bad-rrule"),
        ("FREQ=NEVER", "bad-rrule"),
        ("FREQ=WEEKLY;BYDAY=XX", "bad-rrule"),
        ("FREQ=WEEKLY;INTERVAL=x", "bad-rrule"),
        ("WEEKLY", "bad-rrule"),
        (f"FREQ={CANARY}", "bad-rrule"),
    ],
)
def test_invalid_cadences_are_refused(cadence: object, code: str) -> None:
    error = refused(lambda: commitment(cadence=cadence))
    assert where(error) == ("Commitment", "cadence", code)


def test_commitment_is_ongoing_from_its_start_until_its_end() -> None:
    hour = dt.timedelta(hours=1)
    open_ended = commitment(start=T0)
    assert not open_ended.ongoing(T0 - hour)
    assert open_ended.ongoing(T0)
    assert open_ended.ongoing(T0 + dt.timedelta(days=3650))
    ended = commitment(start=T0, end=T0 + hour)
    assert ended.ongoing(T0 + hour / 2)
    assert not ended.ongoing(T0 + hour)


def test_kept_share_measures_intentions_and_actions_aligned() -> None:
    assert commitment().kept_share is None
    days = [dt.date(2024, 1, d) for d in (7, 14, 21)]
    check_ins = [
        CheckIn(days[0], True),
        CheckIn(days[1], False),
        CheckIn(days[2], True),
    ]
    assert commitment(check_ins=check_ins).kept_share == pytest.approx(2 / 3)
    assert commitment(check_ins=check_ins[:1]).kept_share == 1.0


# --- restitution ---------------------------------------------------------------------


def paying(*amounts: str, owed: str = "100.00") -> Restitution:
    return Restitution(
        RestitutionKind.PAYMENT_PLAN,
        eur(owed),
        [Payment(eur(a), dt.date(2024, 1, n)) for n, a in enumerate(amounts, 1)],
    )


def test_nothing_paid_yet() -> None:
    r = paying()
    assert (r.paid, r.balance, r.settled) == (eur("0"), eur("100.00"), False)


def test_partly_paid() -> None:
    r = paying("30.00", "20.50")
    assert (r.paid, r.balance, r.settled) == (eur("50.50"), eur("49.50"), False)


def test_paid_in_full() -> None:
    r = paying("60.00", "40.00")
    assert (r.balance, r.settled) == (eur("0"), True)


def test_overpaid_balance_never_goes_below_zero() -> None:
    r = paying("150.00")
    assert (r.paid, r.balance, r.settled) == (eur("150.00"), eur("0"), True)


def test_nothing_owed_is_settled() -> None:
    assert Restitution(RestitutionKind.PROMISE, eur("0")).settled


def test_balance_keeps_the_currency() -> None:
    yen = Restitution(
        RestitutionKind.PARTIAL,
        Money(Decimal("5000"), "JPY"),
        [Payment(Money(Decimal("1000"), "JPY"), dt.date(2024, 1, 1))],
    )
    assert yen.balance == Money(Decimal("4000"), "JPY")


def test_payment_in_another_currency_is_refused() -> None:
    error = refused(
        lambda: Restitution(
            RestitutionKind.FULL,
            eur("10.00"),
            [Payment(Money(Decimal("10.00"), "USD"), dt.date(2024, 1, 1))],
        )
    )
    assert where(error) == ("Restitution", "payments", "currency-mismatch")


# --- the enums' meanings -------------------------------------------------------------


def test_which_approaches_are_direct() -> None:
    direct = {a for a in Approach if a.is_direct}
    assert direct == {Approach.IN_PERSON, Approach.CALL, Approach.DIRECT_LETTER}
    assert not Approach.GO_BETWEEN.is_direct


def test_which_approaches_reach_the_person() -> None:
    silent = {a for a in Approach if not a.reaches_person}
    assert silent == {
        Approach.GIFT_IN_NAME,
        Approach.SERVICE_IN_NAME,
        Approach.UNSENT_LETTER,
        Approach.LIVING_AMENDS,
    }
    # A go-between, a letter and anonymous money all reach the person.
    for approach in (
        Approach.GO_BETWEEN,
        Approach.INDIRECT_LETTER,
        Approach.ANONYMOUS_RESTITUTION,
    ):
        assert approach.reaches_person


@pytest.mark.parametrize(
    "flag", ["implicates_others", "affair", "legal_exposure", "dependents_at_risk"]
)
def test_each_hard_case_flags_the_safety_assessment(flag: str) -> None:
    assert SafetyAssessment(would_injure=False, **{flag: True}).flagged


def test_injury_alone_is_not_a_hard_case() -> None:
    assert not SafetyAssessment(would_injure=True).flagged
    assert not SafetyAssessment(would_injure=False).flagged


def test_which_review_decisions_permit() -> None:
    assert {d for d in ReviewDecision if d.permits} == {
        ReviewDecision.PROCEED,
        ReviewDecision.PROCEED_INDIRECTLY,
    }


def test_outcome_kind_targets() -> None:
    assert {k: k.target for k in OutcomeKind} == {
        OutcomeKind.RECEIVED: Status.MADE,
        OutcomeKind.REBUFFED: Status.MADE,
        OutcomeKind.PARTIAL: Status.MADE,
        OutcomeKind.DECLINED: Status.DECLINED,
        OutcomeKind.NOT_REACHED: None,
    }


def test_enum_values_are_the_wire_format() -> None:
    # Values never change once released: a document written today must load.
    assert {e.__name__: [m.value for m in e] for e in WIRE_ENUMS} == WIRE_VALUES


WIRE_ENUMS = (
    amendskit.ContactStatus,
    amendskit.HarmKind,
    amendskit.Intent,
    amendskit.Period,
    amendskit.Approach,
    amendskit.ReviewerRole,
    amendskit.ReviewDecision,
    amendskit.RepairKind,
    amendskit.DeferralReason,
    amendskit.RestitutionKind,
    amendskit.OutcomeKind,
    amendskit.Status,
    amendskit.Trigger,
    amendskit.Severity,
    amendskit.Scope,
    amendskit.ReviewScope,
    amendskit.Sensitivity,
)
WIRE_VALUES = {
    "ContactStatus": ["reachable", "unreachable", "deceased", "no_contact"],
    "HarmKind": [
        "physical",
        "emotional",
        "spiritual",
        "financial",
        "trust",
        "sexual_conduct",
        "neglect",
    ],
    "Intent": ["intended", "accidental"],
    "Period": ["during_addiction", "in_recovery"],
    "Approach": [
        "in_person",
        "call",
        "direct_letter",
        "indirect_letter",
        "gift_in_name",
        "service_in_name",
        "anonymous_restitution",
        "unsent_letter",
        "living_amends",
        "go_between",
    ],
    "ReviewerRole": ["sponsor", "spiritual_adviser", "therapist", "other"],
    "ReviewDecision": ["proceed", "proceed_indirectly", "wait", "do_not_proceed"],
    "RepairKind": [
        "apology",
        "restitution",
        "concrete_offer",
        "changed_behaviour",
        "service",
    ],
    "DeferralReason": [
        "safety_of_others",
        "legal_advice",
        "person_unavailable",
        "too_early_in_sobriety",
        "advised_by_sponsor",
        "fear",
    ],
    "RestitutionKind": ["full", "partial", "payment_plan", "promise"],
    "OutcomeKind": ["received", "rebuffed", "partial", "declined", "not_reached"],
    "Status": ["listed", "willing", "prepared", "made", "declined", "living"],
    "Trigger": ["list", "manual", "outcome"],
    "Severity": ["error", "warning", "info", "off"],
    "Scope": ["plan", "person", "move"],
    "ReviewScope": ["flagged", "all"],
    "Sensitivity": ["structure", "personal", "private", "third_party"],
}


# --- sensitivity labels ---------------------------------------------------------

MODEL = (
    Person,
    Harm,
    AmendPlan,
    HistoryRecord,
    SafetyAssessment,
    Consent,
    Review,
    RepairAction,
    Deferral,
    Restitution,
    Payment,
    Commitment,
    CheckIn,
    Outcome,
)


def test_labels_of_the_fields_that_matter() -> None:
    f = attrs.fields
    assert sensitivity_of(f(Person).name) is Sensitivity.PERSONAL
    assert sensitivity_of(f(Person).notes) is Sensitivity.PRIVATE
    assert sensitivity_of(f(Harm).conduct) is Sensitivity.PERSONAL
    assert sensitivity_of(f(Consent).party) is Sensitivity.THIRD_PARTY
    assert sensitivity_of(f(AmendPlan).notes) is Sensitivity.PRIVATE
    assert sensitivity_of(f(Person).contact) is Sensitivity.STRUCTURE
    assert sensitivity_of(f(Money).amount) is Sensitivity.STRUCTURE


@pytest.mark.parametrize("kind", MODEL, ids=lambda k: k.__name__)
def test_every_free_text_field_carries_a_label(kind: type) -> None:
    for field in attrs.fields(kind):
        if isinstance(v.parameters(field.validator), v.Text):
            assert sensitivity_of(field) is not Sensitivity.STRUCTURE, field.name


@pytest.mark.parametrize("kind", MODEL, ids=lambda k: k.__name__)
def test_every_notes_field_is_private(kind: type) -> None:
    notes = [f for f in attrs.fields(kind) if f.name == "notes"]
    for field in notes:
        assert sensitivity_of(field) is Sensitivity.PRIVATE


# --- plans as values ---------------------------------------------------------------


@given(plans())
def test_generated_plans_are_frozen_values(plan: AmendPlan) -> None:
    assert plan.status is plan.history[-1].to_status
    assert attrs.evolve(plan) == plan
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan.notes = "changed"  # type: ignore[misc]


# --- clocks and ids ----------------------------------------------------------------


def test_fixed_clock_says_what_it_is_told() -> None:
    clock = FixedClock(T0)
    assert clock.now() == T0
    assert clock.advance(days=2, hours=1) is clock
    assert clock.now() == T0 + dt.timedelta(days=2, hours=1)


def test_fixed_clock_refuses_naive_time() -> None:
    assert where(refused(lambda: FixedClock(NAIVE))) == (
        "FixedClock",
        "at",
        "naive-datetime",
    )


def test_system_clock_is_aware_utc() -> None:
    before = dt.datetime.now(dt.UTC)
    now = SystemClock().now()
    assert now.utcoffset() == dt.timedelta(0)
    assert before <= now <= dt.datetime.now(dt.UTC)


def test_uuid_ids_are_random_and_tagged_by_kind() -> None:
    ids = UuidIds()
    first, second = ids("person"), ids("person")
    assert first != second
    assert re.fullmatch(r"p-[0-9a-f]{32}", first)  # 128 random bits
    assert ids("").startswith("x-")


def test_sequential_ids_count_each_kind_on_its_own() -> None:
    ids = SequentialIds()
    assert [ids("person"), ids("harm"), ids("person"), ids("plan")] == [
        "person-1",
        "harm-1",
        "person-2",
        "plan-1",
    ]
    assert SequentialIds()("person") == "person-1"


def test_clock_and_id_factory_are_protocols() -> None:
    assert isinstance(FixedClock(T0), Clock)
    assert isinstance(SystemClock(), Clock)
    assert isinstance(SequentialIds(), IdFactory)
    assert isinstance(UuidIds(), IdFactory)
    assert not isinstance(object(), Clock)


# --- the errors themselves -----------------------------------------------------------


def test_workbook_error_names_ids_and_code() -> None:
    error = WorkbookError("duplicate-id", "two entities share an id", ["a", "b"])
    assert error.ids == ("a", "b")
    assert str(error) == "two entities share an id (a, b) [duplicate-id]"
    assert str(WorkbookError("key-not-id", "why")) == "why [key-not-id]"


def test_unknown_id_error_is_a_lookup_error_but_not_a_key_error() -> None:
    error = UnknownIdError("plan", "plan-9")
    assert isinstance(error, LookupError)
    assert isinstance(error, WorkbookError)
    assert not isinstance(error, KeyError)
    assert (error.kind, error.code, error.ids) == ("plan", "unknown-id", ("plan-9",))


def test_transition_error_says_what_was_refused() -> None:
    finding = amendskit.Finding(
        "AK04", "approach-required", amendskit.Severity.ERROR, "m"
    )
    error = TransitionError("plan-1", Status.WILLING, Status.PREPARED, [finding])
    assert str(error) == (
        "plan plan-1: willing -> prepared refused: AK04 approach-required"
    )
    assert error.findings == (finding,)
    no_move = TransitionError("plan-1", Status.WILLING, None, ())
    assert "willing -> (no change)" in str(no_move)


def test_document_error_lists_its_problems() -> None:
    problems = [
        amendskit.DocumentProblem(f"$.plans[{n}]", "bad", "wrong") for n in range(52)
    ]
    error = amendskit.DocumentError(problems)
    assert error.codes == ("bad",) * 52
    text = str(error)
    assert text.startswith("52 problem(s) in the document:")
    assert "$.plans[49]: wrong [bad]" in text
    assert "$.plans[50]" not in text
    assert text.endswith("... and 2 more")
    assert str(amendskit.DocumentError(problems[:1])).count("\n") == 1


# --- messages never echo what was typed -----------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: person(id=f"{CANARY} x"),
        lambda: person(name=CANARY * 20),
        lambda: person(contact=CANARY),
        lambda: harm(kinds=CANARY),
        lambda: harm(kinds=(CANARY,)),
        lambda: harm(conduct=CANARY * 1000),
        lambda: Money(Decimal("1"), CANARY),
        lambda: Money(CANARY, "EUR"),
        lambda: PartialDate.parse(CANARY),
        lambda: PartialDate(CANARY),
        lambda: commitment(cadence=f"RRULE:{CANARY}"),
        lambda: commitment(cadence=f"FREQ=WEEKLY;BYDAY={CANARY}"),
        lambda: Consent(CANARY * 20, True, T0),
        lambda: Review(CANARY, CANARY, T0, ReviewDecision.PROCEED),
        lambda: Outcome(OutcomeKind.RECEIVED, CANARY),
        lambda: CheckIn(CANARY, True),
        lambda: RepairAction(CANARY),
        lambda: Deferral(DeferralReason.FEAR, CANARY),
        lambda: Person(
            id="p", name="n", contact=ContactStatus.REACHABLE, notes=[CANARY]
        ),
    ],
)
def test_validation_messages_never_contain_the_value(
    build: Callable[[], Any],
) -> None:
    refused(build)


def test_repr_withholds_private_notes_and_third_party_names() -> None:
    import amendskit
    from amendskit.sensitivity import WITHHELD, sensitivity_of, withheld_repr

    labelled = [
        (cls, field)
        for cls in map(getattr, [amendskit] * len(amendskit.__all__), amendskit.__all__)
        if isinstance(cls, type) and attrs.has(cls)
        for field in attrs.fields(cls)
        if sensitivity_of(field) in WITHHELD
    ]
    assert len(labelled) > 5
    for cls, field in labelled:
        assert field.repr is withheld_repr, f"{cls.__name__}.{field.name}"
    consent = Consent(party="CANARY-party", granted=True, at=T0, notes="CANARY-note")
    assert "CANARY" not in repr(consent)
    assert "'<withheld>'" in repr(consent)
    assert "notes=''" in repr(Consent(party="x", granted=True, at=T0))


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_the_decimal_places_of_money_are_its_exponent(amount: Decimal) -> None:
    """`str` is read for speed; it must agree with `as_tuple` everywhere."""
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)
    assert _decimal_places(amount) == max(0, -exponent)
