"""Dates people remember, and calendar intervals.

When a harm happened is often known only to the year or the month
(`PartialDate`, read from what a person types by `PartialDate.parse_loose`).
Payment plans and follow-ups step through the calendar by an `Interval`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import NoReturn, TypeVar

import attrs
from dateutil.parser import parserinfo
from dateutil.relativedelta import relativedelta

from amendskit import _validation as v
from amendskit.errors import ValidationError

__all__ = ["Interval", "IntervalUnit", "PartialDate"]

_When = TypeVar("_When", dt.date, dt.datetime)

#: The longest text `PartialDate.parse_loose` reads (characters).
MAX_LOOSE = 100
#: The most units an `Interval` counts.
MAX_INTERVAL = 999
_DEFAULT_INFO = parserinfo()
# Numbers (ASCII digits only), words (letters of any script), single others.
_TOKENS = re.compile(r"[0-9]+|[^\W\d_]+|\S")
_SEPARATORS = frozenset(",.-/")

_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@attrs.frozen
class PartialDate:
    """A date known to the year, the month, or the day.

    >>> str(PartialDate(2019, 6))
    '2019-06'
    >>> PartialDate.parse("2019-06-14").precision
    'day'
    """

    year: int = attrs.field(validator=v.int_range(dt.MINYEAR, dt.MAXYEAR))
    month: int | None = attrs.field(
        default=None, validator=v.optional(v.int_range(1, 12))
    )
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
        except (ValueError, OverflowError):
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
    def parse_loose(cls, text: str, info: parserinfo | None = None) -> PartialDate:
        """Read a date as people write it, at the precision they gave.

        Takes ISO text (``2019``, ``2019-06``, ``2019-06-14``), year first
        with other separators (``2019/6``, ``2019.06.14``), a month and a
        four-digit year (``06/2019``, ``June 2019``, ``jun 2019``,
        ``Jun-2019``), and a day with a month name (``14 June 2019``,
        ``June 14th, 2019``, ``Friday 14 June 2019``). Month and weekday
        names come from dateutil's `parserinfo` (`info`; pass a subclass for
        other languages). Refused with a `ValidationError` whose code says
        why, never repeating the text: ``empty``, ``too-long``,
        ``ambiguous-date`` (all-numeric day, month and year such as
        ``05/06/2019``: day first or month first cannot be told apart),
        ``two-digit-year``, ``no-year``, ``weekday-mismatch``,
        ``bad-partial-date`` (anything else, a time of day included), and
        ``out-of-range`` for a month or day that does not exist.

        >>> str(PartialDate.parse_loose("jun 2019"))
        '2019-06'
        """
        if not isinstance(text, str):
            _refuse("wrong-type", "must be text")
        if v.is_blank(text):
            _refuse("empty", "must not be empty")
        if len(text) > MAX_LOOSE:
            _refuse("too-long", f"longer than {MAX_LOOSE} chars")
        text = text.strip()
        if _ISO.fullmatch(text):
            return cls.parse(text)
        tokens = _TOKENS.findall(text)
        if all(_digits(t) or t in _SEPARATORS or t.isspace() for t in tokens):
            return cls(*_numeric([t for t in tokens if _digits(t)]))
        return cls(*_words(tokens, info or _DEFAULT_INFO))

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
        year, month, day = match.groups()  # the pattern always captures the year
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _digits(token: str) -> bool:
    """ASCII digits only: `str.isdigit` also takes "²", which `int` refuses."""
    return token.isascii() and token.isdigit()


def _refuse(code: str, reason: str) -> NoReturn:
    raise ValidationError("PartialDate", "text", code, reason)


def _numeric(numbers: list[str]) -> tuple[int, int | None, int | None]:
    """Year, month, day from numbers alone: year first, or month and year."""
    sizes = [len(n) for n in numbers]
    if len(numbers) in (2, 3) and sizes[0] == 4 and max(sizes[1:]) <= 2:
        parts = [int(n) for n in numbers]
        return parts[0], parts[1], parts[2] if len(parts) == 3 else None
    if sizes == [2, 4] or sizes == [1, 4]:
        return int(numbers[1]), int(numbers[0]), None
    if len(numbers) == 3 and sizes[2] == 4 and max(sizes[:2]) <= 2:
        _refuse("ambiguous-date", "day and month order is ambiguous: use a month name")
    if 4 not in sizes and 1 < len(numbers) <= 3 and max(sizes) <= 2:
        _refuse("two-digit-year", "the year must have four digits")
    _refuse("bad-partial-date", "not a date this reader understands")


def _words(tokens: list[str], info: parserinfo) -> tuple[int, int | None, int | None]:
    """Year, month, day from a month name and numbers, in any order."""
    months: list[int] = []
    weekdays: list[int] = []
    numbers: list[str] = []
    for token in tokens:
        if _digits(token):
            numbers.append(token)
        elif token in _SEPARATORS or token.isspace():
            continue
        elif (month := info.month(token)) is not None:
            months.append(month)
        elif (weekday := info.weekday(token)) is not None:
            weekdays.append(weekday)
        elif not (token.isalpha() and info.jump(token)):
            _refuse("bad-partial-date", "not a date this reader understands")
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(months) != 1 or len(weekdays) > 1 or len(years) + len(days) < len(numbers):
        _refuse("bad-partial-date", "not a date this reader understands")
    if not years:
        # "14 June 19" or "June 45": a number that can only be a short year.
        if len(days) > 1 or any(int(n) > 31 for n in days):
            _refuse("two-digit-year", "the year must have four digits")
        _refuse("no-year", "a year (four digits) is needed")
    if len(years) > 1 or len(days) > 1 or (weekdays and not days):
        _refuse("bad-partial-date", "not a date this reader understands")
    year, month = int(years[0]), months[0]
    day = int(days[0]) if days else None
    if weekdays and _weekday(year, month, day) not in (None, weekdays[0]):
        _refuse("weekday-mismatch", "the weekday does not fall on that date")
    return year, month, day


def _weekday(year: int, month: int, day: int | None) -> int | None:
    """The date's weekday, or `None` for no day or no such date.

    For no such date, `PartialDate` itself says which part is out of range.
    """
    try:
        return dt.date(year, month, day or 0).weekday()
    except ValueError:
        return None


class IntervalUnit(StrEnum):
    """The calendar unit an `Interval` counts."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


@attrs.frozen
class Interval:
    """A calendar interval: `count` days, weeks, months or years.

    Steps are always taken from the start in one go (start + n x interval),
    never one after another, so a month after 31 January is the last day
    of February and two months after it is 31 March.

    >>> Interval(1, IntervalUnit.MONTHS).after(dt.date(2024, 1, 31), 2)
    datetime.date(2024, 3, 31)
    """

    count: int = attrs.field(validator=v.int_range(1, MAX_INTERVAL))
    unit: IntervalUnit = attrs.field(validator=v.member_of(IntervalUnit))

    def after(self, start: _When, times: int = 1) -> _When:
        """`start` moved on by `times` intervals (wall-clock time for datetimes).

        Raises `OverflowError` or `ValueError` past the calendar's end
        (year 9999).
        """
        steps = self.count * times
        if self.unit is IntervalUnit.DAYS:
            return start + dt.timedelta(days=steps)
        if self.unit is IntervalUnit.WEEKS:
            return start + dt.timedelta(weeks=steps)
        if self.unit is IntervalUnit.MONTHS:
            return start + relativedelta(months=steps)
        return start + relativedelta(years=steps)
