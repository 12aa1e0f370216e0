"""Restitution: paying back what is owed, in full, in part, or over time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs

from amendskit import _validation as v
from amendskit.money import Money, minor_units
from amendskit.sensitivity import Sensitivity, text_field

__all__ = ["Payment", "Restitution", "RestitutionKind"]


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
