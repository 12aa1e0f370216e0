"""Restitution: paying back what is owed, in full, in part, or over time.

A payment plan spreads the amount owed over instalments due every so
often; the last instalment takes the remainder, so not a cent is lost.
Recorded payments give the balance and what is overdue on any date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs

from amendskit import _validation as v
from amendskit.dates import Interval
from amendskit.money import Money, minor_units
from amendskit.sensitivity import Sensitivity, text_field

__all__ = ["Instalment", "Payment", "PaymentPlan", "Restitution", "RestitutionKind"]

#: The most instalments a payment plan may have.
MAX_INSTALMENTS = 10_000


class RestitutionKind(StrEnum):
    """How the debt is to be repaid ("we can pay, or promise to pay")."""

    FULL = "full"
    PARTIAL = "partial"
    PAYMENT_PLAN = "payment_plan"
    PROMISE = "promise"


@attrs.frozen
class Payment:
    """A payment actually made."""

    amount: Money = attrs.field(validator=v.instance_of(Money))
    on: dt.date = attrs.field(validator=v.plain_date)
    notes: str = text_field(Sensitivity.PRIVATE)


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.amount <= 0:
        v.fail(instance, attribute, "not-positive", "must be more than zero")


_INSTALMENT: list[v.Validator] = [v.instance_of(Money), _positive]


@attrs.frozen
class PaymentPlan:
    """Instalments of `instalment` every `every`, the first due on `start`.

    The total is the restitution's amount; the last instalment takes what
    is left, so 100.00 in instalments of 33.34 is 33.34, 33.34 and 33.32.
    """

    instalment: Money = attrs.field(validator=_INSTALMENT)
    every: Interval = attrs.field(validator=v.instance_of(Interval))
    start: dt.date = attrs.field(validator=v.plain_date)

    def count(self, total: Money) -> int:
        """How many instalments pay `total` (the last one may be smaller)."""
        units = minor_units(total.currency)
        whole = _minor(total.amount, units)
        step = _minor(self.instalment.amount, units)
        return -(-whole // step)

    def due(self, number: int) -> dt.date:
        """When instalment `number` (counted from 1) is due."""
        return self.every.after(self.start, number - 1)


@attrs.frozen
class Instalment:
    """One instalment of a payment plan: its number (from 1), due date, amount."""

    number: int = attrs.field(validator=v.int_range(1, MAX_INSTALMENTS))
    due: dt.date = attrs.field(validator=v.plain_date)
    amount: Money = attrs.field(validator=v.instance_of(Money))


def _minor(amount: Decimal, units: int) -> int:
    """`amount` counted in minor units (cents for EUR); exact for valid Money."""
    return int(amount.scaleb(units))


def _money(minor: int, currency: str) -> Money:
    """Money of `minor` minor units, written with the currency's decimals."""
    return Money(Decimal(minor).scaleb(-minor_units(currency)), currency)


def _plan_fits(
    instance: Restitution, attribute: attrs.Attribute[Any], value: PaymentPlan | None
) -> None:
    if value is None:
        return
    if value.instalment.currency != instance.amount.currency:
        v.fail(
            instance,
            attribute,
            "currency-mismatch",
            "instalments must be in the restitution's currency",
        )
    count = value.count(instance.amount)
    if count > MAX_INSTALMENTS:
        v.fail(
            instance,
            attribute,
            "too-many-instalments",
            f"more than {MAX_INSTALMENTS} instalments",
        )
    try:
        value.due(max(count, 1))
    except (OverflowError, ValueError):
        v.fail(instance, attribute, "beyond-calendar", "ends after the year 9999")


def _same_currency(
    instance: Restitution, attribute: attrs.Attribute[Any], value: tuple[Payment, ...]
) -> None:
    if any(p.amount.currency != instance.amount.currency for p in value):
        v.fail(
            instance,
            attribute,
            "currency-mismatch",
            "payments must be in the restitution's currency",
        )


