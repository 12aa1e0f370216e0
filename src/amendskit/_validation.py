"""Validators and converters for attrs fields that raise `ValidationError`.

attrs' own validators raise `TypeError`; ours raise the library's error so
that a caller only ever has to catch `AmendsError`, and they never put the
offending value in the message.

The validators are small frozen classes rather than closures: their
parameters (a text's maximum length, whether a list may repeat items) are
the single source from which the JSON Schema is generated. Fields take them
through the factories below (`text`, `instance_of`...), which return the
bound `__call__`, quicker to call; `parameters` gives the object back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, NoReturn

import attrs

from amendskit.errors import ValidationError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: The longest free text a field takes by default (characters).
MAX_TEXT = 10_000
#: The longest name or label (characters).
MAX_NAME = 200
#: The longest id (characters).
MAX_ID = 100

# White space as ECMA-262 (and so JSON Schema patterns) defines it, so that
# "blank" means the same here, in the schema and in a JavaScript client.
WHITESPACE = (
    "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
_BLANK = re.compile(f"[{WHITESPACE}]*")
_ID = re.compile(f"[^{WHITESPACE}]{{1,{MAX_ID}}}")
#: A JSON Schema pattern for text with at least one non-blank character.
NONBLANK_PATTERN = f"[^{WHITESPACE}]"
#: A JSON Schema pattern for an id.
ID_PATTERN = f"^[^{WHITESPACE}]{{1,{MAX_ID}}}$"


def fail(
    instance: Any, attribute: attrs.Attribute[Any], code: str, reason: str
) -> NoReturn:
    """Raise the `ValidationError` for this field."""
    raise ValidationError(type(instance).__name__, attribute.name, code, reason)


def encodable(text: str) -> bool:
    """Whether `text` can be written as UTF-8 (no lone surrogates).

    Callers ask `text.isascii()` first: quicker, and enough for most text.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_blank(text: str) -> bool:
    """Whether `text` holds nothing but white space."""
    return _BLANK.fullmatch(text) is not None


@attrs.frozen
class Text:
    """A `str` of at most `max_length` characters; `blank=False` wants content."""

    max_length: int = MAX_TEXT
    blank: bool = True

    def __call__(
        self, instance: Any, attribute: attrs.Attribute[Any], value: Any
    ) -> None:
        if not isinstance(value, str):
            fail(instance, attribute, "not-text", "must be text")
        if not value.isascii() and not encodable(value):
            fail(instance, attribute, "bad-text", "must be valid Unicode text")
        if len(value) > self.max_length:
            fail(
                instance, attribute, "too-long", f"longer than {self.max_length} chars"
            )
        if not self.blank and is_blank(value):
            fail(instance, attribute, "blank", "must not be blank")


@attrs.frozen
class Identifier:
    """An opaque id: 1 to 100 characters without white space."""

    def __call__(
        self, instance: Any, attribute: attrs.Attribute[Any], value: Any
    ) -> None:
        valid = isinstance(value, str) and _ID.fullmatch(value) is not None
        if not valid or not (value.isascii() or encodable(value)):
            fail(
                instance,
                attribute,
                "bad-id",
                "must be an id: 1 to 100 chars, no spaces",
            )


#: The validator of ids.
identifier: Validator = Identifier().__call__


@attrs.frozen
class InstanceOf:
    """The value is an instance of one of `types` (`bool` is not an `int`)."""

    types: tuple[type, ...]

    def __call__(
        self, instance: Any, attribute: attrs.Attribute[Any], value: Any
    ) -> None:
        if type(value) in self.types:  # the common case, decided at once
            return
        wrong_bool = isinstance(value, bool) and bool not in self.types
        if wrong_bool or not isinstance(value, self.types):
            names = " or ".join(t.__name__ for t in self.types)
            fail(instance, attribute, "wrong-type", f"must be {names}")


