"""What preparing an amend takes: approach, safety, consents, reviews, actions.

These are the value types a plan gathers before it may be *prepared*
(Step 9: "direct amends ... wherever possible, except when to do so would
injure them or others").
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from amendskit import _validation as v
from amendskit.dates import Interval
from amendskit.sensitivity import Sensitivity, label, text_field, withheld_repr

__all__ = [
    "Approach",
    "Consent",
    "Deferral",
    "DeferralReason",
    "FollowUp",
    "FollowUpAnchor",
    "RepairAction",
    "RepairKind",
    "Review",
    "ReviewDecision",
    "ReviewerRole",
    "SafetyAssessment",
]


class Approach(StrEnum):
    """How the amend is to be made."""

    #: Direct, face to face: the preferred way.
    IN_PERSON = "in_person"
    #: Direct, by telephone or video call.
    CALL = "call"
    #: Direct, a letter or message to the person.
    DIRECT_LETTER = "direct_letter"
    #: Indirect: an honest letter where the person cannot be seen (BB p.83).
    INDIRECT_LETTER = "indirect_letter"
    #: Indirect: a gift to a cause in the person's name.
    GIFT_IN_NAME = "gift_in_name"
    #: Indirect: service given in the person's name.
    SERVICE_IN_NAME = "service_in_name"
    #: Indirect: restitution made anonymously.
    ANONYMOUS_RESTITUTION = "anonymous_restitution"
    #: Indirect: a letter written and not sent.
    UNSENT_LETTER = "unsent_letter"
    #: Living amends: changed behaviour kept up over time.
    LIVING_AMENDS = "living_amends"
    #: Through another person: *not* a direct amend (rule ``no-go-between``).
    GO_BETWEEN = "go_between"

    @property
    def is_direct(self) -> bool:
        """Whether this addresses the harmed person oneself."""
        return self in _DIRECT

    @property
    def reaches_person(self) -> bool:
        """Whether anything of it reaches the harmed person."""
        return self not in _NOT_REACHING


_DIRECT = frozenset({Approach.IN_PERSON, Approach.CALL, Approach.DIRECT_LETTER})
_NOT_REACHING = frozenset(
    {
        Approach.GIFT_IN_NAME,
        Approach.SERVICE_IN_NAME,
        Approach.UNSENT_LETTER,
        Approach.LIVING_AMENDS,
    }
)


@attrs.frozen
class SafetyAssessment:
    """Would making the amend directly injure the person or others?

    Any of `implicates_others`, `affair`, `legal_exposure` and
    `dependents_at_risk` makes the plan a hard case that needs a review
    before it is prepared.
    """

    would_injure: bool = attrs.field(validator=v.instance_of(bool))
    implicates_others: bool = attrs.field(default=False, validator=v.instance_of(bool))
    affair: bool = attrs.field(default=False, validator=v.instance_of(bool))
    legal_exposure: bool = attrs.field(default=False, validator=v.instance_of(bool))
    dependents_at_risk: bool = attrs.field(default=False, validator=v.instance_of(bool))
    notes: str = text_field(Sensitivity.PRIVATE)

    @property
    def flagged(self) -> bool:
        """Whether this is a hard case (rule ``hard-case-needs-review``)."""
        return (
            self.implicates_others
            or self.affair
            or self.legal_exposure
            or self.dependents_at_risk
        )


@attrs.frozen
class Consent:
    """The recorded consent of someone the amend would implicate (BB p.80)."""

    party: str = attrs.field(
        validator=v.text(max_length=v.MAX_NAME, blank=False),
        metadata=label(Sensitivity.THIRD_PARTY),
        repr=withheld_repr,
    )
    granted: bool = attrs.field(validator=v.instance_of(bool))
    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware_datetime)
    notes: str = text_field(Sensitivity.PRIVATE)


class ReviewerRole(StrEnum):
    """Who looked at the plan with me."""

    SPONSOR = "sponsor"
    SPIRITUAL_ADVISER = "spiritual_adviser"
    THERAPIST = "therapist"
    OTHER = "other"


class ReviewDecision(StrEnum):
    """What a review decided."""

    PROCEED = "proceed"
    PROCEED_INDIRECTLY = "proceed_indirectly"
    WAIT = "wait"
    DO_NOT_PROCEED = "do_not_proceed"

    @property
    def permits(self) -> bool:
        """Whether the decision lets the plan go ahead."""
        return self in (ReviewDecision.PROCEED, ReviewDecision.PROCEED_INDIRECTLY)


@attrs.frozen
class Review:
    """A plan laid before a sponsor or adviser: who, in what role, when, what."""

    reviewer: str = attrs.field(
        validator=v.text(max_length=v.MAX_NAME, blank=False),
        metadata=label(Sensitivity.PERSONAL),
    )
    role: ReviewerRole = attrs.field(validator=v.member_of(ReviewerRole))
    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware_datetime)
    decision: ReviewDecision = attrs.field(validator=v.member_of(ReviewDecision))
    notes: str = text_field(Sensitivity.PRIVATE)


class RepairKind(StrEnum):
    """What a repair action does. An apology alone is words, not amends."""

    APOLOGY = "apology"
    RESTITUTION = "restitution"
    CONCRETE_OFFER = "concrete_offer"
    CHANGED_BEHAVIOUR = "changed_behaviour"
    SERVICE = "service"


@attrs.frozen
class RepairAction:
    """Something I will do to repair the damage."""

    kind: RepairKind = attrs.field(validator=v.member_of(RepairKind))
    description: str = text_field(Sensitivity.PERSONAL)


class DeferralReason(StrEnum):
    """Why an amend waits. `FEAR` is listed so the rules can say it is not one."""

    SAFETY_OF_OTHERS = "safety_of_others"
    LEGAL_ADVICE = "legal_advice"
    PERSON_UNAVAILABLE = "person_unavailable"
    TOO_EARLY_IN_SOBRIETY = "too_early_in_sobriety"
    ADVISED_BY_SPONSOR = "advised_by_sponsor"
    #: "Not delaying because we are afraid" (12&12 Step 9): never valid.
    FEAR = "fear"


@attrs.frozen
class Deferral:
    """A decision to wait, with a reason and a date to look at it again."""

    reason: DeferralReason = attrs.field(validator=v.member_of(DeferralReason))
    review_on: dt.date | None = attrs.field(
        default=None, validator=v.optional(v.plain_date)
    )
    notes: str = text_field(Sensitivity.PRIVATE)


class FollowUpAnchor(StrEnum):
    """What a follow-up is counted from."""

    #: The plan's scheduled meeting (`AmendPlan.meeting_at`).
    MEETING = "meeting"
    #: The plan's latest recorded outcome.
    OUTCOME = "outcome"


@attrs.frozen
class FollowUp:
    """Something to do an `offset` after an anchor: "two weeks after the meeting".

    It falls due on the anchor's day (in the anchor's own UTC offset) moved
    on by `offset`; while the anchor has no time yet, neither has the
    follow-up.
    """

    after: FollowUpAnchor = attrs.field(validator=v.member_of(FollowUpAnchor))
    offset: Interval = attrs.field(validator=v.instance_of(Interval))
    note: str = text_field(Sensitivity.PRIVATE)
