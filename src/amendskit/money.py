"""Money: an exact decimal amount in an ISO 4217 currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from amendskit import _validation as v

__all__ = ["Money", "minor_units"]

_CURRENCY = v.matches("[A-Z]{3}", "bad-currency", "must be an ISO 4217 code")

# ISO 4217 currencies whose minor unit is not the usual two decimals.
_MINOR_UNITS = {
    **dict.fromkeys(
        (
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
}


def minor_units(currency: str) -> int:
    """How many decimals the currency's smallest unit has (2 unless listed)."""
    return _MINOR_UNITS.get(currency, 2)


#: Amounts are below 10**18: what every JSON client can hold as a decimal string.
MAX_AMOUNT = Decimal(10) ** 18


def _decimal_places(value: Decimal) -> int:
    """How many decimals `value` is written with (``1.230`` has 3).

    Read from `str`, which is several times quicker than `as_tuple`, unless
    it is written with an exponent.
    """
    text = str(value)
    if "E" in text:
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)  # finite_decimal ran first
        return max(0, -exponent)
    point = text.find(".")
    return 0 if point < 0 else len(text) - point - 1


def _within_minor_units(
    instance: Money, attribute: attrs.Attribute[Any], value: Decimal
) -> None:
    if value >= MAX_AMOUNT:
        v.fail(instance, attribute, "too-large", "must be below 10**18")
    if _decimal_places(value) > minor_units(instance.currency):
        v.fail(instance, attribute, "too-precise", "finer than the currency's unit")


@attrs.frozen(order=False)
class Money:
    """An exact amount of money: a non-negative `Decimal` and a currency.

    Amounts are never floats, and never finer than the currency's smallest
    unit (cents for EUR, whole yen for JPY).

    >>> Money(Decimal("12.50"), "EUR")
    Money(amount=Decimal('12.50'), currency='EUR')
    """

    amount: Decimal = attrs.field(validator=v.finite_decimal)
    currency: str = attrs.field(validator=_CURRENCY)

    def __attrs_post_init__(self) -> None:
        _within_minor_units(self, _AMOUNT, self.amount)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


_AMOUNT = attrs.fields(Money).amount
