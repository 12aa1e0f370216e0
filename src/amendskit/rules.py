"""The rules of the practice, as a registry of rule objects.

Each rule of domain.md is one `Rule`: a stable code, a slug, a default
severity, its documentation and its check function. Transitions name the
rules that guard them (`amendskit.lifecycle.TRANSITIONS`); `check` runs the
very same rule objects over a whole workbook, so a transition is refused
exactly when `check` would report an error for the plan after the move.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs

from amendskit._validation import is_blank, member_of
from amendskit.errors import AmendsError
from amendskit.harm import Harm
from amendskit.lifecycle import Status, find_transition, guards_of
from amendskit.outcome import Outcome
from amendskit.person import ContactStatus, Person
from amendskit.plan import AmendPlan
from amendskit.preparation import (
    Approach,
    Consent,
    DeferralReason,
    RepairKind,
    ReviewDecision,
    ReviewerRole,
)

if TYPE_CHECKING:
    from amendskit.workbook import Workbook

__all__ = [
    "RULES",
    "Finding",
    "Policy",
    "PolicyError",
    "ReviewScope",
    "Rule",
    "Scope",
    "Severity",
    "check",
    "rule",
]


class Severity(StrEnum):
    """How much a failed rule matters. Only errors block transitions."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OFF = "off"


class Scope(StrEnum):
    """What a rule looks at."""

    #: A plan entering (or held in) a status.
    PLAN = "plan"
    #: A person on the list.
    PERSON = "person"
    #: A requested move itself, before any plan rule is asked.
    MOVE = "move"


class ReviewScope(StrEnum):
    """Which plans need a review before they are prepared."""

    #: Only hard cases: third parties, an affair, legal exposure, dependents.
    FLAGGED = "flagged"
    #: Every plan ("talk with your sponsor").
    ALL = "all"


@attrs.frozen
class Finding:
    """A rule that failed: what, how much it matters, and where.

    Apps match on `code` (stable) or `slug`; `message` is for people and
    never repeats free text. `field` names the attribute concerned (such as
    ``"approach"`` or ``"deferral.review_on"``).
    """

    code: str
    slug: str
    severity: Severity
    message: str
    plan_id: str | None = None
    person_id: str | None = None
    harm_ids: tuple[str, ...] = ()
    field: str | None = None

    @property
    def blocking(self) -> bool:
        """Whether this finding blocks a transition (error severity)."""
        return self.severity is Severity.ERROR


@attrs.frozen
class Problem:
    """What a rule's check function reports; the engine makes it a `Finding`."""

    message: str
    field: str | None = None
    harm_ids: tuple[str, ...] = ()


@attrs.frozen
class PlanSubject:
    """What a plan rule sees: the plan in the status it enters or holds."""

    workbook: Workbook
    plan: AmendPlan
    person: Person
    harms: tuple[Harm, ...]
    target: Status
    at: dt.datetime
    policy: Policy


@attrs.frozen
class PersonSubject:
    """What a person rule sees."""

    workbook: Workbook
    person: Person
    policy: Policy


@attrs.frozen
class MoveSubject:
    """What a move rule sees: a plan and the status and time asked for."""

    plan: AmendPlan
    target: Status
    at: dt.datetime


@attrs.frozen
class Rule:
    """One rule of the practice.

    `fixed` rules define the lifecycle itself; a `Policy` cannot tune them.
    """

    code: str
    slug: str
    severity: Severity
    scope: Scope
    doc: str
    check: Callable[[Any], Iterable[Problem]] = attrs.field(repr=False)
    fixed: bool = False

    @property
    def summary(self) -> str:
        """The first line of the rule's documentation."""
        return self.doc.split("\n", 1)[0]

    def finding(
        self,
        problem: Problem,
        severity: Severity,
        *,
        plan_id: str | None = None,
        person_id: str | None = None,
    ) -> Finding:
        """The finding for `problem` found by this rule."""
        return Finding(
            self.code,
            self.slug,
            severity,
            problem.message,
            plan_id,
            person_id,
            problem.harm_ids,
            problem.field,
        )


