"""amendskit: a domain library for making amends (Steps 8 and 9).

Everything public is importable from here::

    from amendskit import Workbook, Person, Harm, AmendPlan, Status

Names are loaded on first use (PEP 562), so ``import amendskit`` costs
next to nothing and a command-line call or a serverless handler pays only
for what it touches; type checkers see ordinary imports.
"""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from amendskit.agenda import AgendaItem, AgendaKind
    from amendskit.clock import (
        Clock,
        FixedClock,
        IdFactory,
        SequentialIds,
        SystemClock,
        UuidIds,
    )
    from amendskit.dates import Interval, IntervalUnit, PartialDate
    from amendskit.demo import DEMO_NOW, build_demo, render_summary
    from amendskit.display import (
        AgendaEntry,
        AgendaView,
        Findings,
        PlanView,
        WorkbookView,
        agenda_html,
        agenda_markdown,
        findings_html,
        findings_markdown,
        plan_html,
        plan_markdown,
        progress_svg,
        workbook_html,
        workbook_markdown,
    )
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
    from amendskit.living import (
        CheckIn,
        Commitment,
        CommitmentReport,
        commitment_report,
    )
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
    from amendskit.sensitivity import Sensitivity, labelled_fields, sensitivity_of
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
    from amendskit.tables import (
        check_in_records,
        harm_records,
        person_records,
        plan_records,
    )
    from amendskit.workbook import NextStep, Progress, Workbook

#: Where each public name lives: module (under `amendskit`) -> names. A test
#: checks that it lists exactly the imports above and `__all__`.
_MODULES: dict[str, tuple[str, ...]] = {
    "agenda": ("AgendaItem", "AgendaKind"),
    "clock": (
        "Clock",
        "FixedClock",
        "IdFactory",
        "SequentialIds",
        "SystemClock",
        "UuidIds",
    ),
    "dates": ("Interval", "IntervalUnit", "PartialDate"),
    "demo": ("DEMO_NOW", "build_demo", "render_summary"),
    "display": (
        "AgendaEntry",
        "AgendaView",
        "Findings",
        "PlanView",
        "WorkbookView",
        "agenda_html",
        "agenda_markdown",
        "findings_html",
        "findings_markdown",
        "plan_html",
        "plan_markdown",
        "progress_svg",
        "workbook_html",
        "workbook_markdown",
    ),
    "errors": (
        "AmendsError",
        "DocumentError",
        "DocumentProblem",
        "TransitionError",
        "UnknownIdError",
        "ValidationError",
        "WorkbookError",
    ),
    "harm": ("Harm", "HarmKind", "Intent", "Period"),
    "ical": ("to_ical",),
    "lifecycle": (
        "TRANSITIONS",
        "Status",
        "Transition",
        "Trigger",
        "find_transition",
        "mermaid_diagram",
        "transitions_from",
    ),
    "living": ("CheckIn", "Commitment", "CommitmentReport", "commitment_report"),
    "migrations": ("MIGRATIONS", "Migration", "Migrations"),
    "money": ("Money", "minor_units"),
    "outcome": ("Outcome", "OutcomeKind"),
    "person": ("ContactStatus", "Person"),
    "plan": ("AmendPlan", "HistoryRecord"),
    "preparation": (
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
    ),
    "restitution": (
        "Instalment",
        "Payment",
        "PaymentPlan",
        "Restitution",
        "RestitutionKind",
    ),
    "rules": (
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
    ),
    "schema": ("SCHEMA_ID", "json_schema"),
    "sensitivity": ("Sensitivity", "labelled_fields", "sensitivity_of"),
    "serialization": (
        "FORMAT",
        "SCHEMA_VERSION",
        "Limits",
        "dumps",
        "from_dict",
        "loads",
        "make_converter",
        "to_dict",
    ),
    "share": ("share_html", "share_markdown"),
    "tables": ("check_in_records", "harm_records", "person_records", "plan_records"),
    "workbook": ("NextStep", "Progress", "Workbook"),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> _typing.Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'amendskit' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"amendskit.{module}"), name)
    globals()[name] = value  # later look-ups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "AgendaEntry",
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
    "DEMO_NOW",
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
    "agenda_html",
    "agenda_markdown",
    "build_demo",
    "check",
    "check_in_records",
    "commitment_report",
    "dumps",
    "find_transition",
    "findings_html",
    "findings_markdown",
    "from_dict",
    "harm_records",
    "json_schema",
    "labelled_fields",
    "loads",
    "make_converter",
    "mermaid_diagram",
    "minor_units",
    "person_records",
    "plan_html",
    "plan_markdown",
    "plan_records",
    "progress_svg",
    "render_summary",
    "rule",
    "sensitivity_of",
    "share_html",
    "share_markdown",
    "to_dict",
    "to_ical",
    "transitions_from",
    "workbook_html",
    "workbook_markdown",
]
