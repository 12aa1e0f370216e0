"""Shared Hypothesis strategies for amendskit.

Value strategies (`texts`, `ids`, `aware_datetimes`, `money`,
`partial_dates`, `persons`, `harms`, ...) build structurally valid objects.
`plans()` builds a standalone `AmendPlan` whose history is any path the
lifecycle allows. `workbooks()` builds whole valid workbooks through the
public, guarded `Workbook` API: plans reach every status (including
*living* by way of *made* or *declined*, and the revise-after-not-reached
loop of rule 17), and every optional field is sometimes set, with unicode
text. Serialization round trips use `workbooks()`.

Strategy objects are built once (module constants and cached factories):
building them anew inside every draw makes Hypothesis slow.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from amendskit import (
    AmendPlan,
    Approach,
    CheckIn,
    Commitment,
    Consent,
    ContactStatus,
    Deferral,
    DeferralReason,
    FixedClock,
    FollowUp,
    FollowUpAnchor,
    Harm,
    HarmKind,
    HistoryRecord,
    Intent,
    Interval,
    IntervalUnit,
    Money,
    Outcome,
    OutcomeKind,
    PartialDate,
    Payment,
    PaymentPlan,
    Period,
    Person,
    Policy,
    RepairAction,
    RepairKind,
    Restitution,
    RestitutionKind,
    Review,
    ReviewDecision,
    ReviewerRole,
    ReviewScope,
    SafetyAssessment,
    SequentialIds,
    Severity,
    Status,
    Workbook,
    minor_units,
    transitions_from,
)
from amendskit._validation import MAX_ID, is_blank

T = TypeVar("T")
Draw = Callable[[st.SearchStrategy[T]], T]

#: Approaches that do not reach the person (rules 9 and 16).
NOT_REACHING = frozenset(a for a in Approach if not a.reaches_person)
#: Direct approaches (rules 6 and 10).
DIRECT = frozenset(a for a in Approach if a.is_direct)
#: Reviewers whose review counts for rule 8.
ADVISERS = (ReviewerRole.SPONSOR, ReviewerRole.SPIRITUAL_ADVISER)
#: A few real cadences (RFC 5545 RRULE values).
CADENCES = (
    "FREQ=DAILY",
    "FREQ=WEEKLY;BYDAY=SU",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=MONTHLY;BYDAY=1SA;COUNT=12",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
)
#: IANA zones, one with a 30-minute summer-time shift.
TIME_ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe")
#: Currencies with 0, 2, 3 and 4 decimals.
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "JPY", "KRW", "BHD", "KWD", "CLF")
#: Fixed offsets from UTC-12:00 to UTC+14:00 in quarter hours.
OFFSETS = tuple(
    dt.UTC if q == 0 else dt.timezone(dt.timedelta(minutes=15 * q))
    for q in range(-48, 57)
)
EARLIEST = dt.datetime(1990, 1, 1)
LATEST = dt.datetime(2060, 12, 31)

_OFFSET = st.sampled_from(OFFSETS)
_CHARS = st.characters(codec="utf-8")

# --- text, ids, time, money ----------------------------------------------------


@functools.cache
def texts(*, max_size: int = 40, blank: bool = True) -> st.SearchStrategy[str]:
    """Unicode text (no surrogates); `blank=False` wants a visible character."""
    if blank:
        return st.one_of(st.just(""), st.text(_CHARS, max_size=max_size))
    return st.text(_CHARS, min_size=1, max_size=max_size).filter(
        lambda s: not is_blank(s)
    )


@functools.cache
def names() -> st.SearchStrategy[str]:
    """Non-blank names (persons, reviewers, third parties)."""
    return st.one_of(
        st.sampled_from(["Anna", "Ben", "Mum", "ACME Ltd.", "Zoë", "Ольга", "李雷"]),
        texts(max_size=30, blank=False),
    )


@functools.cache
def ids() -> st.SearchStrategy[str]:
    """Opaque ids: 1 to 100 characters, none of them white space."""
    readable = st.builds(
        "{}-{}".format,
        st.sampled_from(["person", "harm", "plan", "commitment", "x"]),
        st.integers(1, 9999),
    )
    wild = st.text(_CHARS, min_size=1, max_size=MAX_ID).filter(
        lambda s: not any(is_blank(c) for c in s)
    )
    return st.one_of(readable, wild)


@functools.cache
def aware_datetimes(
    min_value: dt.datetime = EARLIEST, max_value: dt.datetime = LATEST
) -> st.SearchStrategy[dt.datetime]:
    """Datetimes with a fixed UTC offset (never naive)."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=_OFFSET)