_REGISTRY: dict[str, Rule] = {}


_Check = Callable[[Any], Iterator[Problem]]


def _rule(
    code: str,
    slug: str,
    severity: Severity,
    scope: Scope = Scope.PLAN,
    *,
    fixed: bool = False,
) -> Callable[[_Check], _Check]:
    def register(function: _Check) -> _Check:
        doc = inspect.cleandoc(function.__doc__ or "")
        _REGISTRY[code] = Rule(code, slug, severity, scope, doc, function, fixed)
        return function

    return register


# --- moves -----------------------------------------------------------------


@_rule("LC01", "transition-not-allowed", Severity.ERROR, Scope.MOVE, fixed=True)
def _transition_not_allowed(s: MoveSubject) -> Iterator[Problem]:
    """A plan moves only along the lifecycle's transitions.

    The allowed moves are listed in the lifecycle table; any other pair of
    statuses is refused.
    """
    if find_transition(s.plan.status, s.target) is None:
        yield Problem("the lifecycle has no such move", "status")


@_rule("LC02", "time-goes-forward", Severity.ERROR, Scope.MOVE, fixed=True)
def _time_goes_forward(s: MoveSubject) -> Iterator[Problem]:
    """A move is never dated before the plan's last recorded move.

    The history is append-only and ordered in time.
    """
    if s.at < s.plan.last_moved_at:
        yield Problem("dated before the plan's last move", "history")


# --- listing and willingness -------------------------------------------------


@_rule("AK01", "harm-states-own-conduct", Severity.ERROR)
def _harm_states_own_conduct(s: PlanSubject) -> Iterator[Problem]:
    """Every harm the plan covers says what I did.

    A harm records my own conduct, not the other person's ("avoid extreme
    judgments", 12&12 p.82). Required to leave *listed*.
    """
    for harm in s.harms:
        if is_blank(harm.conduct):
            yield Problem("a harm does not say what I did", "conduct", (harm.id,))


@_rule("AK02", "person-without-harm", Severity.WARNING, Scope.PERSON)
def _person_without_harm(s: PersonSubject) -> Iterator[Problem]:
    """A listed person has at least one recorded harm.

    The list is of persons harmed; a name without a harm is a reminder to
    write down what happened.
    """
    if not s.workbook.harms_of(s.person.id):
        yield Problem("no harm is recorded for this person", "harms")


# --- preparation ---------------------------------------------------------------


@_rule("AK04", "approach-required", Severity.ERROR)
def _approach_required(s: PlanSubject) -> Iterator[Problem]:
    """A prepared plan names its approach.

    Direct (in person, call, letter), indirect (a letter, a gift or service
    in the person's name, anonymous restitution, an unsent letter) or
    living amends.
    """
    if s.plan.approach is None:
        yield Problem("no approach is chosen", "approach")


@_rule("AK05", "no-go-between", Severity.ERROR)
def _no_go_between(s: PlanSubject) -> Iterator[Problem]:
    """An amend is not delivered through another person.

    Asking someone else to apologise for you is not a direct amend (seed
    article).
    """
    if s.plan.approach is Approach.GO_BETWEEN:
        yield Problem("an amend through another person is not an amend", "approach")


@_rule("AK06", "would-injure", Severity.ERROR)
def _would_injure(s: PlanSubject) -> Iterator[Problem]:
    """A prepared plan has a safety assessment, and injuring amends are not direct.

    Step 9: direct amends "except when to do so would injure them or
    others" (12&12 p.86: no detailed account of an affair to an
    unsuspecting spouse).
    """
    safety = s.plan.safety
    if safety is None:
        yield Problem("no safety assessment is recorded", "safety")
    elif safety.would_injure and _is_direct(s.plan):
        yield Problem(
            "direct amends would injure: choose an indirect approach", "approach"
        )


