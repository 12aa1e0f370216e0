"""Validators and converters for attrs fields that raise `ValidationError`.

attrs' own validators raise `TypeError`; ours raise the library's error so
that a caller only ever has to catch `AmendsError`, and they never put the
offending value in the message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs

from amendskit.errors import ValidationError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: The longest free text a field takes by default (characters).
MAX_TEXT = 10_000
#: The longest name or label (characters).
MAX_NAME = 200


def fail(
    instance: Any, attribute: attrs.Attribute[Any], code: str, reason: str
) -> None:
    raise ValidationError(type(instance).__name__, attribute.name, code, reason)


def text(*, max_length: int = MAX_TEXT, blank: bool = True) -> Validator:
    """A `str` of at most `max_length` characters; `blank=False` wants content."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            fail(instance, attribute, "not-text", "must be text")
        if len(value) > max_length:
            fail(instance, attribute, "too-long", f"longer than {max_length} chars")
        if not blank and not value.strip():
            fail(instance, attribute, "blank", "must not be blank")

    return check


def identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An opaque id: non-blank text of at most 100 characters, no spaces."""
    if not isinstance(value, str) or not value or len(value) > 100:
        fail(instance, attribute, "bad-id", "must be an id of 1 to 100 chars")
    if any(c.isspace() for c in value):
        fail(instance, attribute, "bad-id", "an id has no white space")


def instance_of(*types: type) -> Validator:
    """The value is an instance of one of `types` (`bool` is not an `int`)."""
    names = " or ".join(t.__name__ for t in types)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        wrong_bool = isinstance(value, bool) and bool not in types
        if wrong_bool or not isinstance(value, types):
            fail(instance, attribute, "wrong-type", f"must be {names}")

    return check


def member_of(enum: type[Enum]) -> Validator:
    """The value is a member of `enum` (its string value is not enough)."""
    return instance_of(enum)


def optional(validator: Validator) -> Validator:
    """`None`, or a value that passes `validator`."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


def aware_datetime(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A `datetime` with a UTC offset: naive datetimes are ambiguous."""
    if not isinstance(value, dt.datetime):
        fail(instance, attribute, "wrong-type", "must be a datetime")
    if value.utcoffset() is None:
        fail(instance, attribute, "naive-datetime", "must carry a UTC offset")


def plain_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A `date` that is not a `datetime`."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        fail(instance, attribute, "wrong-type", "must be a date")


def finite_decimal(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A finite, non-negative `Decimal` (never a float)."""
    if not isinstance(value, Decimal):
        fail(instance, attribute, "wrong-type", "must be a Decimal")
    if not value.is_finite():
        fail(instance, attribute, "not-finite", "must be a finite number")
    if value < 0:
        fail(instance, attribute, "negative", "must not be negative")


def tuple_of(
    item: Validator, *, unique: bool = False, nonempty: bool = False
) -> Validator:
    """A tuple whose items pass `item`; optionally unique or non-empty."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            fail(instance, attribute, "wrong-type", "must be a tuple")
        if nonempty and not value:
            fail(instance, attribute, "empty", "must not be empty")
        for element in value:
            item(instance, attribute, element)
        if unique and len(set(value)) != len(value):
            fail(instance, attribute, "duplicate", "must not repeat an item")

    return check


def to_tuple(value: Any) -> Any:
    """Turn a list (or other non-text iterable) into a tuple; leave the rest.

    Text is left alone so that the validator refuses it instead of turning
    `"abc"` into `("a", "b", "c")`.
    """
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        return value
    return tuple(value)
