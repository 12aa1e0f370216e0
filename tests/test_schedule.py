"""Restitution over time: payment plans, their schedule, balance and arrears."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amendskit import (
    Money,
    Payment,
    Restitution,
    RestitutionKind,
    Status,
    ValidationError,
    dumps,
    loads,
    minor_units,
)
from amendskit.dates import Interval, IntervalUnit
from amendskit.restitution import MAX_INSTALMENTS, Instalment, PaymentPlan
from builders import PLAN, plan_codes, plan_in

MONTHLY = Interval(1, IntervalUnit.MONTHS)
D = dt.date
START = D(2024, 1, 31)


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def plan(
    total: str = "100.00",
    instalment: str = "33.34",
    *,
    every: Interval = MONTHLY,
    start: dt.date = START,
    payments: tuple[tuple[str, dt.date], ...] = (),
    currency: str = "EUR",
) -> Restitution:
    return Restitution(
        RestitutionKind.PAYMENT_PLAN,
        Money(Decimal(total), currency),
        payments=[Payment(Money(Decimal(a), currency), on) for a, on in payments],
        payment_plan=PaymentPlan(Money(Decimal(instalment), currency), every, start),
    )


def amounts(restitution: Restitution) -> list[str]:
    return [str(i.amount.amount) for i in restitution.schedule()]


# --- the schedule ------------------------------------------------------------------


def test_the_last_instalment_takes_the_remainder() -> None:
    assert amounts(plan("100.00", "33.34")) == ["33.34", "33.34", "33.32"]


def test_a_remainder_of_one_cent_is_an_instalment_of_its_own() -> None:
    assert amounts(plan("100.00", "33.33")) == ["33.33", "33.33", "33.33", "0.01"]


def test_an_even_split_has_equal_instalments() -> None:
    assert amounts(plan("100", "25")) == ["25.00", "25.00", "25.00", "25.00"]


def test_an_instalment_larger_than_the_total_is_one_payment() -> None:
    assert amounts(plan("80.00", "100.00")) == ["80.00"]


def test_nothing_owed_has_no_instalments() -> None:
    assert plan("0", "10").schedule() == ()


@pytest.mark.parametrize(
    ("currency", "total", "instalment", "expected"),
    [
        ("JPY", "10000", "3000", ["3000", "3000", "3000", "1000"]),
        ("BHD", "1", "0.3", ["0.300", "0.300", "0.300", "0.100"]),
        ("CLF", "1", "0.3333", ["0.3333", "0.3333", "0.3333", "0.0001"]),
    ],
)
def test_amounts_are_in_the_currency_s_minor_units(
    currency: str, total: str, instalment: str, expected: list[str]
) -> None:
    assert amounts(plan(total, instalment, currency=currency)) == expected


def test_monthly_from_31_january_keeps_to_the_month_s_end_in_a_leap_year() -> None:
    due = [i.due for i in plan("100.00", "20.00").schedule()]
    assert due == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
        D(2024, 5, 31),
    ]


def test_monthly_from_31_january_in_a_common_year() -> None:
    due = [i.due for i in plan("30", "10", start=D(2023, 1, 31)).schedule()]
    assert due == [D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31)]


def test_yearly_from_29_february() -> None:
    yearly = Interval(1, IntervalUnit.YEARS)
    due = [
        i.due for i in plan("50", "10", every=yearly, start=D(2024, 2, 29)).schedule()
    ]
    assert due == [
        D(2024, 2, 29),
        D(2025, 2, 28),
        D(2026, 2, 28),
        D(2027, 2, 28),
        D(2028, 2, 29),
    ]


def test_weekly_across_the_year_end() -> None:
    weekly = Interval(2, IntervalUnit.WEEKS)
    due = [
        i.due for i in plan("30", "10", every=weekly, start=D(2024, 12, 18)).schedule()
    ]
    assert due == [D(2024, 12, 18), D(2025, 1, 1), D(2025, 1, 15)]


def test_an_instalment_knows_its_number() -> None:
    first, *_, last = plan().schedule()
    assert first == Instalment(1, D(2024, 1, 31), eur("33.34"))
    assert last.number == 3


# --- balance and arrears -------------------------------------------------------------


PAID = (("33.34", D(2024, 2, 2)), ("10.00", D(2024, 3, 5)))


@pytest.mark.parametrize(
    ("on", "paid", "balance", "due", "overdue"),
    [
        (D(2024, 1, 30), "0.00", "100.00", "0.00", "0.00"),
        # due today is not overdue yet
        (D(2024, 1, 31), "0.00", "100.00", "33.34", "0.00"),
        (D(2024, 2, 1), "0.00", "100.00", "33.34", "33.34"),
        (D(2024, 2, 2), "33.34", "66.66", "33.34", "0.00"),
        (D(2024, 3, 1), "33.34", "66.66", "66.68", "33.34"),
        (D(2024, 3, 5), "43.34", "56.66", "66.68", "23.34"),
        (D(2024, 4, 1), "43.34", "56.66", "100.00", "56.66"),
    ],
)
def test_balance_and_arrears_on_any_date(
    on: dt.date, paid: str, balance: str, due: str, overdue: str
) -> None:
    r = plan(payments=PAID)
    assert r.paid_on(on) == eur(paid)
    assert r.balance_on(on) == eur(balance)
    assert r.due_on(on) == eur(due)
    assert r.overdue_on(on) == eur(overdue)


def test_paying_ahead_leaves_nothing_overdue() -> None:
    r = plan(payments=(("100.00", D(2024, 1, 1)),))
    assert r.overdue_on(D(2030, 1, 1)) == eur("0.00")
    assert r.balance_on(D(2024, 1, 1)) == eur("0.00")
    assert r.settled


def test_paying_too_much_never_makes_the_balance_negative() -> None:
    r = plan(payments=(("150.00", D(2024, 1, 1)),))
    assert r.balance_on(D(2024, 6, 1)) == eur("0.00")


def test_the_open_instalments_are_what_is_left_after_the_payments() -> None:
    r = plan(payments=(("50.00", D(2024, 2, 1)),))
    assert [(i.number, str(i.amount.amount)) for i in r.open_instalments()] == [
        (2, "16.68"),
        (3, "33.32"),
    ]


def test_a_settled_payment_plan_has_no_open_instalments() -> None:
    r = plan(payments=(("100.00", D(2024, 2, 1)),))
    assert r.open_instalments() == ()
    assert r.settled


def test_without_a_payment_plan_nothing_is_ever_due_or_overdue() -> None:
    r = Restitution(RestitutionKind.PROMISE, eur("500.00"))
    assert r.schedule() == ()
    assert r.open_instalments() == ()
    assert r.due_on(D(2030, 1, 1)) == eur("0.00")
    assert r.overdue_on(D(2030, 1, 1)) == eur("0.00")
    assert r.balance_on(D(2030, 1, 1)) == eur("500.00")
    # a promise counts as made with restitution still open (rule AK18)
    assert not r.settled


def test_a_payment_plan_counts_as_made_with_restitution_open() -> None:
    wb = plan_in(Status.MADE, restitution=plan())
    assert wb.plan(PLAN).status is Status.MADE
    assert "AK18" in plan_codes(wb)
    paid = plan(payments=(("60.00", D(2024, 1, 31)), ("40.00", D(2024, 2, 29))))
    assert "AK18" not in plan_codes(plan_in(Status.MADE, restitution=paid))


@pytest.mark.parametrize("method", ["paid_on", "balance_on", "due_on", "overdue_on"])
@pytest.mark.parametrize(
    "value", [dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "2024-01-01"]
)
def test_balances_are_asked_of_a_date(method: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        getattr(plan(), method)(value)
    assert (caught.value.field, caught.value.code) == ("on", "wrong-type")


# --- what a payment plan must be ----------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"instalment": "0.00"}, "not-positive"),
        ({"total": "100000.00", "instalment": "0.01"}, "too-many-instalments"),
        (
            {"start": D(9999, 6, 1), "every": Interval(1, IntervalUnit.YEARS)},
            "beyond-calendar",
        ),
        (
            {"start": D(9999, 12, 1), "every": Interval(2, IntervalUnit.MONTHS)},
            "beyond-calendar",
        ),
    ],
)
def test_a_payment_plan_must_be_payable(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        plan(**changes)
    assert caught.value.code == code


def test_a_payment_plan_may_end_on_the_calendar_s_last_day() -> None:
    r = plan("20", "10", start=D(9999, 11, 30))
    assert r.schedule()[-1].due == D(9999, 12, 30)


def test_a_payment_plan_may_have_up_to_the_most_instalments() -> None:
    daily = Interval(1, IntervalUnit.DAYS)
    total = str(Decimal(MAX_INSTALMENTS).scaleb(-2))
    assert len(plan(total, "0.01", every=daily).schedule()) == MAX_INSTALMENTS


def test_payments_are_in_the_restitution_s_currency() -> None:
    with pytest.raises(ValidationError) as caught:
        Restitution(
            RestitutionKind.FULL,
            eur("100.00"),
            payments=[Payment(Money(Decimal(10), "USD"), D(2024, 1, 1))],
        )
    assert (caught.value.field, caught.value.code) == ("payments", "currency-mismatch")


def test_instalments_are_in_the_restitution_s_currency() -> None:
    with pytest.raises(ValidationError) as caught:
        Restitution(
            RestitutionKind.PAYMENT_PLAN,
            eur("100.00"),
            payment_plan=PaymentPlan(Money(Decimal(10), "USD"), MONTHLY, D(2024, 1, 1)),
        )
    assert (caught.value.field, caught.value.code) == (
        "payment_plan",
        "currency-mismatch",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("instalment", Decimal(10)), ("every", "P1M"), ("start", dt.datetime(2024, 1, 1))],
)
def test_a_payment_plan_s_fields_have_their_types(field: str, value: Any) -> None:
    fields = {"instalment": eur("10"), "every": MONTHLY, "start": D(2024, 1, 1)}
    with pytest.raises(ValidationError) as caught:
        PaymentPlan(**{**fields, field: value})
    assert (caught.value.field, caught.value.code) == (field, "wrong-type")


def test_a_payment_plan_survives_a_round_trip() -> None:
    r = plan(payments=PAID)
    text = dumps(r)
    assert loads(text, Restitution) == r
    assert '"payment_plan":{"instalment":{"amount":"33.34","currency":"EUR"},' in text
    assert '"every":{"count":1,"unit":"months"},"start":"2024-01-31"}' in text


# --- properties ----------------------------------------------------------------------

CURRENCIES = ("EUR", "JPY", "BHD", "CLF", "USD")
UNITS = st.builds(Interval, st.integers(1, 12), st.sampled_from(IntervalUnit))


@st.composite
def payment_plans(draw: Any) -> Restitution:
    currency = draw(st.sampled_from(CURRENCIES))
    units = minor_units(currency)
    total = draw(st.integers(0, 10**12))
    # up to 200 instalments, so that the schedule ends before the year 9999
    step = draw(st.integers(max(1, -(-total // 200)), max(1, total) * 2))
    start = draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)))
    every = draw(UNITS)
    on = st.dates(start - dt.timedelta(days=60), start + dt.timedelta(days=3_000))
    paid = draw(st.lists(st.tuples(st.integers(1, max(1, total)), on), max_size=6))

    def money(minor: int) -> Money:
        return Money(Decimal(minor).scaleb(-units), currency)

    return Restitution(
        RestitutionKind.PAYMENT_PLAN,
        money(total),
        payments=[Payment(money(a), d) for a, d in paid],
        payment_plan=PaymentPlan(money(step), every, start),
    )


@given(payment_plans())
def test_the_schedule_adds_up_to_the_total_exactly(r: Restitution) -> None:
    schedule = r.schedule()
    units = minor_units(r.amount.currency)
    assert sum(i.amount.amount for i in schedule) == r.amount.amount
    for instalment in schedule:
        assert instalment.amount.amount > 0
        assert instalment.amount.amount.as_tuple().exponent == -units
        assert instalment.amount.currency == r.amount.currency
    assert r.payment_plan is not None
    assert all(i.amount == r.payment_plan.instalment for i in schedule[:-1])
    assert [i.number for i in schedule] == list(range(1, len(schedule) + 1))


@given(payment_plans())
def test_due_dates_are_counted_from_the_start(r: Restitution) -> None:
    assert r.payment_plan is not None
    every, start = r.payment_plan.every, r.payment_plan.start
    due = [i.due for i in r.schedule()]
    assert due == [every.after(start, n) for n in range(len(due))]
    assert due == sorted(due)


@given(payment_plans(), st.dates(dt.date(1989, 1, 1), dt.date(2130, 1, 1)))
def test_the_balance_is_the_total_less_the_payments_on_every_date(
    r: Restitution, on: dt.date
) -> None:
    paid = sum(p.amount.amount for p in r.payments if p.on <= on)
    assert r.paid_on(on).amount == paid
    assert r.balance_on(on).amount == max(r.amount.amount - paid, 0)
    overdue = r.overdue_on(on).amount
    assert 0 <= overdue <= r.balance_on(on).amount
    assert r.due_on(on).amount <= r.amount.amount


@given(payment_plans())
def test_the_open_instalments_add_up_to_the_balance(r: Restitution) -> None:
    assert sum(i.amount.amount for i in r.open_instalments()) == r.balance.amount


def test_open_instalments_take_dates_only() -> None:
    restitution = Restitution(
        RestitutionKind.PAYMENT_PLAN,
        Money(Decimal("100.00"), "EUR"),
        payment_plan=PaymentPlan(
            Money(Decimal("50.00"), "EUR"),
            Interval(1, IntervalUnit.MONTHS),
            dt.date(2024, 1, 31),
        ),
    )
    assert len(restitution.open_instalments(start=dt.date(2024, 1, 1))) == 2
    for bad in ("2024-01-01", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)):
        for key in ("start", "end"):
            with pytest.raises(ValidationError) as refused:
                restitution.open_instalments(**{key: bad})  # type: ignore[arg-type]
            assert (refused.value.field, refused.value.code) == (key, "wrong-type")