@_rule("AK07", "implicates-others-needs-consent", Severity.ERROR)
def _implicates_others_needs_consent(s: PlanSubject) -> Iterator[Problem]:
    """Everyone the amends would implicate has consented first.

    "Before taking drastic action which might implicate other people we
    secure their consent" (BB p.80). Consents count only when recorded
    before the move.
    """
    if s.plan.safety is None or not s.plan.safety.implicates_others:
        return
    latest: dict[str, Consent] = {}  # each party's latest word counts
    for consent in sorted(s.plan.consents, key=lambda c: c.at):
        if consent.at <= s.at:
            latest[consent.party] = consent
    if not latest:
        yield Problem("no consent of the people implicated is recorded", "consents")
    elif not all(c.granted for c in latest.values()):
        yield Problem("someone implicated has not consented", "consents")


@_rule("AK08", "hard-case-needs-review", Severity.ERROR)
def _hard_case_needs_review(s: PlanSubject) -> Iterator[Problem]:
    """A hard case is laid before a sponsor or spiritual adviser first.

    Plans flagged for third parties, an affair, legal exposure or risk to
    dependents need a recorded review (who, when, what was decided) that
    lets them go ahead (12&12 p.86). A policy with `ReviewScope.ALL`
    asks this of every plan.
    """
    flagged = s.plan.safety is not None and s.plan.safety.flagged
    if not flagged and s.policy.review is not ReviewScope.ALL:
        return
    reviews = [r for r in s.plan.reviews if r.role in _ADVISERS and r.at <= s.at]
    if not reviews:
        yield Problem("no review by a sponsor or spiritual adviser", "reviews")
        return
    latest = max(reviews, key=lambda r: r.at)
    if not latest.decision.permits:
        yield Problem("the latest review did not decide to go ahead", "reviews")
    elif latest.decision is ReviewDecision.PROCEED_INDIRECTLY and _is_direct(s.plan):
        yield Problem("the review decided on an indirect amend", "approach")


_GO_BETWEEN = Approach.GO_BETWEEN
_ADVISERS = frozenset({ReviewerRole.SPONSOR, ReviewerRole.SPIRITUAL_ADVISER})


def _is_direct(plan: AmendPlan) -> bool:
    return plan.approach is not None and plan.approach.is_direct


@_rule("AK09", "no-contact", Severity.ERROR)
def _no_contact(s: PlanSubject) -> Iterator[Problem]:
    """No contact is planned with a person who is no_contact.

    Only approaches that do not reach the person remain: living amends,
    service, a gift to a cause, an unsent letter. A no-contact order covers
    contact "even through another person".
    """
    approach = s.plan.approach
    no_contact = s.person.contact is ContactStatus.NO_CONTACT
    if no_contact and approach is not None and approach.reaches_person:
        yield Problem("this person is not to be contacted", "approach")


@_rule("AK10", "not-reachable", Severity.ERROR)
def _not_reachable(s: PlanSubject) -> Iterator[Problem]:
    """Direct amends are impossible for an unreachable or deceased person.

    Letters, gifts in their name, service and living amends remain.
    """
    approach = s.plan.approach
    gone = s.person.contact in (ContactStatus.UNREACHABLE, ContactStatus.DECEASED)
    personal = approach is not None and (approach.is_direct or approach is _GO_BETWEEN)
    if gone and personal:
        yield Problem("this person cannot be reached directly", "approach")


@_rule("AK11", "amends-are-actions", Severity.ERROR)
def _amends_are_actions(s: PlanSubject) -> Iterator[Problem]:
    """A plan holds at least one repair action, not only words of apology.

    Restitution, a concrete offer, service or a changed-behaviour
    commitment (seed article: amends are actions, apologies are words).
    """
    plan = s.plan
    acts = any(a.kind is not RepairKind.APOLOGY for a in plan.actions)
    if not (acts or plan.restitution or plan.commitments):
        yield Problem("no repair action beyond words of apology", "actions")


@_rule("AK12", "owed-needs-restitution", Severity.ERROR)
def _owed_needs_restitution(s: PlanSubject) -> Iterator[Problem]:
    """A covered harm with an amount owed needs a restitution arrangement.

    Full, partial, a payment plan or a promise ("arranging the best deal we
    can", BB p.78).
    """
    owed = tuple(h.id for h in s.harms if h.owed is not None)
    if owed and s.plan.restitution is None:
        yield Problem(
            "money is owed but no restitution is arranged", "restitution", owed
        )