@functools.cache
def dates() -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=EARLIEST.date(), max_value=LATEST.date())


@functools.cache
def partial_dates() -> st.SearchStrategy[PartialDate]:
    """Dates known to the year, the month or the day."""
    return st.one_of(
        st.integers(1, 9999).map(PartialDate),
        st.builds(PartialDate, st.integers(1, 9999), st.integers(1, 12)),
        st.dates().map(lambda d: PartialDate(d.year, d.month, d.day)),
    )


@functools.cache
def currencies() -> st.SearchStrategy[str]:
    return st.sampled_from(CURRENCIES)


@st.composite
def _money(draw: Draw[Any], currency: str | None) -> Money:
    code = draw(currencies()) if currency is None else currency
    places = draw(st.integers(0, minor_units(code)))
    units = draw(st.integers(0, 10**9))
    return Money(Decimal(units).scaleb(-places), code)


@functools.cache
def money(currency: str | None = None) -> st.SearchStrategy[Money]:
    """Exact amounts, never finer than the currency's unit (sometimes coarser)."""
    return _money(currency)


# --- persons and harms ---------------------------------------------------------


@functools.cache
def persons() -> st.SearchStrategy[Person]:
    """Anyone harmed, institutions included, reachable or not."""
    return st.builds(
        Person,
        id=ids(),
        name=names(),
        relationship=texts(max_size=30),
        contact=st.sampled_from(ContactStatus),
        institution=st.booleans(),
        invited_at=st.none() | aware_datetimes(),
        notes=texts(),
    )


@functools.cache
def harm_kinds() -> st.SearchStrategy[tuple[HarmKind, ...]]:
    return st.lists(st.sampled_from(HarmKind), min_size=1, unique=True).map(tuple)


@functools.cache
def harms(
    person_id: str | None = None, *, written: bool | None = True
) -> st.SearchStrategy[Harm]:
    """Harms: `written=True` states my conduct, `False` does not, `None` may."""
    if written is None:
        conduct = texts(max_size=60)
    elif written:
        conduct = texts(max_size=60, blank=False)
    else:
        conduct = st.sampled_from(["", " ", "\n\t", "\u3000"])
    return st.builds(
        Harm,
        id=ids(),
        person_id=ids() if person_id is None else st.just(person_id),
        kinds=harm_kinds(),
        conduct=conduct,
        should_have_done=texts(),
        effect=texts(),
        when=st.none() | partial_dates(),
        owed=st.none() | money(),
        intent=st.none() | st.sampled_from(Intent),
        period=st.none() | st.sampled_from(Period),
        notes=texts(),
    )


# --- what a plan gathers ---------------------------------------------------------


@functools.cache
def safety_assessments() -> st.SearchStrategy[SafetyAssessment]:
    return st.builds(
        SafetyAssessment,
        would_injure=st.booleans(),
        implicates_others=st.booleans(),
        affair=st.booleans(),
        legal_exposure=st.booleans(),
        dependents_at_risk=st.booleans(),
        notes=texts(),
    )


@functools.cache
def consents() -> st.SearchStrategy[Consent]:
    return st.builds(
        Consent,
        party=names(),
        granted=st.booleans(),
        at=aware_datetimes(),
        notes=texts(),
    )


