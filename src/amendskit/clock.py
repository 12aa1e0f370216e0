"""Clocks and id factories: where time and ids come from, injected.

The core never reads the system clock or a random source on its own: a
`Workbook` is given a clock and an id factory, and defaults to
`SystemClock` and `UuidIds`. Tests, demos and notebooks that want
repeatable results pass `FixedClock` and `SequentialIds`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from typing import Protocol, runtime_checkable

import attrs

from amendskit import _validation as v

__all__ = [
    "Clock",
    "FixedClock",
    "IdFactory",
    "SequentialIds",
    "SystemClock",
    "UuidIds",
]


@runtime_checkable
class Clock(Protocol):
    """Anything with a `now()` that returns an aware `datetime`."""

    def now(self) -> dt.datetime:
        """The current time, with a UTC offset."""
        ...


@runtime_checkable
class IdFactory(Protocol):
    """Anything that returns a new opaque id for an entity kind."""

    def __call__(self, kind: str) -> str:
        """A new id, unique for this factory, for an entity of `kind`."""
        ...


@attrs.frozen
class SystemClock:
    """The system's clock, in UTC."""

    def now(self) -> dt.datetime:
        """The current time in UTC."""
        return dt.datetime.now(dt.UTC)


@attrs.define
class FixedClock:
    """A clock that says what it is told: for tests, demos and notebooks.

    >>> clock = FixedClock(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    >>> clock.advance(days=2).now().isoformat()
    '2024-01-03T00:00:00+00:00'
    """

    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware_datetime)

    def now(self) -> dt.datetime:
        """The time the clock was set to."""
        return self.at

    def advance(self, **delta: float) -> FixedClock:
        """Move the clock forward by a `timedelta(**delta)`; returns itself."""
        self.at = self.at + dt.timedelta(**delta)
        return self


@attrs.frozen
class UuidIds:
    """Random ids: the kind's first letter, a dash and 128 random bits in hex.

    As unguessable as a UUID4 (the bits come from `os.urandom`), without
    the cost of importing `uuid`.
    """

    def __call__(self, kind: str) -> str:
        """A new random id for an entity of `kind`."""
        return f"{kind[:1] or 'x'}-{os.urandom(16).hex()}"


@attrs.define
class SequentialIds:
    """Readable, repeatable ids: ``person-1``, ``harm-1``, ``plan-1``, ...

    Each kind counts on its own.
    """

    _counters: dict[str, itertools.count[int]] = attrs.field(
        factory=dict, init=False, repr=False
    )

    def __call__(self, kind: str) -> str:
        """The next id for an entity of `kind`."""
        counter = self._counters.setdefault(kind, itertools.count(1))
        return f"{kind}-{next(counter)}"
