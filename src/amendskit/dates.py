"""Partial dates: when a harm happened is often known only to the year or month."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs

from amendskit import _validation as v
from amendskit.errors import ValidationError

__all__ = ["PartialDate"]

_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _month(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    v.instance_of(int)(instance, attribute, value)
    if not 1 <= value <= 12:
        v.fail(instance, attribute, "out-of-range", "must be from 1 to 12")


def _year(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance_of(int)(instance, attribute, value)
    if not dt.MINYEAR <= value <= dt.MAXYEAR:
        v.fail(instance, attribute, "out-of-range", "must be from 1 to 9999")


@attrs.frozen
class PartialDate:
    """A date known to the year, the month, or the day.

    >>> str(PartialDate(2019, 6))
    '2019-06'
    >>> PartialDate.parse("2019-06-14").precision
    'day'
    """

    year: int = attrs.field(validator=_year)
    month: int | None = attrs.field(default=None, validator=_month)
    day: int | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(int))
    )

    def __attrs_post_init__(self) -> None:
        if self.day is None:
            return
        if self.month is None:
            raise ValidationError(
                "PartialDate", "day", "day-without-month", "a day needs a month"
            )
        try:
            dt.date(self.year, self.month, self.day)
        except ValueError:
            raise ValidationError(
                "PartialDate", "day", "out-of-range", "no such day in that month"
            ) from None

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self.day is not None:
            return "day"
        return "year" if self.month is None else "month"

    @property
    def earliest(self) -> dt.date:
        """The first day the partial date may mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ISO text: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        match = _ISO.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValidationError(
                "PartialDate",
                "text",
                "bad-partial-date",
                "must be YYYY, YYYY-MM or YYYY-MM-DD",
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None  # the pattern always captures the year
        return cls(year, month, day)

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        parts += [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)
