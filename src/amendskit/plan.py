"""Amend plans: the plan for one person, and its append-only history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from amendskit import _validation as v
from amendskit.lifecycle import Status, find_transition
from amendskit.living import Commitment
from amendskit.outcome import Outcome
from amendskit.preparation import (
    Approach,
    Consent,
    Deferral,
    FollowUp,
    FollowUpAnchor,
    RepairAction,
    Review,
    SafetyAssessment,
)
from amendskit.restitution import Restitution
from amendskit.sensitivity import Sensitivity, text_field

__all__ = ["AmendPlan", "HistoryRecord"]


@attrs.frozen
class HistoryRecord:
    """One move of a plan: its sequence number, from, to, when and a note.

    The first record of every plan has `from_status` `None` and lists it.
    """

    seq: int = attrs.field(validator=v.instance_of(int))
    from_status: Status | None = attrs.field(validator=v.optional(v.member_of(Status)))
    to_status: Status = attrs.field(validator=v.member_of(Status))
    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware_datetime)
    note: str = text_field(Sensitivity.PERSONAL)


def _history(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A gapless, ordered history whose every step is in the lifecycle table."""
    previous: HistoryRecord | None = None
    for seq, record in enumerate(value, start=1):
        if record.seq != seq:
            v.fail(
                instance,
                attribute,
                "history-gap",
                "sequence numbers must count 1, 2, 3... without a gap",
            )
        source = previous.to_status if previous else None
        if record.from_status is not source:
            v.fail(
                instance,
                attribute,
                "history-broken",
                "each record must start where the one before ended",
            )
        if find_transition(record.from_status, record.to_status) is None:
            v.fail(
                instance,
                attribute,
                "history-not-allowed",
                "a record holds a move the lifecycle does not allow",
            )
        if previous and record.at < previous.at:
            v.fail(
                instance,
                attribute,
                "history-backwards",
                "timestamps must never go backwards",
            )
        previous = record


def _list_of(item: type) -> Any:
    return attrs.field(
        default=(), converter=v.to_tuple, validator=v.tuple_of(v.instance_of(item))
    )


@attrs.frozen
class AmendPlan:
    """The plan to make amends to one person for one or more harms.

    Its status is always its history's last record: change it only through
    `Workbook.transition` and `Workbook.record_outcome`, which guard every
    move with the rules. Create a new plan with `AmendPlan.new`.
    """

    id: str = attrs.field(validator=v.identifier)
    person_id: str = attrs.field(validator=v.identifier)
    harm_ids: tuple[str, ...] = attrs.field(
        converter=v.to_tuple,
        validator=v.tuple_of(v.identifier, unique=True, nonempty=True),
    )
    history: tuple[HistoryRecord, ...] = attrs.field(
        converter=v.to_tuple,
        validator=[v.tuple_of(v.instance_of(HistoryRecord), nonempty=True), _history],
    )
    approach: Approach | None = attrs.field(
        default=None, validator=v.optional(v.member_of(Approach))
    )
    safety: SafetyAssessment | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(SafetyAssessment))
    )
    consents: tuple[Consent, ...] = _list_of(Consent)
    reviews: tuple[Review, ...] = _list_of(Review)
    actions: tuple[RepairAction, ...] = _list_of(RepairAction)
    restitution: Restitution | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Restitution))
    )
    deferral: Deferral | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Deferral))
    )
    commitments: tuple[Commitment, ...] = _list_of(Commitment)
    outcomes: tuple[Outcome, ...] = _list_of(Outcome)
    notes: str = text_field(Sensitivity.PRIVATE)
    #: When the amends are to be made (a meeting, a call), if arranged.
    meeting_at: dt.datetime | None = attrs.field(
        default=None, converter=v.fixed_offset, validator=v.optional(v.aware_datetime)
    )
    follow_ups: tuple[FollowUp, ...] = _list_of(FollowUp)

    @classmethod
    def new(
        cls,
        *,
        id: str,
        person_id: str,
        harm_ids: tuple[str, ...] | list[str],
        at: dt.datetime,
        note: str = "",
        **fields: Any,
    ) -> AmendPlan:
        """A plan just put on the list: its history is one *listed* record."""
        first = HistoryRecord(1, None, Status.LISTED, at, note)
        return cls(
            id=id, person_id=person_id, harm_ids=harm_ids, history=(first,), **fields
        )

    @property
    def status(self) -> Status:
        """The current status: the last history record's."""
        return self.history[-1].to_status

    @property
    def last_moved_at(self) -> dt.datetime:
        """When the plan entered its current status."""
        return self.history[-1].at

    def entered(self, status: Status) -> dt.datetime | None:
        """When the plan last entered `status`, or `None` if it never did."""
        for record in reversed(self.history):
            if record.to_status is status:
                return record.at
        return None

    def moved(self, to: Status, at: dt.datetime, note: str = "") -> AmendPlan:
        """This plan with one more history record; the caller checks the rules."""
        record = HistoryRecord(len(self.history) + 1, self.status, to, at, note)
        return attrs.evolve(self, history=(*self.history, record))

    def follow_up_on(self, follow_up: FollowUp) -> dt.date | None:
        """The day `follow_up` falls due, or `None` while its anchor has no time.

        Counted from the day of the meeting or of the latest outcome, as
        written (in its own UTC offset); `None` also past the year 9999.
        """
        if follow_up.after is FollowUpAnchor.MEETING:
            anchor = self.meeting_at
        else:
            anchor = max((o.at for o in self.outcomes), default=None)
        if anchor is None:
            return None
        try:
            return follow_up.offset.after(anchor.date())
        except (OverflowError, ValueError):
            return None