def instance_of(*types: type) -> Validator:
    """The value is an instance of one of `types` (enum members, not values)."""
    return InstanceOf(types).__call__


member_of = instance_of


@attrs.frozen
class Optional:
    """`None`, or a value that passes `inner`."""

    inner: Validator

    def __call__(
        self, instance: Any, attribute: attrs.Attribute[Any], value: Any
    ) -> None:
        if value is not None:
            self.inner(instance, attribute, value)


def optional(inner: Validator) -> Validator:
    """`None`, or a value that passes `inner`."""
    return Optional(inner).__call__


@attrs.frozen
class IntRange:
    """An `int` (never a `bool`) from `minimum` to `maximum`, both included."""

    minimum: int
    maximum: int

    def __call__(
        self, instance: Any, attribute: attrs.Attribute[Any], value: Any
    ) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            fail(instance, attribute, "wrong-type", "must be int")
        if not self.minimum <= value <= self.maximum:
            fail(
                instance,
                attribute,
                "out-of-range",
                f"must be from {self.minimum} to {self.maximum}",
            )


def _moment_problem(value: Any) -> tuple[str, str] | None:
    """Why `value` is not an aware datetime (code, reason), or None."""
    if not isinstance(value, dt.datetime):
        return "wrong-type", "must be a datetime"
    if value.utcoffset() is None:
        return "naive-datetime", "must carry a UTC offset"
    return None


def _day_problem(value: Any) -> tuple[str, str] | None:
    """Why `value` is not a plain date (code, reason), or None."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return "wrong-type", "must be a date"
    return None


def moment(value: Any, owner: str, name: str) -> dt.datetime:
    """An argument that must be an aware datetime (a `ValidationError` if not)."""
    problem = _moment_problem(value)
    if problem is not None:
        raise ValidationError(owner, name, *problem)
    return value  # type: ignore[no-any-return]


def day(value: Any, owner: str, name: str) -> dt.date:
    """An argument that must be a date, not a datetime (a `ValidationError` if not)."""
    problem = _day_problem(value)
    if problem is not None:
        raise ValidationError(owner, name, *problem)
    return value  # type: ignore[no-any-return]


def aware_datetime(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A `datetime` with a UTC offset in whole minutes (as RFC 3339 writes it).

    Naive datetimes are ambiguous; offsets with seconds (historical local
    mean times) cannot be written in a document.
    """
    offset = value.utcoffset() if isinstance(value, dt.datetime) else None
    if offset is None:
        problem = _moment_problem(value)
        assert problem is not None  # no offset: not aware, or not a datetime
        fail(instance, attribute, *problem)
    if offset.seconds % 60 or offset.microseconds:
        fail(instance, attribute, "odd-offset", "its UTC offset must be whole minutes")


def fixed_offset(value: Any) -> Any:
    """An aware datetime with its time zone replaced by its UTC offset then.

    The instant and the local time stay the same. Python compares two times
    of one zone by wall clock, ignoring `fold`, so in a daylight-saving
    changeover 02:10 (second pass) would sort after 02:50 (first pass);
    fixed offsets compare by instant, as a document's times do. An offset
    with seconds (a historical local mean time) cannot be written in RFC
    3339, so such a time moves to UTC; near year 1, where it cannot, the
    validator refuses it.
    """
    if not isinstance(value, dt.datetime):
        return value
    offset = value.utcoffset()
    if offset is None:
        return value
    if offset.seconds % 60 or offset.microseconds:
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            return value
    if isinstance(value.tzinfo, dt.timezone):
        return value
    return value.replace(tzinfo=dt.timezone(offset), fold=0)


#: Windows (an agenda, a commitment's occurrences) lie within these years:
#: a day and a UTC offset either side of them stay in Python's calendar.
WINDOW_YEARS = (dt.MINYEAR + 1, dt.MAXYEAR - 1)
_EARLIEST = dt.datetime(WINDOW_YEARS[0], 1, 1, tzinfo=dt.UTC)
_LATEST = dt.datetime(WINDOW_YEARS[1] + 1, 1, 1, tzinfo=dt.UTC)


