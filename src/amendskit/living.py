"""Living amends: commitments to changed behaviour, kept week after week."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from dateutil.rrule import rrulestr

from amendskit import _validation as v
from amendskit.sensitivity import Sensitivity, label, text_field

__all__ = ["CheckIn", "Commitment"]

#: The longest RRULE value taken (characters).
MAX_RRULE = 500


def recurrence_rule(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An RFC 5545 RRULE value such as ``FREQ=WEEKLY;BYDAY=MO``."""
    v.Text(max_length=MAX_RRULE, blank=False)(instance, attribute, value)
    if not value.isprintable() or ":" in value or value.upper().startswith("RRULE"):
        v.fail(instance, attribute, "bad-rrule", "must be an RRULE value alone")
    try:
        rrulestr(value, dtstart=dt.datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        v.fail(instance, attribute, "bad-rrule", "must be a valid RFC 5545 RRULE")


@attrs.frozen
class CheckIn:
    """Whether a commitment was kept on a given day."""

    on: dt.date = attrs.field(validator=v.plain_date)
    kept: bool = attrs.field(validator=v.instance_of(bool))
    notes: str = text_field(Sensitivity.PRIVATE)


@attrs.frozen
class Commitment:
    """A changed-behaviour commitment with a cadence and check-ins.

    `cadence` is an RFC 5545 RRULE value (``FREQ=WEEKLY;BYDAY=SU``);
    `start` is when it began, `end` when it stopped (`None`: ongoing).
    """

    id: str = attrs.field(validator=v.identifier)
    text: str = attrs.field(
        validator=v.Text(blank=False), metadata=label(Sensitivity.PERSONAL)
    )
    cadence: str = attrs.field(validator=recurrence_rule)
    start: dt.datetime = attrs.field(validator=v.aware_datetime)
    end: dt.datetime | None = attrs.field(
        default=None, validator=v.optional(v.aware_datetime)
    )
    check_ins: tuple[CheckIn, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.tuple_of(v.instance_of(CheckIn))
    )

    def ongoing(self, at: dt.datetime) -> bool:
        """Whether the commitment has started and not ended at `at`."""
        return self.start <= at and (self.end is None or at < self.end)

    @property
    def kept_share(self) -> float | None:
        """The share of check-ins kept ("intentions and actions aligned")."""
        if not self.check_ins:
            return None
        return sum(c.kept for c in self.check_ins) / len(self.check_ins)