@functools.cache
def reviews() -> st.SearchStrategy[Review]:
    return st.builds(
        Review,
        reviewer=names(),
        role=st.sampled_from(ReviewerRole),
        at=aware_datetimes(),
        decision=st.sampled_from(ReviewDecision),
        notes=texts(),
    )


@functools.cache
def repair_actions() -> st.SearchStrategy[RepairAction]:
    return st.builds(
        RepairAction, kind=st.sampled_from(RepairKind), description=texts()
    )


@functools.cache
def payments(currency: str) -> st.SearchStrategy[Payment]:
    return st.builds(Payment, amount=money(currency), on=dates(), notes=texts())


@functools.cache
def intervals() -> st.SearchStrategy[Interval]:
    return st.builds(
        Interval, count=st.integers(1, 3), unit=st.sampled_from(IntervalUnit)
    )


@st.composite
def _payment_plans(draw: Draw[Any], total: Money) -> PaymentPlan:
    """A plan paying `total` in 1 to 12 instalments."""
    step = Decimal(1).scaleb(-minor_units(total.currency))
    parts = draw(st.integers(1, 12))
    instalment = max((total.amount / parts).quantize(step, ROUND_CEILING), step)
    return PaymentPlan(
        instalment=Money(instalment, total.currency),
        every=draw(intervals()),
        start=draw(dates()),
    )


@st.composite
def _restitutions(draw: Draw[Any], amount: Money | None) -> Restitution:
    owed = draw(money()) if amount is None else amount
    return Restitution(
        kind=draw(st.sampled_from(RestitutionKind)),
        amount=owed,
        payments=draw(st.lists(payments(owed.currency), max_size=3)),
        payment_plan=draw(st.none() | _payment_plans(owed)),
        notes=draw(texts()),
    )


@functools.cache
def follow_ups() -> st.SearchStrategy[FollowUp]:
    return st.builds(
        FollowUp,
        after=st.sampled_from(FollowUpAnchor),
        offset=intervals(),
        note=texts(),
    )


@functools.cache
def restitutions(amount: Money | None = None) -> st.SearchStrategy[Restitution]:
    """An arrangement to repay `amount` (or any), with payments in its currency."""
    return _restitutions(amount)


@functools.cache
def deferrals(*, valid: bool = True) -> st.SearchStrategy[Deferral]:
    """Deferrals; `valid` ones give a reason that is not fear, and a date."""
    if valid:
        reason = st.sampled_from([r for r in DeferralReason if r != "fear"])
        review_on: st.SearchStrategy[dt.date | None] = dates()
    else:
        reason = st.sampled_from(DeferralReason)
        review_on = st.none() | dates()
    return st.builds(Deferral, reason=reason, review_on=review_on, notes=texts())


@functools.cache
def check_ins() -> st.SearchStrategy[CheckIn]:
    return st.builds(CheckIn, on=dates(), kept=st.booleans(), notes=texts())


@st.composite
def _commitments(draw: Draw[Any]) -> Commitment:
    start = draw(aware_datetimes())
    return Commitment(
        id=draw(ids()),
        text=draw(texts(blank=False)),
        cadence=draw(st.sampled_from(CADENCES)),
        start=start,
        end=draw(st.none() | aware_datetimes()),
        check_ins=draw(st.lists(check_ins(), max_size=3)),
        time_zone=draw(st.sampled_from(TIME_ZONES)),
    )


@functools.cache
def commitments() -> st.SearchStrategy[Commitment]:
    """A commitment with a cadence and check-ins, ended or not."""
    return _commitments()


@functools.cache
def outcomes() -> st.SearchStrategy[Outcome]:
    return st.builds(
        Outcome,
        kind=st.sampled_from(OutcomeKind),
        at=aware_datetimes(),
        notes=texts(),
    )


# --- plans ---------------------------------------------------------------------

_STEP = st.timedeltas(dt.timedelta(0), dt.timedelta(days=30))
_YEAR = st.timedeltas(dt.timedelta(0), dt.timedelta(days=365))


