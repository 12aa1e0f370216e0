"""amendskit: a domain library for making amends (Steps 8 and 9).

Everything public is importable from here::

    from amendskit import Workbook, Person, Harm, AmendPlan, Status
"""

from amendskit.agenda import AgendaItem, AgendaKind, agenda
from amendskit.clock import (
    Clock,
    FixedClock,
    IdFactory,
    SequentialIds,
    SystemClock,
    UuidIds,
)
from amendskit.dates import Interval, IntervalUnit, PartialDate
from amendskit.display import AgendaView, Findings, PlanView, WorkbookView
from amendskit.errors import (
    AmendsError,
    DocumentError,
    DocumentProblem,
    TransitionError,
    UnknownIdError,
    ValidationError,
    WorkbookError,
)
from amendskit.harm import Harm, HarmKind, Intent, Period
from amendskit.ical import to_ical
from amendskit.lifecycle import (
    TRANSITIONS,
    Status,
    Transition,
    Trigger,
    find_transition,
    mermaid_diagram,
    transitions_from,
)
from amendskit.living import CheckIn, Commitment, CommitmentReport, commitment_report
from amendskit.migrations import MIGRATIONS, Migration, Migrations
from amendskit.money import Money, minor_units
from amendskit.outcome import Outcome, OutcomeKind
from amendskit.person import ContactStatus, Person
from amendskit.plan import AmendPlan, HistoryRecord
from amendskit.preparation import (
    Approach,
    Consent,
    Deferral,
    DeferralReason,
    FollowUp,
    FollowUpAnchor,
    RepairAction,
    RepairKind,
    Review,
    ReviewDecision,
    ReviewerRole,
    SafetyAssessment,
)
from amendskit.restitution import (
    Instalment,
    Payment,
    PaymentPlan,
    Restitution,
    RestitutionKind,
)
from amendskit.rules import (
    RULES,
    Finding,
    Policy,
    PolicyError,
    ReviewScope,
    Rule,
    Scope,
    Severity,
    check,
    rule,
)
from amendskit.schema import SCHEMA_ID, json_schema
from amendskit.sensitivity import Sensitivity, sensitivity_of
from amendskit.serialization import (
    FORMAT,
    SCHEMA_VERSION,
    Limits,
    dumps,
    from_dict,
    loads,
    make_converter,
    to_dict,
)
from amendskit.share import share_html, share_markdown
from amendskit.workbook import NextStep, Progress, Workbook

__all__ = [
    "AgendaItem",
    "AgendaKind",
    "AgendaView",
    "AmendPlan",
    "AmendsError",
    "Approach",
    "CheckIn",
    "Clock",
    "Commitment",
    "CommitmentReport",
    "Consent",
    "ContactStatus",
    "Deferral",
    "DeferralReason",
    "DocumentError",
    "DocumentProblem",
    "FORMAT",
    "Finding",
    "Findings",
    "FixedClock",
    "FollowUp",
    "FollowUpAnchor",
    "Harm",
    "HarmKind",
    "HistoryRecord",
    "IdFactory",
    "Instalment",
    "Intent",
    "Interval",
    "IntervalUnit",
    "Limits",
    "MIGRATIONS",
    "Migration",
    "Migrations",
    "Money",
    "NextStep",
    "Outcome",
    "OutcomeKind",
    "PartialDate",
    "Payment",
    "PaymentPlan",
    "Period",
    "Person",
    "PlanView",
    "Policy",
    "PolicyError",
    "Progress",
    "RULES",
    "RepairAction",
    "RepairKind",
    "Restitution",
    "RestitutionKind",
    "Review",
    "ReviewDecision",
    "ReviewScope",
    "ReviewerRole",
    "Rule",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "SafetyAssessment",
    "Scope",
    "Sensitivity",
    "SequentialIds",
    "Severity",
    "Status",
    "SystemClock",
    "TRANSITIONS",
    "Transition",
    "TransitionError",
    "Trigger",
    "UnknownIdError",
    "UuidIds",
    "ValidationError",
    "Workbook",
    "WorkbookError",
    "WorkbookView",
    "agenda",
    "check",
    "commitment_report",
    "dumps",
    "find_transition",
    "from_dict",
    "json_schema",
    "loads",
    "make_converter",
    "mermaid_diagram",
    "minor_units",
    "rule",
    "sensitivity_of",
    "share_html",
    "share_markdown",
    "to_dict",
    "to_ical",
    "transitions_from",
]
