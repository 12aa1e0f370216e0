"""The agenda: every dated thing a workbook holds, for any window of time.

`agenda(workbook, start, end)` lists, in time order, the scheduled
meetings, the instalments still to pay, deferral reviews, follow-ups and
the occurrences of living-amends commitments due in [`start`, `end`).
Items carry a generic summary built from their kind, never what a person
wrote, so an agenda can be shown, exported (`amendskit.ical.to_ical`) or
synced without carrying private text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs

from amendskit import _validation as v
from amendskit.money import Money
from amendskit.plan import AmendPlan

if TYPE_CHECKING:  # workbook.py may import this module for Workbook.agenda
    from amendskit.workbook import Workbook

__all__ = ["AgendaItem", "AgendaKind", "agenda"]


class AgendaKind(StrEnum):
    """What an agenda item is; the order here breaks ties at the same time."""

    MEETING = "meeting"
    INSTALMENT = "instalment"
    DEFERRAL_REVIEW = "deferral_review"
    FOLLOW_UP = "follow_up"
    COMMITMENT = "commitment"

    @property
    def summary(self) -> str:
        """The generic summary of items of this kind."""
        return _SUMMARIES[self]


_SUMMARIES = {
    AgendaKind.MEETING: "Amends meeting",
    AgendaKind.INSTALMENT: "Instalment due",
    AgendaKind.DEFERRAL_REVIEW: "Deferral review",
    AgendaKind.FOLLOW_UP: "Follow-up",
    AgendaKind.COMMITMENT: "Commitment",
}
_ORDER = {kind: index for index, kind in enumerate(AgendaKind)}


def _day_of(item: AgendaItem) -> dt.date:
    return item.at.date()


@attrs.frozen
class AgendaItem:
    """One dated thing on the agenda.

    `at` is an aware datetime: the time of a meeting or of a commitment's
    occurrence (in the commitment's time zone), or for an `all_day` item
    (instalments, deferral reviews, follow-ups) midnight of its `day` in
    the time zone of the window asked for. `ref` tells items of one plan
    and kind apart (an instalment's number, a follow-up's index, a
    commitment's id); `amount` is what is still to pay of an instalment.
    """

    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware_datetime)
    kind: AgendaKind = attrs.field(validator=v.member_of(AgendaKind))
    plan_id: str = attrs.field(validator=v.identifier)
    person_id: str = attrs.field(validator=v.identifier)
    summary: str = attrs.field(validator=v.text(blank=False))
    amount: Money | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Money))
    )
    all_day: bool = attrs.field(default=False, validator=v.instance_of(bool))
    day: dt.date = attrs.field(
        default=attrs.Factory(_day_of, takes_self=True), validator=v.plain_date
    )
    ref: str = attrs.field(default="", validator=v.text(max_length=v.MAX_ID))

    @property
    def uid(self) -> str:
        """A stable unique id: the same item always gets the same one.

        Built from the kind, plan id, `ref` and the day (all-day) or UTC
        time, percent-encoded so that no two items can share it.
        """
        when = (
            self.day.strftime("%Y%m%d")
            if self.all_day
            else self.at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        )
        parts = (self.kind.value, self.plan_id, self.ref, when)
        return "/".join(quote(part, safe="") for part in parts) + "@amendskit"


def agenda(
    workbook: Workbook, start: dt.datetime, end: dt.datetime
) -> tuple[AgendaItem, ...]:
    """Every dated thing in `workbook` due in [`start`, `end`), in order.

    Ordered by time, then kind (in `AgendaKind` order), then plan id; the
    sort is stable. Timed items (meetings, commitment occurrences) count
    when their instant is in the window; all-day items (instalments still
    to pay, deferral reviews, follow-ups) when midnight of their day, in
    `start`'s time zone, is. Instalments fully paid by the recorded
    payments are left out.
    """
    v.window(start, end, "agenda")
    keyed: list[tuple[dt.datetime, int, str, AgendaItem]] = []
    for plan in workbook.plans.values():
        keyed.extend(_plan_items(plan, start, end))
    keyed.sort(key=lambda entry: entry[:3])
    return tuple(entry[3] for entry in keyed)


def _utc(at: dt.datetime) -> dt.datetime:
    """`at` as a naive UTC datetime: fast to compare."""
    return at.astimezone(dt.UTC).replace(tzinfo=None)


def _plan_items(
    plan: AmendPlan, start: dt.datetime, end: dt.datetime
) -> Iterator[tuple[dt.datetime, int, str, AgendaItem]]:
    """The plan's items in the window, each after its sort key."""

    def item(
        instant: dt.datetime, at: dt.datetime, kind: AgendaKind, **fields: Any
    ) -> tuple[dt.datetime, int, str, AgendaItem]:
        values = {
            "at": at,
            "kind": kind,
            "plan_id": plan.id,
            "person_id": plan.person_id,
            "summary": kind.summary,
            "amount": None,
            "all_day": False,
            "day": at.date(),
            "ref": "",
            **fields,
        }
        return instant, _ORDER[kind], plan.id, _trusted(values)

    def all_day(day: dt.date | None, kind: AgendaKind, **fields: Any) -> Iterator[Any]:
        if day is None:
            return
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=start.tzinfo)
        if start <= midnight < end:
            yield item(_utc(midnight), midnight, kind, all_day=True, **fields)

    if plan.meeting_at is not None and start <= plan.meeting_at < end:
        yield item(_utc(plan.meeting_at), plan.meeting_at, AgendaKind.MEETING)
    if plan.restitution is not None:
        # a day either side: which days are in the window depends on its zone
        first = start.date() - dt.timedelta(days=1)
        last = end.date() + dt.timedelta(days=1)  # the window ends in time for it
        for due in plan.restitution.open_instalments(first, last):
            yield from all_day(
                due.due, AgendaKind.INSTALMENT, amount=due.amount, ref=str(due.number)
            )
    if plan.deferral is not None:
        yield from all_day(plan.deferral.review_on, AgendaKind.DEFERRAL_REVIEW)
    for index, follow_up in enumerate(plan.follow_ups):
        yield from all_day(
            plan.follow_up_on(follow_up), AgendaKind.FOLLOW_UP, ref=str(index)
        )
    for commitment in plan.commitments:
        for instant, at in commitment.instants(start, end):
            yield item(instant, at, AgendaKind.COMMITMENT, ref=commitment.id)


def _trusted(values: dict[str, Any]) -> AgendaItem:
    """An `AgendaItem` of values the model has already validated.

    Skipping attrs' validators here makes a large agenda about twice as
    fast; `values` holds every field.
    """
    item: AgendaItem = object.__new__(AgendaItem)
    for name, value in values.items():
        object.__setattr__(item, name, value)
    return item