@st.composite
def _histories(draw: Draw[Any]) -> tuple[HistoryRecord, ...]:
    at = draw(aware_datetimes(max_value=dt.datetime(2040, 1, 1)))
    records = [HistoryRecord(1, None, Status.LISTED, at, draw(texts()))]
    for _ in range(draw(st.integers(0, 8))):
        onward = transitions_from(records[-1].to_status)
        if not onward:
            break
        transition = draw(st.sampled_from(onward))
        at = (at + draw(_STEP)).astimezone(draw(_OFFSET))
        source = records[-1].to_status
        records.append(
            HistoryRecord(
                len(records) + 1, source, transition.target, at, draw(texts())
            )
        )
    return tuple(records)


@functools.cache
def histories() -> st.SearchStrategy[tuple[HistoryRecord, ...]]:
    """Any path the lifecycle allows, gapless and forward in time."""
    return _histories()


@st.composite
def _plans(draw: Draw[Any]) -> AmendPlan:
    return AmendPlan(
        id=draw(ids()),
        person_id=draw(ids()),
        harm_ids=draw(st.lists(ids(), min_size=1, max_size=3, unique=True)),
        history=draw(histories()),
        approach=draw(st.none() | st.sampled_from(Approach)),
        safety=draw(st.none() | safety_assessments()),
        consents=draw(st.lists(consents(), max_size=2)),
        reviews=draw(st.lists(reviews(), max_size=2)),
        actions=draw(st.lists(repair_actions(), max_size=3)),
        restitution=draw(st.none() | restitutions()),
        deferral=draw(st.none() | deferrals(valid=False)),
        commitments=draw(st.lists(commitments(), max_size=2)),
        outcomes=draw(st.lists(outcomes(), max_size=2)),
        meeting_at=draw(st.none() | aware_datetimes()),
        follow_ups=draw(st.lists(follow_ups(), max_size=2)),
        notes=draw(texts()),
    )


@functools.cache
def plans() -> st.SearchStrategy[AmendPlan]:
    """A structurally valid plan in any status, every optional field maybe set.

    The rules are not asked: use `workbooks()` for plans that met them.
    """
    return _plans()


@functools.cache
def policies() -> st.SearchStrategy[Policy]:
    """Policies that only relax rules (never make a warning an error)."""
    relaxable = ["AK02", "AK04", "AK05", "AK06", "AK09", "AK11", "AK13", "AK18"]
    severities = st.dictionaries(
        st.sampled_from(relaxable),
        st.sampled_from([Severity.WARNING, Severity.INFO, Severity.OFF]),
        max_size=3,
    )
    return st.builds(Policy, severities, st.sampled_from(ReviewScope))


# --- whole workbooks -----------------------------------------------------------

_PERMITS = st.sampled_from([ReviewDecision.PROCEED, ReviewDecision.PROCEED_INDIRECTLY])
_MADE_KINDS = st.sampled_from(
    [OutcomeKind.RECEIVED, OutcomeKind.REBUFFED, OutcomeKind.PARTIAL]
)
_DOING = st.sampled_from([k for k in RepairKind if k is not RepairKind.APOLOGY])


