"""A demo workbook that walks the whole lifecycle, and a plain-text summary.

`build_demo` tells one person's Steps 8 and 9 through the public
`Workbook` API: a sister, a former employer owed money, an ex-partner (a
hard case), a deceased father, a friend who declined, an unreachable
landlord, a brother, a co-worker and a neighbour. `render_summary` turns
any workbook into readable text and never shows private notes or the
names of third parties: which text it shows is decided by the fields'
sensitivity labels alone.

>>> print(render_summary(build_demo()).splitlines()[0])
amendskit workbook summary
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs
from dateutil.rrule import rrulestr

from amendskit.clock import Clock, FixedClock, IdFactory, SequentialIds
from amendskit.dates import PartialDate
from amendskit.harm import Harm, HarmKind, Intent, Period
from amendskit.lifecycle import Status
from amendskit.living import CheckIn, Commitment
from amendskit.money import Money
from amendskit.outcome import Outcome, OutcomeKind
from amendskit.person import ContactStatus, Person
from amendskit.plan import AmendPlan
from amendskit.preparation import (
    Approach,
    Consent,
    Deferral,
    DeferralReason,
    RepairAction,
    RepairKind,
    Review,
    ReviewDecision,
    ReviewerRole,
    SafetyAssessment,
)
from amendskit.restitution import Payment, Restitution, RestitutionKind
from amendskit.rules import Finding
from amendskit.sensitivity import Sensitivity, labelled_fields
from amendskit.workbook import Workbook

__all__ = ["DEMO_NOW", "build_demo", "render_summary"]

#: The demo's "today" when no clock is given; the story lies before it.
DEMO_NOW = dt.datetime(2024, 9, 1, 18, 0, tzinfo=dt.UTC)

_SAFE = SafetyAssessment(would_injure=False)


# --- building ----------------------------------------------------------------


def build_demo(clock: Clock | None = None, ids: IdFactory | None = None) -> Workbook:
    """A realistic workbook in which every status and every outcome occurs.

    The story is dated in the months before ``clock.now()``; by default
    the clock is a `FixedClock` at `DEMO_NOW` and ids are `SequentialIds`,
    so two calls build equal workbooks. Only the public `Workbook` API is
    used (`add`, `update`, `transition`, `record_outcome`).
    """
    workbook = Workbook(
        clock=FixedClock(DEMO_NOW) if clock is None else clock,
        ids=SequentialIds() if ids is None else ids,
    )
    for chapter in (
        _sister,
        _employer,
        _ex_partner,
        _father,
        _friend,
        _landlord,
        _brother,
        _co_worker,
        _neighbour,
    ):
        workbook = chapter(workbook, workbook.now())
    return workbook


def _ago(now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)


def _listed(
    workbook: Workbook,
    person: Person,
    harms: Iterable[Harm],
    at: dt.datetime,
) -> tuple[Workbook, str]:
    """The workbook with a person, harms and a new plan covering them."""
    harms = tuple(harms)
    plan = AmendPlan.new(
        id=workbook.new_id("plan"),
        person_id=person.id,
        harm_ids=[h.id for h in harms],
        at=at,
    )
    known = person.id in workbook.persons
    return workbook.add(*([] if known else [person]), *harms, plan), plan.id


def _revised(workbook: Workbook, plan_id: str, **changes: Any) -> Workbook:
    """The workbook with fields of a plan changed (never its history)."""
    return workbook.update(attrs.evolve(workbook.plan(plan_id), **changes))


def _commitment(
    workbook: Workbook,
    text: str,
    cadence: str,
    start: dt.datetime,
    kept: Iterable[bool],
    missed_note: str = "",
) -> Commitment:
    """A commitment with check-ins on its latest occurrences before now."""
    kept = tuple(kept)
    recurrence = rrulestr(cadence, dtstart=start)
    days = recurrence.between(start, workbook.now(), inc=True)[-len(kept) :]
    check_ins = tuple(
        CheckIn(day.date(), k, "" if k else missed_note)
        for day, k in zip(days, kept, strict=True)
    )
    return Commitment(
        workbook.new_id("commitment"), text, cadence, start, None, check_ins
    )


def _sister(workbook: Workbook, now: dt.datetime) -> Workbook:
    """Amends made in person, then living amends with a weekly call."""
    sister = Person(
        workbook.new_id("person"),
        "Anna",
        "sister",
        notes="She still brings up the wedding speech; be ready for that.",
    )
    harm = Harm(
        workbook.new_id("harm"),
        sister.id,
        (HarmKind.EMOTIONAL, HarmKind.TRUST),
        conduct="I broke promise after promise to visit and lied about why.",
        should_have_done="Told her the truth and kept my word.",
        effect="She stopped counting on me.",
        when=PartialDate(2021),
        period=Period.DURING_ADDICTION,
    )
    workbook, plan = _listed(workbook, sister, [harm], _ago(now, 200))
    workbook = workbook.transition(plan, Status.WILLING, at=_ago(now, 190))
    workbook = _revised(
        workbook,
        plan,
        approach=Approach.IN_PERSON,
        safety=_SAFE,
        actions=[
            RepairAction(RepairKind.APOLOGY, "Say plainly what I did, no excuses."),
            RepairAction(RepairKind.CHANGED_BEHAVIOUR, "Show up when I say I will."),
        ],
        notes="Meet at the park cafe, not at her place.",
    )
    workbook = workbook.transition(plan, Status.PREPARED, at=_ago(now, 180))
    workbook = workbook.record_outcome(
        plan,
        Outcome(OutcomeKind.RECEIVED, _ago(now, 175), "We both cried at the cafe."),
    )
    call = _commitment(
        workbook,
        "Call Anna every Sunday evening.",
        "FREQ=WEEKLY;BYDAY=SU",
        _ago(now, 170),
        [True, True, False, True, True, True],
        missed_note="Skipped the call; told myself I was too tired.",
    )
    workbook = _revised(workbook, plan, commitments=[call])
    return workbook.transition(
        plan, Status.LIVING, at=_ago(now, 170), note="Weekly calls agreed."
    )


def _employer(workbook: Workbook, now: dt.datetime) -> Workbook:
    """Restitution as a payment plan: made, with a balance still open."""
    employer = Person(
        workbook.new_id("person"),
        "Riverside Print Shop",
        "former employer",
        institution=True,
    )
    harm = Harm(
        workbook.new_id("harm"),
        employer.id,
        (HarmKind.FINANCIAL, HarmKind.TRUST),
        conduct="I took cash from the till on late shifts and hid it in the reports.",
        effect="The shop lost money and the night staff were suspected.",
        when=PartialDate(2020, 11),
        owed=Money(Decimal("1200.00"), "USD"),
        intent=Intent.INTENDED,
        period=Period.DURING_ADDICTION,
        notes="Roughly forty dollars a shift, from memory of the bank statements.",
    )
    workbook, plan = _listed(workbook, employer, [harm], _ago(now, 200))
    workbook = workbook.transition(plan, Status.WILLING, at=_ago(now, 185))
    workbook = _revised(
        workbook,
        plan,
        approach=Approach.IN_PERSON,
        safety=SafetyAssessment(
            would_injure=False,
            legal_exposure=True,
            notes="The owner could go to the police; I accept that.",
        ),
        reviews=[
            Review(
                "My sponsor",
                ReviewerRole.SPONSOR,
                _ago(now, 165),
                ReviewDecision.PROCEED,
                notes="Talk to the owner alone, offer a written repayment plan.",
            )
        ],
        actions=[RepairAction(RepairKind.RESTITUTION, "Repay all of it, monthly.")],
        restitution=Restitution(
            RestitutionKind.PAYMENT_PLAN, Money(Decimal("1200.00"), "USD")
        ),
    )
    workbook = workbook.transition(plan, Status.PREPARED, at=_ago(now, 160))
    workbook = workbook.record_outcome(
        plan,
        Outcome(
            OutcomeKind.PARTIAL,
            _ago(now, 150),
            "The owner took the repayment plan but would not talk about it.",
        ),
    )
    restitution = workbook.plan(plan).restitution
    assert restitution is not None  # set above, before preparing
    payments = [
        Payment(Money(Decimal("200.00"), "USD"), _ago(now, days).date(), note)
        for days, note in (
            (150, "First payment handed over in cash, receipt in the blue folder."),
            (120, ""),
            (90, "Paid late; the car repair came first."),
        )
    ]
    return _revised(
        workbook, plan, restitution=attrs.evolve(restitution, payments=payments)
    )


def _ex_partner(workbook: Workbook, now: dt.datetime) -> Workbook:
    """A hard case: direct amends would injure, so an indirect letter."""
    partner = Person(
        workbook.new_id("person"),
        "Sam",
        "former partner",
        notes="Remarried two years ago; lives across town.",
    )
    harm = Harm(
        workbook.new_id("harm"),
        partner.id,
        (HarmKind.TRUST, HarmKind.SEXUAL_CONDUCT),
        conduct="I was unfaithful and lied about it for months.",
        should_have_done="Been honest, or ended the relationship first.",
        when=PartialDate(2018),
        intent=Intent.INTENDED,
        period=Period.DURING_ADDICTION,
    )
    workbook, plan = _listed(workbook, partner, [harm], _ago(now, 200))
    workbook = workbook.transition(plan, Status.WILLING, at=_ago(now, 180))
    workbook = _revised(
        workbook,
        plan,
        approach=Approach.INDIRECT_LETTER,
        safety=SafetyAssessment(
            would_injure=True,
            implicates_others=True,
            affair=True,
            notes="A full account would hurt Sam's marriage and the other person.",
        ),
        consents=[
            Consent(
                "Jordan Blake",
                granted=True,
                at=_ago(now, 140),
                notes="Agreed, as long as they are not named in the letter.",
            )
        ],
        reviews=[
            Review(
                "My sponsor",
                ReviewerRole.SPONSOR,
                _ago(now, 135),
                ReviewDecision.PROCEED_INDIRECTLY,
                notes="No details of the affair: own the dishonesty only.",
            )
        ],
        actions=[
            RepairAction(
                RepairKind.CHANGED_BEHAVIOUR, "Be honest in every relationship now."
            )
        ],
    )
    workbook = workbook.transition(plan, Status.PREPARED, at=_ago(now, 130))
    workbook = workbook.record_outcome(
        plan,
        Outcome(
            OutcomeKind.REBUFFED,
            _ago(now, 120),
            "A short reply: read it, want nothing more from me.",
        ),
    )
    # They asked for no further contact: every later plan must respect that.
    return workbook.update(
        attrs.evolve(workbook.person(partner.id), contact=ContactStatus.NO_CONTACT)
    )


def _father(workbook: Workbook, now: dt.datetime) -> Workbook:
    """A deceased parent: an unsent letter and service, then living amends."""
    father = Person(workbook.new_id("person"), "Dad", "father", ContactStatus.DECEASED)
    harm = Harm(
        workbook.new_id("harm"),
        father.id,
        (HarmKind.NEGLECT, HarmKind.EMOTIONAL),
        conduct="I stopped visiting in his last year and missed his hospital stays.",
        when=PartialDate(2019, 6),
        period=Period.DURING_ADDICTION,
    )
    workbook, plan = _listed(workbook, father, [harm], _ago(now, 200))
    workbook = workbook.transition(plan, Status.WILLING, at=_ago(now, 175))
    workbook = _revised(
        workbook,
        plan,
        approach=Approach.UNSENT_LETTER,
        safety=_SAFE,
        actions=[
            RepairAction(
                RepairKind.SERVICE, "Volunteer at the hospice that cared for him."
            )
        ],
    )
    workbook = workbook.transition(plan, Status.PREPARED, at=_ago(now, 150))
    workbook = workbook.record_outcome(
        plan,
        Outcome(
            OutcomeKind.RECEIVED,
            _ago(now, 140),
            "Read the letter aloud at his grave, my sponsor beside me.",
        ),
    )
    hospice = _commitment(
        workbook,
        "Volunteer at the hospice on the first Saturday of each month.",
        "FREQ=MONTHLY;BYDAY=1SA",
        _ago(now, 135),
        [True, True, False, True],
        missed_note="Went to a party instead and did not call ahead.",
    )
    workbook = _revised(workbook, plan, commitments=[hospice])
    return workbook.transition(plan, Status.LIVING, at=_ago(now, 135))


def _friend(workbook: Workbook, now: dt.datetime) -> Workbook:
    """A friend who declined: living amends as service, no new contact."""
    friend = Person(workbook.new_id("person"), "Chris", "friend")
    harm = Harm(
        workbook.new_id("harm"),
        friend.id,
        (HarmKind.EMOTIONAL, HarmKind.TRUST),
        conduct="I promised to be best man, did not turn up, and lied about why.",
        when=PartialDate(2022, 5),
        period=Period.DURING_ADDICTION,
    )
    workbook, plan = _listed(workbook, friend, [harm], _ago(now, 200))
    workbook = workbook.transition(plan, Status.WILLING, at=_ago(now, 170))
    workbook = _revised(
        workbook,
        plan,
        approach=Approach.CALL,
        safety=_SAFE,
        actions=[
            RepairAction(RepairKind.CONCRETE_OFFER, "Ask what would help, and do it.")
        ],
    )
    workbook = workbook.transition(plan, Status.PREPARED, at=_ago(now, 110))
    workbook = workbook.record_outcome(
        plan,
        Outcome(
            OutcomeKind.DECLINED,
            _ago(now, 100),
            "Chris said they were not ready to talk, maybe ever.",
        ),
    )
    service = _commitment(
        workbook,
        "Set up the room and make coffee at the Wednesday meeting.",
        "FREQ=WEEKLY;BYDAY=WE",
        _ago(now, 90),
        [True, True, True, False, True],
    )
    workbook = _revised(
        workbook, plan, approach=Approach.LIVING_AMENDS, commitments=[service]
    )
    workbook = workbook.transition(
        plan, Status.LIVING, at=_ago(now, 90), note="Service instead of contact."
    )
    # A harm remembered later (Step 10) goes on the same list; a plan to
    # write to Chris about it stays blocked until Chris invites contact.
    later = Harm(
        workbook.new_id("harm"),
        friend.id,
        (HarmKind.TRUST,),
        conduct="I repeated things Chris had told me in confidence.",
        period=Period.DURING_ADDICTION,
    )
    workbook, second = _listed(workbook, friend, [later], _ago(now, 40))
    workbook = workbook.transition(second, Status.WILLING, at=_ago(now, 35))
    return _revised(
        workbook,
        second,
        approach=Approach.DIRECT_LETTER,
        safety=_SAFE,
        actions=[RepairAction(RepairKind.CHANGED_BEHAVIOUR, "Keep confidences.")],
    )


def _landlord(workbook: Workbook, now: dt.datetime) -> Workbook:
    """A letter that never arrived: revised to willing and deferred."""
    landlord = Person(workbook.new_id("person"), "Mrs. Keller", "former landlord")
    harm = Harm(
        workbook.new_id("harm"),
        landlord.id,
        (HarmKind.FINANCIAL,),
        conduct="I moved out owing two months' rent and left no address.",
        when=PartialDate(2019),
        owed=Money(Decimal("900.00"), "USD"),
        period=Period.DURING_ADDICTION,
    )
    workbook, plan = _listed(workbook, landlord, [harm], _ago(now, 200))
    workbook = workbook.transition(plan, Status.WILLING, at=_ago(now, 160))
    workbook = _revised(
        workbook,
        plan,
        approach=Approach.DIRECT_LETTER,
        safety=_SAFE,
        actions=[RepairAction(RepairKind.RESTITUTION, "Repay the rent in full.")],
        restitution=Restitution(RestitutionKind.FULL, Money(Decimal("900.00"), "USD")),
    )
    workbook = workbook.transition(plan, Status.PREPARED, at=_ago(now, 100))
    workbook = workbook.record_outcome(
        plan,
        Outcome(
            OutcomeKind.NOT_REACHED,
            _ago(now, 80),
            "Letter came back: moved away, no forwarding address.",
        ),
    )
    workbook = workbook.update(
        attrs.evolve(workbook.person(landlord.id), contact=ContactStatus.UNREACHABLE)
    )
    workbook = workbook.transition(
        plan, Status.WILLING, at=_ago(now, 75), note="Letter returned."
    )
    return _revised(
        workbook,
        plan,
        deferral=Deferral(
            DeferralReason.PERSON_UNAVAILABLE,
            (now + dt.timedelta(days=60)).date(),
            notes="Ask the old building manager again in the autumn.",
        ),
    )


def _brother(workbook: Workbook, now: dt.datetime) -> Workbook:
    """Prepared: a meeting is arranged, the outcome not yet known."""
    brother = Person(workbook.new_id("person"), "Tom", "brother")
    harm = Harm(
        workbook.new_id("harm"),
        brother.id,
        (HarmKind.EMOTIONAL,),
        conduct="I shouted at him at Mum's birthday, in front of his children.",
        should_have_done="Left early instead of drinking on.",
        when=PartialDate(2023, 3),
        period=Period.DURING_ADDICTION,
    )
    workbook, plan = _listed(workbook, brother, [harm], _ago(now, 60))
    workbook = workbook.transition(plan, Status.WILLING, at=_ago(now, 50))
    workbook = _revised(
        workbook,
        plan,
        approach=Approach.IN_PERSON,
        safety=_SAFE,
        actions=[
            RepairAction(RepairKind.APOLOGY, "Own what I did, without excuses."),
            RepairAction(RepairKind.CHANGED_BEHAVIOUR, "Stay sober at family events."),
        ],
        # Starts now; the first check-in is still to come.
        commitments=[
            Commitment(
                workbook.new_id("commitment"),
                "Visit Tom and the children once a month, sober.",
                "FREQ=MONTHLY;BYDAY=1SU",
                _ago(now, 10),
            )
        ],
        notes="Coffee on Saturday; he chose the place.",
    )
    return workbook.transition(plan, Status.PREPARED, at=_ago(now, 10))


def _co_worker(workbook: Workbook, now: dt.datetime) -> Workbook:
    """Still listed: what I did is not yet written down (willingness may lag)."""
    colleague = Person(workbook.new_id("person"), "Priya", "former co-worker")
    harm = Harm(
        workbook.new_id("harm"),
        colleague.id,
        (HarmKind.TRUST,),
        effect="She took the blame for a deadline I missed.",
        notes="Not sure yet how much of it was on me.",
    )
    workbook, _ = _listed(workbook, colleague, [harm], _ago(now, 30))
    return workbook


def _neighbour(workbook: Workbook, now: dt.datetime) -> Workbook:
    """Listed without a harm yet: a reminder to write down what happened."""
    neighbour = Person(
        workbook.new_id("person"),
        "Mr. Novak",
        "neighbour",
        notes="Something about the fence and the dog; my part is unclear.",
    )
    return workbook.add(neighbour)


# --- rendering ---------------------------------------------------------------


def _texts(value: Any) -> list[tuple[str, str]]:
    """The non-empty free text of `value` that may be shown, by field name.

    Only fields labelled `Sensitivity.PERSONAL` are shown: private notes
    and third parties' names are left out by their labels, never by a list
    of field names.
    """
    return [
        (name, text)
        for name, text in labelled_fields(value, {Sensitivity.PERSONAL})
        if text
    ]


def _joined(value: Any) -> str:
    return " / ".join(text for _, text in _texts(value))


def _day(at: dt.datetime | dt.date) -> str:
    return (at.date() if isinstance(at, dt.datetime) else at).isoformat()


def render_summary(workbook: Workbook) -> str:
    """A readable plain-text summary of the workbook.

    Progress per status; each person with each plan's status, approach,
    next steps and what blocks them (finding codes and messages); then
    every finding of `Workbook.check`. Private notes and third parties'
    names never appear: fields are chosen by their sensitivity labels.
    """
    lines = ["amendskit workbook summary", ""]
    lines += _progress(workbook)
    lines += ["", "Persons", "-------"]
    for person in workbook.persons.values():
        lines += _person(workbook, person)
    lines += ["", "Findings", "--------"]
    lines += _findings(workbook.check())
    return "\n".join(lines) + "\n"


def _progress(workbook: Workbook) -> Iterator[str]:
    progress = workbook.summary()
    yield f"Progress: {progress.persons} persons, {progress.plans} plans"
    for status, count in progress.by_status.items():
        yield f"  {status.value:<10} {count}"
    without = ", ".join(progress.persons_without_plans) or "none"
    yield f"  persons without a plan: {without}"


def _person(workbook: Workbook, person: Person) -> Iterator[str]:
    kind = ", institution" if person.institution else ""
    yield ""
    yield f"{_joined(person)} [{person.id}; {person.contact.value}{kind}]"
    for harm in workbook.harms_of(person.id):
        when = f", {harm.when}" if harm.when else ""
        owed = f", owes {harm.owed}" if harm.owed else ""
        kinds = ", ".join(k.value for k in harm.kinds)
        yield f"  harm {harm.id} ({kinds}{when}{owed})"
        for name, text in _texts(harm):
            yield f"    {name.replace('_', ' ')}: {text}"
    for plan in workbook.plans_of(person.id):
        yield from _plan(workbook, plan)


def _plan(workbook: Workbook, plan: AmendPlan) -> Iterator[str]:
    approach = plan.approach.value if plan.approach else "not chosen"
    since = _day(plan.last_moved_at)
    yield f"  plan {plan.id}: {plan.status.value} since {since}, approach {approach}"
    if plan.safety is not None:
        raised = [
            f.name.replace("_", " ")
            for f in attrs.fields(SafetyAssessment)
            if getattr(plan.safety, f.name) is True
        ]
        yield f"    safety: {', '.join(raised) or 'no risk found'}"
    if plan.consents:
        granted = sum(c.granted for c in plan.consents)
        yield f"    consents: {granted} of {len(plan.consents)} granted"
    for review in plan.reviews:
        who = _joined(review)
        yield (
            f"    review: {review.role.value} ({who}) on {_day(review.at)}: "
            f"{review.decision.value}"
        )
    for action in plan.actions:
        yield f"    action ({action.kind.value}): {_joined(action)}"
    yield from _restitution(plan.restitution)
    if plan.deferral is not None:
        review_on = plan.deferral.review_on
        yield (
            f"    deferred: {plan.deferral.reason.value}, review on "
            f"{_day(review_on) if review_on else 'not set'}"
        )
    for commitment in plan.commitments:
        yield from _commitment_lines(commitment)
    for outcome in plan.outcomes:
        yield f"    outcome: {outcome.kind.value} on {_day(outcome.at)}"
    yield from _next_steps(workbook, plan)


def _restitution(restitution: Restitution | None) -> Iterator[str]:
    if restitution is None:
        return
    yield (
        f"    restitution ({restitution.kind.value}): {restitution.amount}, "
        f"paid {restitution.paid}, balance {restitution.balance}"
    )


def _commitment_lines(commitment: Commitment) -> Iterator[str]:
    yield f"    commitment: {_joined(commitment)} ({commitment.cadence})"
    share = commitment.kept_share
    if share is None:
        yield "      no check-ins yet"
        return
    kept = commitment.kept_count
    yield (
        f"      {kept} of {len(commitment.check_ins)} check-ins kept "
        f"({share:.0%}); last on {_day(commitment.check_ins[-1].on)}"
    )


def _next_steps(workbook: Workbook, plan: AmendPlan) -> Iterator[str]:
    steps = workbook.next_steps(plan.id)
    if not steps:
        yield "    next steps: none; living amends go on"
        return
    yield "    next steps:"
    for step in steps:
        verdict = "allowed" if step.allowed else "blocked"
        yield f"      {step.transition.name} -> {step.target.value}: {verdict}"
        for finding in step.blockers:
            yield f"        {finding.code} {finding.slug}: {finding.message}"


def _findings(findings: Iterable[Finding]) -> Iterator[str]:
    found = False
    for finding in findings:
        found = True
        where = ", ".join(i for i in (finding.person_id, finding.plan_id) if i)
        yield (
            f"  {finding.severity.value:<7} {finding.code} {finding.slug} "
            f"[{where}]: {finding.message}"
        )
    if not found:
        yield "  none"