@_rule("AK13", "deferral-needs-reason", Severity.ERROR)
def _deferral_needs_reason(s: PlanSubject) -> Iterator[Problem]:
    """A deferred plan has a reason and a date to review it.

    Fear is not a reason ("not delaying because we are afraid", 12&12
    Step 9).
    """
    deferral = s.plan.deferral
    if deferral is None:
        return
    if deferral.reason is DeferralReason.FEAR:
        yield Problem("fear is not a reason to defer", "deferral.reason")
    if deferral.review_on is None:
        yield Problem("a deferral needs a date to review it", "deferral.review_on")


# --- outcomes ------------------------------------------------------------------


@_rule("AK14", "outcome-after-preparation", Severity.ERROR, fixed=True)
def _outcome_after_preparation(s: PlanSubject) -> Iterator[Problem]:
    """An outcome is recorded only for a prepared plan, never dated earlier.

    The latest outcome is dated no earlier than the plan's latest entry
    into *prepared*, nor than any outcome recorded before it.
    """
    if s.plan.outcomes and not outcomes_in_order(s.plan, s.plan.outcomes):
        yield EARLY_OUTCOME


#: What rule AK14 reports, in `check()` and when an outcome is recorded.
EARLY_OUTCOME = Problem(
    "an outcome is recorded only for a prepared plan, dated no earlier than "
    "its preparation or an earlier outcome",
    "outcomes",
)


def outcomes_in_order(plan: AmendPlan, outcomes: tuple[Outcome, ...]) -> bool:
    """Whether the last of `outcomes` comes after `plan`'s preparation and the rest."""
    prepared_at = plan.entered(Status.PREPARED)
    if prepared_at is None:
        return False
    *earlier, latest = outcomes
    since: dt.datetime = max([prepared_at, *(o.at for o in earlier)])
    return latest.at >= since


@_rule("AK15", "rebuffed-is-made", Severity.ERROR, fixed=True)
def _rebuffed_is_made(s: PlanSubject) -> Iterator[Problem]:
    """The outcome decides: received, rebuffed or partial is made; declined is declined.

    "It should not matter if someone does throw us out of his office"
    (BB p.78): amends heard and rejected were still made.
    """
    latest = s.plan.outcomes[-1] if s.plan.outcomes else None
    if latest is None or latest.kind.target is not s.target:
        yield Problem(
            f"entering {s.target.value} needs an outcome that says so", "outcomes"
        )


@_rule("AK16", "declined-no-forcing", Severity.ERROR)
def _declined_no_forcing(s: PlanSubject) -> Iterator[Problem]:
    """No new contact is planned with a person who declined, unless invited.

    "Forcing another to meet with you or hear from you is not part of the
    Steps" (seed article). An invitation recorded after the refusal lifts
    this.
    """
    declined_at = s.workbook.declined_at(s.person.id)
    invited_at = s.person.invited_at
    if declined_at is None or (invited_at is not None and invited_at >= declined_at):
        return
    if s.plan.approach is not None and s.plan.approach.reaches_person:
        yield Problem("the person declined: plan no contact unless invited", "approach")


@_rule("AK18", "restitution-open", Severity.INFO)
def _restitution_open(s: PlanSubject) -> Iterator[Problem]:
    """A promise or payment plan counts as made with restitution still open.

    Payments are recorded and the balance is always known; this finding
    reminds that something is still owed.
    """
    restitution = s.plan.restitution
    if restitution is not None and not restitution.settled:
        yield Problem("restitution is still open", "restitution")


# --- living amends ---------------------------------------------------------------


@_rule("AK19", "living-needs-commitment", Severity.ERROR)
def _living_needs_commitment(s: PlanSubject) -> Iterator[Problem]:
    """Living amends hold at least one ongoing commitment with a cadence.

    Check-ins, kept or missed, measure "intentions and actions aligned"
    (seed article).
    """
    if not any(c.ongoing(s.at) for c in s.plan.commitments):
        yield Problem("no ongoing commitment", "commitments")