@attrs.define
class _Builder:
    """Builds a workbook step by step through the guarded API."""

    draw: Draw[Any]
    wb: Workbook
    now: dt.datetime
    used: set[str] = attrs.field(factory=set)

    def zoned(self, at: dt.datetime) -> dt.datetime:
        """The instant `at`, told in some offset."""
        return at.astimezone(self.draw(_OFFSET))

    def tick(self) -> dt.datetime:
        """Time moves on (sometimes not at all)."""
        self.now = self.now + self.draw(_STEP)
        return self.zoned(self.now)

    def earlier(self, at: dt.datetime) -> dt.datetime:
        """An instant up to a year before `at`."""
        return self.zoned(at - self.draw(_YEAR))

    def new_id(self) -> str:
        value = candidate = self.draw(ids())
        suffix = 0
        while candidate in self.used:
            suffix += 1
            candidate = f"{value[:90]}-{suffix}"
        self.used.add(candidate)
        return candidate

    def plan(self, plan_id: str) -> AmendPlan:
        return self.wb.plan(plan_id)

    def update(self, plan_id: str, **changes: Any) -> None:
        self.wb = self.wb.update(attrs.evolve(self.plan(plan_id), **changes))

    def move(self, plan_id: str, to: Status, at: dt.datetime | None = None) -> None:
        at = self.tick() if at is None else at
        note = self.draw(texts())
        self.wb = self.wb.transition(plan_id, to, at=at, note=note)

    def blocked_by_decline(self, person_id: str) -> bool:
        declined = self.wb.declined_at(person_id)
        invited = self.wb.person(person_id).invited_at
        return declined is not None and (invited is None or invited < declined)

    def approach(self, plan_id: str) -> Approach:
        """An approach every contact rule allows for this plan now."""
        plan = self.plan(plan_id)
        person = self.wb.person(plan.person_id)
        allowed = set(Approach) - {Approach.GO_BETWEEN}
        no_contact = person.contact is ContactStatus.NO_CONTACT
        if no_contact or self.blocked_by_decline(person.id):
            allowed &= NOT_REACHING
        if person.contact in (ContactStatus.UNREACHABLE, ContactStatus.DECEASED):
            allowed -= DIRECT
        assert plan.safety is not None
        latest = max(plan.reviews, key=lambda r: r.at, default=None)
        indirect = latest and latest.decision is ReviewDecision.PROCEED_INDIRECTLY
        if plan.safety.would_injure or indirect:
            allowed -= DIRECT
        return self.draw(st.sampled_from(sorted(allowed)))

    def prepare(self, plan_id: str) -> None:
        """Gather everything rules 4 to 13 ask, then move to *prepared*."""
        draw, plan = self.draw, self.plan(plan_id)
        at = self.tick()
        safety = draw(safety_assessments())
        if safety.implicates_others:
            found = [
                attrs.evolve(c, granted=True, at=self.earlier(at))
                for c in draw(st.lists(consents(), min_size=1, max_size=2))
            ]
        else:
            found = draw(st.lists(consents(), max_size=1))
        # Reviews that do not decide come first, a day or more earlier.
        said = [
            attrs.evolve(r, at=self.earlier(at - dt.timedelta(days=1)))
            for r in draw(st.lists(reviews(), max_size=2))
        ]
        if safety.flagged or self.wb.policy.review is ReviewScope.ALL:
            decides = attrs.evolve(
                draw(reviews()),
                role=draw(st.sampled_from(ADVISERS)),
                decision=draw(_PERMITS),
                at=self.zoned(at),
            )
            said.append(decides)
        owed = [h.owed for h in map(self.wb.harm, plan.harm_ids) if h.owed]
        restitution = draw(
            restitutions(owed[0]) if owed else st.none() | restitutions()
        )
        actions = draw(st.lists(repair_actions(), max_size=3))
        if all(a.kind is RepairKind.APOLOGY for a in actions):
            actions.append(RepairAction(draw(_DOING), draw(texts())))
        self.update(
            plan_id,
            safety=safety,
            consents=tuple(found),
            reviews=tuple(said),
            restitution=restitution,
            actions=tuple(actions),
            deferral=draw(st.none() | deferrals()),
            meeting_at=draw(st.none() | st.just(self.zoned(at + dt.timedelta(days=3)))),
            follow_ups=tuple(draw(st.lists(follow_ups(), max_size=2))),
        )
        self.update(plan_id, approach=self.approach(plan_id))
        self.move(plan_id, Status.PREPARED, at)

    def record(self, plan_id: str, kind: OutcomeKind) -> None:
        outcome = attrs.evolve(self.draw(outcomes()), kind=kind, at=self.tick())
        self.wb = self.wb.record_outcome(plan_id, outcome)

    def not_reached_and_revise(self, plan_id: str) -> None:
        """Rule 17: an attempt that did not reach; back to willing, re-prepared."""
        self.record(plan_id, OutcomeKind.NOT_REACHED)
        self.move(plan_id, Status.WILLING)
        self.update(plan_id, approach=self.approach(plan_id))
        self.move(plan_id, Status.PREPARED)

    def live(self, plan_id: str) -> None:
        at = self.tick()
        ongoing = attrs.evolve(
            self.draw(commitments()),
            id=self.new_id(),
            start=self.earlier(at),
            end=self.draw(st.none() | st.just(at + dt.timedelta(days=1))),
        )
        kept = self.plan(plan_id).commitments
        self.update(plan_id, commitments=(*kept, ongoing))
        self.move(plan_id, Status.LIVING, at)

    def add_plan(self, person_id: str, harm_ids: list[str], target: Status) -> None:
        draw = self.draw
        if any(is_blank(self.wb.harm(h).conduct) for h in harm_ids):
            target = Status.LISTED
        plan = AmendPlan.new(
            id=self.new_id(),
            person_id=person_id,
            harm_ids=tuple(harm_ids),
            at=self.tick(),
            note=draw(texts()),
            approach=draw(st.none() | st.sampled_from(Approach)),
            commitments=tuple(
                attrs.evolve(c, id=self.new_id())
                for c in draw(st.lists(commitments(), max_size=2))
            ),
            deferral=draw(st.none() | deferrals()),
            notes=draw(texts()),
        )
        self.wb = self.wb.add(plan)
        if target is Status.LISTED:
            return
        self.move(plan.id, Status.WILLING)
        if target is Status.WILLING:
            return
        self.prepare(plan.id)
        if draw(st.booleans()):
            self.not_reached_and_revise(plan.id)
        if target is Status.PREPARED:
            return
        via = target
        if target is Status.LIVING:
            via = draw(st.sampled_from([Status.MADE, Status.DECLINED]))
        if via is Status.MADE:
            self.record(plan.id, draw(_MADE_KINDS))
        else:
            self.record(plan.id, OutcomeKind.DECLINED)
            if draw(st.booleans()):
                self.wb = self.wb.invite(person_id, at=self.tick())
        if target is Status.LIVING:
            self.live(plan.id)


