"""Outcomes: what happened when the amend was attempted."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from amendskit import _validation as v
from amendskit.lifecycle import Status
from amendskit.sensitivity import Sensitivity, text_field

__all__ = ["Outcome", "OutcomeKind"]


class OutcomeKind(StrEnum):
    """How an attempt at amends went."""

    #: The person heard the amends and received them.
    RECEIVED = "received"
    #: The person heard them and rejected them: still made (BB p.78).
    REBUFFED = "rebuffed"
    #: Received in part (some of it heard, some restitution accepted).
    PARTIAL = "partial"
    #: The person declined to hear or meet.
    DECLINED = "declined"
    #: The attempt did not reach the person: no change of status.
    NOT_REACHED = "not_reached"

    @property
    def target(self) -> Status | None:
        """The status a prepared plan moves to, or `None` for no change."""
        return _TARGETS.get(self)


_TARGETS = {
    OutcomeKind.RECEIVED: Status.MADE,
    OutcomeKind.REBUFFED: Status.MADE,
    OutcomeKind.PARTIAL: Status.MADE,
    OutcomeKind.DECLINED: Status.DECLINED,
}


@attrs.frozen
class Outcome:
    """The outcome of an attempt to make the amend, recorded at `at`."""

    kind: OutcomeKind = attrs.field(validator=v.member_of(OutcomeKind))
    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware_datetime)
    notes: str = text_field(Sensitivity.PRIVATE)