def window(start: Any, end: Any, owner: str) -> tuple[dt.datetime, dt.datetime]:
    """`start` and `end` checked: aware datetimes in `WINDOW_YEARS`, in order."""
    start, end = moment(start, owner, "start"), moment(end, owner, "end")
    if end < start:
        raise ValidationError(owner, "end", "end-before-start", "before the start")
    for name, at in (("start", start), ("end", end)):
        if not _EARLIEST <= at <= _LATEST:
            first, last = WINDOW_YEARS
            raise ValidationError(
                owner, name, "out-of-range", f"must be within the years {first}-{last}"
            )
    return start, end


def plain_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A `date` that is not a `datetime`."""
    problem = _day_problem(value)
    if problem is not None:
        fail(instance, attribute, *problem)


def finite_decimal(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A finite, non-negative `Decimal` (never a float)."""
    if not isinstance(value, Decimal):
        fail(instance, attribute, "wrong-type", "must be a Decimal")
    if not value.is_finite():
        fail(instance, attribute, "not-finite", "must be a finite number")
    if value < 0:
        fail(instance, attribute, "negative", "must not be negative")


@attrs.frozen
class Matches:
    """Text that matches `pattern` whole; refused with `code` and `reason`."""

    pattern: str
    code: str
    reason: str
    _compiled: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.pattern))

    def __call__(
        self, instance: Any, attribute: attrs.Attribute[Any], value: Any
    ) -> None:
        if not isinstance(value, str) or self._compiled.fullmatch(value) is None:
            fail(instance, attribute, self.code, self.reason)


@attrs.frozen
class TupleOf:
    """A tuple whose items pass `item`; optionally unique or non-empty."""

    item: Validator
    unique: bool = False
    nonempty: bool = False

    def __call__(
        self, instance: Any, attribute: attrs.Attribute[Any], value: Any
    ) -> None:
        if not isinstance(value, tuple):
            fail(instance, attribute, "wrong-type", "must be a tuple")
        if self.nonempty and not value:
            fail(instance, attribute, "empty", "must not be empty")
        for element in value:
            self.item(instance, attribute, element)
        if self.unique and len(set(value)) != len(value):
            fail(instance, attribute, "duplicate", "must not repeat an item")


def tuple_of(
    item: Validator, *, unique: bool = False, nonempty: bool = False
) -> Validator:
    """A tuple whose items pass `item`; optionally unique or non-empty."""
    return TupleOf(item, unique, nonempty).__call__


def text(max_length: int = MAX_TEXT, *, blank: bool = True) -> Validator:
    """A `str` of at most `max_length` characters; `blank=False` wants content."""
    return Text(max_length, blank).__call__


def int_range(minimum: int, maximum: int) -> Validator:
    """An `int` (never a `bool`) from `minimum` to `maximum`, both included."""
    return IntRange(minimum, maximum).__call__


def matches(pattern: str, code: str, reason: str) -> Validator:
    """Text that matches `pattern` whole; refused with `code` and `reason`."""
    return Matches(pattern, code, reason).__call__


def parameters(validator: Any) -> Any:
    """The validator object (`Text`, `TupleOf`...) behind a field's validator.

    Fields hold the bound `__call__` of these objects, which Python calls
    about 1.7 to 1.9 times as fast as the object itself; the schema reads
    the object.
    """
    return getattr(validator, "__self__", validator)


def to_tuple(value: Any) -> Any:
    """Turn a list (or other non-text iterable) into a tuple; leave the rest.

    Text is left alone so that the validator refuses it instead of turning
    `"abc"` into `("a", "b", "c")`.
    """
    if type(value) is tuple:
        return value
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        return value
    return tuple(value)