@st.composite
def workbooks(
    draw: Draw[Any],
    *,
    max_persons: int = 3,
    policy: st.SearchStrategy[Policy] | None = None,
) -> Workbook:
    """A valid workbook built through the guarded API, plans in every status.

    Persons (some without harms), harms referring to them (some without
    written conduct, which keeps their plans listed), and plans covering
    harms of one person. `policy` must not make a rule stricter than its
    default. `check()` may still report findings that arose later, as in
    life: a person without a harm, an open restitution, or a plan prepared
    before its person declined on another plan.
    """
    start = draw(aware_datetimes(max_value=dt.datetime(2030, 1, 1)))
    chosen = draw(policies() if policy is None else policy)
    builder = _Builder(
        draw,
        Workbook(policy=chosen, clock=FixedClock(start), ids=SequentialIds()),
        start,
    )
    people = [
        attrs.evolve(p, id=builder.new_id())
        for p in draw(st.lists(persons(), min_size=1, max_size=max_persons))
    ]
    builder.wb = builder.wb.add(*people)
    for person in people:
        # Mostly harms with written conduct; sometimes some are left blank.
        written = draw(st.sampled_from([True, True, True, None]))
        found = [
            attrs.evolve(h, id=builder.new_id(), person_id=person.id)
            for h in draw(st.lists(harms(written=written), max_size=3))
        ]
        builder.wb = builder.wb.add(*found)
        if not found:
            continue
        harm_ids = [h.id for h in found]
        for _ in range(draw(st.integers(0, 3))):
            covered = draw(st.lists(st.sampled_from(harm_ids), min_size=1, unique=True))
            builder.add_plan(person.id, covered, draw(st.sampled_from(Status)))
    return builder.wb