@attrs.frozen
class Restitution:
    """An arrangement to repay `amount`, and the payments made so far.

    A promise or a payment plan counts as made with restitution still
    open; the balance is always known.
    """

    kind: RestitutionKind = attrs.field(validator=v.member_of(RestitutionKind))
    amount: Money = attrs.field(validator=v.instance_of(Money))
    payments: tuple[Payment, ...] = attrs.field(
        default=(),
        converter=v.to_tuple,
        validator=[v.tuple_of(v.instance_of(Payment)), _same_currency],
    )
    notes: str = text_field(Sensitivity.PRIVATE)
    payment_plan: PaymentPlan | None = attrs.field(
        default=None, validator=[v.optional(v.instance_of(PaymentPlan)), _plan_fits]
    )

    @property
    def paid(self) -> Money:
        """The sum of the payments made."""
        total = sum((p.amount.amount for p in self.payments), start=self._zero)
        return Money(total, self.amount.currency)

    @property
    def balance(self) -> Money:
        """What is still owed (never below zero)."""
        left = max(self.amount.amount - self.paid.amount, self._zero)
        return Money(left, self.amount.currency)

    @property
    def _zero(self) -> Decimal:
        """Zero in the currency's minor units (``0.00`` for EUR)."""
        return Decimal(0).scaleb(-minor_units(self.amount.currency))

    @property
    def settled(self) -> bool:
        """Whether nothing is owed any more."""
        return self.balance.amount == 0

    def schedule(self) -> tuple[Instalment, ...]:
        """Every instalment of the payment plan, in order (none without a plan).

        The amounts are in the currency's minor units, each more than zero,
        and add up to exactly `amount`.
        """
        plan = self.payment_plan
        if plan is None:
            return ()
        currency = self.amount.currency
        return tuple(
            Instalment(number, plan.due(number), _money(minor, currency))
            for number, minor in self._minor_amounts(plan)
        )

    def open_instalments(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> tuple[Instalment, ...]:
        """The instalments still to pay, each with what is left of it.

        The payments recorded so far pay the instalments oldest first:
        those fully paid are left out, a partly paid one keeps its rest.
        With `start` or `end`, only those due in [`start`, `end`).
        """
        for name, bound in (("start", start), ("end", end)):
            if bound is not None:
                _day(bound, name)
        plan = self.payment_plan
        if plan is None:
            return ()
        currency = self.amount.currency
        paid = _minor(self.paid.amount, minor_units(currency))
        left = []
        for number, minor in self._minor_amounts(plan):
            if paid >= minor:
                paid -= minor
                continue
            rest, paid = minor - paid, 0
            due = plan.due(number)
            if end is not None and due >= end:
                break  # due dates never go backwards
            if start is None or due >= start:
                left.append(Instalment(number, due, _money(rest, currency)))
        return tuple(left)

    def _minor_amounts(self, plan: PaymentPlan) -> Iterator[tuple[int, int]]:
        """Each instalment's number and amount in minor units; the last the rest."""
        units = minor_units(self.amount.currency)
        whole = _minor(self.amount.amount, units)
        step = _minor(plan.instalment.amount, units)
        count = plan.count(self.amount)
        for number in range(1, count + 1):
            yield number, step if number < count else whole - step * (count - 1)

    def paid_on(self, on: dt.date) -> Money:
        """The sum of the payments made on or before `on`."""
        _day(on, "on")
        total = sum(
            (p.amount.amount for p in self.payments if p.on <= on), start=self._zero
        )
        return Money(total, self.amount.currency)

    def balance_on(self, on: dt.date) -> Money:
        """What is still owed at the end of `on` (never below zero)."""
        left = max(self.amount.amount - self.paid_on(on).amount, self._zero)
        return Money(left, self.amount.currency)

    def due_on(self, on: dt.date) -> Money:
        """The sum of the instalments due on or before `on`."""
        _day(on, "on")
        total = sum(
            (i.amount.amount for i in self.schedule() if i.due <= on), start=self._zero
        )
        return Money(total, self.amount.currency)

    def overdue_on(self, on: dt.date) -> Money:
        """What was due before `on` and is not paid by the end of `on`.

        An instalment due on `on` itself is not overdue yet; without a
        payment plan nothing is ever overdue.
        """
        _day(on, "on")
        due = sum(
            (i.amount.amount for i in self.schedule() if i.due < on), start=self._zero
        )
        late = max(due - self.paid_on(on).amount, self._zero)
        return Money(late, self.amount.currency)


def _day(value: Any, name: str) -> None:
    v.day(value, "Restitution", name)
