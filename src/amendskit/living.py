"""Living amends: commitments to changed behaviour, kept week after week.

A commitment's cadence is an RFC 5545 RRULE read in the person's own time
zone: a weekly commitment at 19:00 in Europe/Berlin stays at 19:00 there
across the changes to and from summer time. `commitment_report` tells, for
any window, what was due, what was kept or missed, what has no check-in
yet, and the current streak.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from dateutil import tz
from dateutil.rrule import rrule, rrulestr

from amendskit import _validation as v
from amendskit.errors import ValidationError
from amendskit.sensitivity import Sensitivity, label, text_field

__all__ = ["CheckIn", "Commitment", "CommitmentReport", "commitment_report"]

#: The longest RRULE value taken (characters).
MAX_RRULE = 500
#: An IANA time zone name such as ``Europe/Berlin`` or ``UTC``.
TIME_ZONE_PATTERN = r"[A-Za-z][A-Za-z0-9_+-]{0,29}(/[A-Za-z][A-Za-z0-9_+-]{0,29}){0,2}"
# Names that would read the machine's own zone, or count leap seconds.
_NOT_ZONES = ("localtime", "posixrules", "right/", "posix/")
_MARGIN = dt.timedelta(days=1)


_RRULE_TEXT = v.text(max_length=MAX_RRULE, blank=False)


def recurrence_rule(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An RFC 5545 RRULE value such as ``FREQ=WEEKLY;BYDAY=MO``."""
    _RRULE_TEXT(instance, attribute, value)
    if not value.isprintable() or ":" in value or value.upper().startswith("RRULE"):
        v.fail(instance, attribute, "bad-rrule", "must be an RRULE value alone")
    try:
        rrulestr(value, dtstart=dt.datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        v.fail(instance, attribute, "bad-rrule", "must be a valid RFC 5545 RRULE")
    parts = dict(part.split("=", 1) for part in value.upper().split(";") if part)
    if parts.get("FREQ") not in _CADENCES or not _positive(parts.get("INTERVAL", "1")):
        v.fail(
            instance,
            attribute,
            "bad-rrule",
            "must repeat at most daily, with an INTERVAL of 1 or more",
        )


#: The frequencies a commitment may have: a living amend is kept by the day
#: or longer. (Finer ones, or an INTERVAL of 0, would expand without end.)
_CADENCES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})


def _positive(text: str) -> bool:
    return text.isascii() and text.isdigit() and int(text) >= 1


def zone(name: str) -> dt.tzinfo:
    """The IANA time zone `name` (a `ValidationError` if there is none)."""
    found = None if name.startswith(_NOT_ZONES) else tz.gettz(name)
    if not isinstance(found, tz.tzfile):
        raise ValidationError(
            "Commitment", "time_zone", "unknown-time-zone", "not a known IANA zone"
        )
    return found


def _known_zone(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    zone(value)


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
        validator=v.text(blank=False), metadata=label(Sensitivity.PERSONAL)
    )
    cadence: str = attrs.field(validator=recurrence_rule)
    start: dt.datetime = attrs.field(
        converter=v.fixed_offset, validator=v.aware_datetime
    )
    end: dt.datetime | None = attrs.field(
        default=None, converter=v.fixed_offset, validator=v.optional(v.aware_datetime)
    )
    check_ins: tuple[CheckIn, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.tuple_of(v.instance_of(CheckIn))
    )
    time_zone: str = attrs.field(
        default="UTC",
        validator=[
            v.matches(TIME_ZONE_PATTERN, "bad-time-zone", "must be an IANA zone name"),
            _known_zone,
        ],
    )

    def __attrs_post_init__(self) -> None:
        try:
            self.start.astimezone(zone(self.time_zone))
        except OverflowError:  # in year 1, west of UTC: year 0 there
            raise ValidationError(
                "Commitment", "start", "out-of-range", "not a time its zone can show"
            ) from None

    def ongoing(self, at: dt.datetime) -> bool:
        """Whether the commitment has started and not ended at `at`."""
        return self.start <= at and (self.end is None or at < self.end)

    @property
    def kept_count(self) -> int:
        """How many check-ins say the commitment was kept."""
        return sum(c.kept for c in self.check_ins)

    @property
    def kept_share(self) -> float | None:
        """The share of check-ins kept ("intentions and actions aligned").

        Over every check-in recorded; `commitment_report` gives the share
        over the occurrences of a window instead.
        """
        if not self.check_ins:
            return None
        return self.kept_count / len(self.check_ins)

    def occurrences(
        self, start: dt.datetime, end: dt.datetime
    ) -> tuple[dt.datetime, ...]:
        """When the commitment is due in [`start`, `end`), in its time zone.

        The cadence is expanded in local wall time from `self.start` as
        seen in `time_zone`. A local time skipped by a change to summer time
        moves forward by the gap (02:30 becomes 03:30); a local time that
        happens twice is the first one (RFC 5545, 3.3.5). Nothing is due
        before `self.start` (to the second: RRULE has no fractions) or from
        `self.end` on.
        """
        return tuple(local for _, local in self.instants(start, end))

    def instants(
        self, start: dt.datetime, end: dt.datetime
    ) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        """`occurrences`, each with its instant as a naive UTC datetime first.

        What a caller that sorts many occurrences needs: naive UTC times
        compare fast.
        """
        lo, hi = v.window(start, end, "Commitment")
        lo = max(lo, self.start.replace(microsecond=0))  # as RRULE reads it
        hi = hi if self.end is None else min(hi, self.end)
        if lo >= hi:
            return ()
        local = zone(self.time_zone)
        wall_lo = lo.astimezone(local).replace(tzinfo=None) - _MARGIN
        wall_hi = hi.astimezone(local).replace(tzinfo=None) + _MARGIN
        first = self.start.astimezone(local).replace(tzinfo=None)
        rule = rrulestr(self.cadence, dtstart=_skip_ahead(self.cadence, first, wall_lo))
        assert isinstance(rule, rrule)  # an RRULE value alone, as validated
        utc_lo = lo.astimezone(dt.UTC).replace(tzinfo=None)
        utc_hi = hi.astimezone(dt.UTC).replace(tzinfo=None)
        found = []
        for wall in rule.between(wall_lo, wall_hi, inc=True):
            # dateutil gives a skipped time the offset from before the gap
            # and a repeated one its first offset, as RFC 5545 wants.
            offset = local.utcoffset(wall.replace(tzinfo=local))
            assert offset is not None  # a tzfile always has an offset
            utc = wall - offset
            if utc_lo <= utc < utc_hi:
                found.append((utc, local.fromutc(utc.replace(tzinfo=local))))
        return tuple(found)