#: Every rule, in code order.
RULES: tuple[Rule, ...] = tuple(_REGISTRY[code] for code in sorted(_REGISTRY))
_BY_NAME: dict[str, Rule] = {r.code: r for r in RULES} | {r.slug: r for r in RULES}


class PolicyError(AmendsError, ValueError):
    """A policy names a rule that does not exist or may not be tuned."""

    def __init__(self, code: str, name: str) -> None:
        self.code = code
        self.name = name
        super().__init__(f"policy: {code} for rule {name!r}")


def rule(name: str) -> Rule:
    """The rule with this code (``"AK06"``) or slug (``"would-injure"``)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise PolicyError("unknown-rule", name) from None


def _severities(value: Mapping[str, Severity]) -> Mapping[str, Severity]:
    try:
        pairs = dict(value)
    except (TypeError, ValueError):
        raise PolicyError("not-a-mapping", type(value).__name__) from None
    result: dict[str, Severity] = {}
    for name, severity in pairs.items():
        found = rule(name)
        if found.fixed:
            raise PolicyError("rule-not-tunable", name)
        if not isinstance(severity, Severity):
            raise PolicyError("not-a-severity", name)
        if found.code in result:  # named twice, by its code and its slug
            raise PolicyError("duplicate-rule", name)
        result[found.code] = severity
    return dict(sorted(result.items()))


@attrs.frozen
class Policy:
    """How an app tunes the rules: severities by code or slug, and review scope.

    >>> Policy({"person-without-harm": Severity.OFF}).severity(rule("AK02"))
    <Severity.OFF: 'off'>
    """

    severities: Mapping[str, Severity] = attrs.field(
        factory=dict, converter=_severities, hash=False
    )
    review: ReviewScope = attrs.field(
        default=ReviewScope.FLAGGED, validator=member_of(ReviewScope)
    )

    def severity(self, of: Rule) -> Severity:
        """The severity this policy gives the rule."""
        return self.severities.get(of.code, of.severity)


def _findings(
    rules: Iterable[Rule], subject: Any, policy: Policy, **where: str
) -> Iterator[Finding]:
    for r in rules:
        severity = policy.severity(r)
        if severity is Severity.OFF:
            continue
        for problem in r.check(subject):
            yield r.finding(problem, severity, **where)


def check_move(plan: AmendPlan, target: Status, at: dt.datetime) -> tuple[Finding, ...]:
    """The findings of the move rules for moving `plan` to `target` at `at`."""
    movers = (r for r in RULES if r.scope is Scope.MOVE)
    subject = MoveSubject(plan, target, at)
    return tuple(_findings(movers, subject, Policy(), plan_id=plan.id))


def check_plan(
    workbook: Workbook, plan: AmendPlan, policy: Policy
) -> tuple[Finding, ...]:
    """The findings of the rules that must hold for `plan` in its status."""
    subject = PlanSubject(
        workbook,
        plan,
        workbook.person(plan.person_id),
        tuple(workbook.harm(h) for h in plan.harm_ids),
        plan.status,
        plan.last_moved_at,
        policy,
    )
    rules = (_REGISTRY[code] for code in guards_of(plan.status))
    return tuple(
        _findings(rules, subject, policy, plan_id=plan.id, person_id=plan.person_id)
    )


def check(workbook: Workbook, policy: Policy | None = None) -> tuple[Finding, ...]:
    """Every finding of every rule over the whole workbook.

    Person rules come first (in the workbook's order of persons), then each
    plan's rules for the status it is in. `policy` defaults to the
    workbook's own.
    """
    policy = workbook.policy if policy is None else policy
    people = [r for r in RULES if r.scope is Scope.PERSON]
    found: list[Finding] = []
    for person in workbook.persons.values():
        subject = PersonSubject(workbook, person, policy)
        found += _findings(people, subject, policy, person_id=person.id)
    for plan in workbook.plans.values():
        found += check_plan(workbook, plan, policy)
    return tuple(found)