# The length of one period of the rules that repeat every so many seconds.
_PERIODS = {
    "SECONDLY": dt.timedelta(seconds=1),
    "MINUTELY": dt.timedelta(minutes=1),
    "HOURLY": dt.timedelta(hours=1),
    "DAILY": dt.timedelta(days=1),
    "WEEKLY": dt.timedelta(weeks=1),
}


def _skip_ahead(cadence: str, first: dt.datetime, until: dt.datetime) -> dt.datetime:
    """A later start with the same occurrences from `until` on, to expand less.

    Without COUNT, a rule of a fixed-length period (weekly and finer) gives
    the same occurrences from a start moved by whole periods of its
    INTERVAL; wall time is naive here, so summer time cannot shift it.
    Monthly and yearly rules keep their start (a moved day of the month
    would change what the rule means), as do rules with a COUNT.
    """
    parts = dict(p.partition("=")[::2] for p in cadence.upper().split(";"))
    period = _PERIODS.get(parts.get("FREQ", ""))
    if period is None or "COUNT" in parts or until <= first:
        return first
    step = period * int(parts.get("INTERVAL", "1"))
    return first + step * ((until - first) // step)


@attrs.frozen
class CommitmentReport:
    """How a commitment went in a window [`start`, `end`).

    `due` lists every occurrence; each is `kept`, `missed` (its check-in
    says not kept) or `unchecked` (no check-in on its local day). Check-ins
    are by day: one on an occurrence's day in the commitment's time zone
    answers for it, and of several that day the last recorded counts.
    """

    commitment_id: str
    start: dt.datetime
    end: dt.datetime
    due: tuple[dt.datetime, ...]
    kept: tuple[dt.datetime, ...]
    missed: tuple[dt.datetime, ...]
    unchecked: tuple[dt.datetime, ...]
    #: Consecutive kept occurrences up to the latest (see `commitment_report`).
    streak: int

    @property
    def kept_share(self) -> float | None:
        """The share of checked-in occurrences kept (`None` without any)."""
        answered = len(self.kept) + len(self.missed)
        return len(self.kept) / answered if answered else None


def commitment_report(
    commitment: Commitment, start: dt.datetime, end: dt.datetime
) -> CommitmentReport:
    """The `CommitmentReport` of `commitment` for [`start`, `end`).

    The streak counts kept occurrences back from the latest one due in the
    window; a missed one or one without a check-in ends it, except that
    the latest occurrence may still be waiting for its check-in.
    """
    due = commitment.occurrences(start, end)
    answers = {c.on: c.kept for c in commitment.check_ins}
    state = [answers.get(at.date()) for at in due]
    streak = 0
    for index in reversed(range(len(due))):
        if state[index] is None and index == len(due) - 1:
            continue
        if not state[index]:
            break
        streak += 1
    return CommitmentReport(
        commitment_id=commitment.id,
        start=start,
        end=end,
        due=due,
        kept=tuple(at for at, s in zip(due, state, strict=True) if s is True),
        missed=tuple(at for at, s in zip(due, state, strict=True) if s is False),
        unchecked=tuple(at for at, s in zip(due, state, strict=True) if s is None),
        streak=streak,
    )
