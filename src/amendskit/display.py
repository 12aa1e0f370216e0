"""Rich display for notebooks: workbooks, plans, findings and agendas.

Each function returns a string of HTML or Markdown; the small view classes
(`WorkbookView`, `PlanView`, `Findings`, `AgendaView`) carry
``_repr_html_`` and ``_repr_markdown_`` so that Jupyter shows them when
they end a cell::

    WorkbookView(workbook)          # progress bar, then every plan
    PlanView(workbook, "plan-1")    # one plan, its next steps and blockers
    Findings(workbook.check())      # a table of findings

What is shown is the structure of the work (statuses, approaches, next
steps, rule codes) and the persons' names; no private note and no third
party's name is ever shown. Every string that is not amendskit's own is
escaped, so a name like ``<script>`` comes out as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import Protocol

import attrs

from amendskit._markup import day, html_text, md_text, words
from amendskit.lifecycle import Status
from amendskit.money import Money
from amendskit.plan import AmendPlan
from amendskit.rules import Finding
from amendskit.workbook import NextStep, Workbook

__all__ = [
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
]

#: A colour per status for the progress bar and its legend.
STATUS_COLOURS: dict[Status, str] = {
    Status.LISTED: "#9ca3af",
    Status.WILLING: "#60a5fa",
    Status.PREPARED: "#a78bfa",
    Status.MADE: "#34d399",
    Status.DECLINED: "#fbbf24",
    Status.LIVING: "#059669",
}

_BAR_WIDTH = 320
_BAR_HEIGHT = 14
# The longest Markdown bar, in block characters.
_MD_BAR = 20


class AgendaEntry(Protocol):
    """What the agenda renderers read of an agenda item."""

    @property
    def at(self) -> dt.datetime:
        """When it is due (aware)."""

    @property
    def all_day(self) -> bool:
        """Whether only the date of `at` matters."""

    @property
    def kind(self) -> StrEnum:
        """What kind of item it is (meeting, instalment...)."""

    @property
    def plan_id(self) -> str | None:
        """The plan it belongs to."""

    @property
    def person_id(self) -> str | None:
        """The person it concerns."""

    @property
    def summary(self) -> str:
        """A generic description."""

    @property
    def amount(self) -> Money | None:
        """An amount due, if any."""


# --- the workbook ---------------------------------------------------------------


def progress_svg(workbook: Workbook) -> str:
    """The plans per status as one horizontal bar of inline SVG."""
    progress = workbook.summary()
    counted = [(s, n) for s, n in progress.by_status.items() if n]
    label = ", ".join(f"{s.value} {n}" for s, n in counted) or "no plans"
    rects = []
    x = 0.0
    for status, count in counted:
        width = _BAR_WIDTH * count / progress.plans
        rects.append(
            f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="{_BAR_HEIGHT}" '
            f'fill="{STATUS_COLOURS[status]}"><title>{status.value}: {count}'
            "</title></rect>"
        )
        x += width
    if not rects:
        rects.append(
            f'<rect x="0" y="0" width="{_BAR_WIDTH}" height="{_BAR_HEIGHT}" '
            'fill="#e5e7eb"><title>no plans</title></rect>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_BAR_WIDTH}" '
        f'height="{_BAR_HEIGHT}" viewBox="0 0 {_BAR_WIDTH} {_BAR_HEIGHT}" '
        f'role="img" aria-label="plans per status: {label}">{"".join(rects)}</svg>'
    )


def _legend_html(workbook: Workbook) -> str:
    items = (
        f'<span style="margin-right:1em"><span style="display:inline-block;'
        f"width:0.8em;height:0.8em;background:{STATUS_COLOURS[status]};"
        f'margin-right:0.3em"></span>{status.value} {count}</span>'
        for status, count in workbook.summary().by_status.items()
    )
    return f'<div style="font-size:smaller">{"".join(items)}</div>'


def workbook_html(workbook: Workbook, *, at: dt.datetime | None = None) -> str:
    """A progress overview, then each plan with its next steps and blockers.

    `at` is when next steps are judged (default: the workbook's clock).
    """
    progress = workbook.summary()
    rows = "".join(_plan_row_html(workbook, plan, at) for plan in _plans(workbook))
    parts = [
        '<div class="amendskit-workbook">',
        f"<p><strong>{progress.persons} persons, {progress.plans} plans</strong></p>",
        progress_svg(workbook),
        _legend_html(workbook),
    ]
    if rows:
        parts.append(
            "<table><thead><tr><th>Person</th><th>Plan</th><th>Status</th>"
            "<th>Approach</th><th>Next steps</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    if progress.persons_without_plans:
        names = ", ".join(
            html_text(workbook.person(p).name) for p in progress.persons_without_plans
        )
        parts.append(f"<p>Persons without a plan: {names}</p>")
    parts.append("</div>")
    return "".join(parts)


def workbook_markdown(workbook: Workbook, *, at: dt.datetime | None = None) -> str:
    """The Markdown form of `workbook_html`: a progress table, then the plans."""
    progress = workbook.summary()
    most = max(progress.by_status.values(), default=0) or 1
    lines = [
        f"**{progress.persons} persons, {progress.plans} plans**",
        "",
        "| status | plans | |",
        "| --- | ---: | --- |",
    ]
    for status, count in progress.by_status.items():
        bar = "\u2588" * round(_MD_BAR * count / most)
        lines.append(f"| {status.value} | {count} | {bar} |")
    plans = _plans(workbook)
    if plans:
        lines += [
            "",
            "| person | plan | status | approach | next steps |",
            "| --- | --- | --- | --- | --- |",
        ]
        for plan in plans:
            steps = "; ".join(_step_md(s) for s in _steps(workbook, plan, at))
            lines.append(
                f"| {md_text(workbook.person(plan.person_id).name)} "
                f"| {md_text(plan.id)} | {plan.status.value} "
                f"| {_approach(plan)} | {steps or _NO_STEPS} |"
            )
    if progress.persons_without_plans:
        names = ", ".join(
            md_text(workbook.person(p).name) for p in progress.persons_without_plans
        )
        lines += ["", f"Persons without a plan: {names}"]
    return "\n".join(lines) + "\n"


_NO_STEPS = "none; living amends go on"


def _plans(workbook: Workbook) -> list[AmendPlan]:
    """The plans person by person, in the order the persons were listed."""
    return [p for person in workbook.persons for p in workbook.plans_of(person)]


def _steps(
    workbook: Workbook, plan: AmendPlan, at: dt.datetime | None
) -> tuple[NextStep, ...]:
    return workbook.next_steps(plan.id, at=at)


def _approach(plan: AmendPlan) -> str:
    return words(plan.approach) if plan.approach else "not chosen"


def _plan_row_html(workbook: Workbook, plan: AmendPlan, at: dt.datetime | None) -> str:
    person = workbook.person(plan.person_id)
    return (
        f"<tr><td>{html_text(person.name)}</td><td>{html_text(plan.id)}</td>"
        f"<td>{plan.status.value}</td><td>{_approach(plan)}</td>"
        f"<td>{_steps_html(_steps(workbook, plan, at))}</td></tr>"
    )


def _steps_html(steps: Sequence[NextStep]) -> str:
    if not steps:
        return _NO_STEPS
    items = "".join(f"<li>{_step_html(step)}</li>" for step in steps)
    return f'<ul style="margin:0">{items}</ul>'


def _step_html(step: NextStep) -> str:
    head = f"{step.transition.name} &rarr; {step.target.value}: "
    if step.allowed:
        return head + "<strong>allowed</strong>"
    blockers = "".join(f"<li>{_finding_html(f)}</li>" for f in step.blockers)
    return f"{head}blocked<ul>{blockers}</ul>"


def _finding_html(finding: Finding) -> str:
    return (
        f"<code>{html_text(finding.code)}</code> {html_text(finding.slug)}: "
        f"{html_text(finding.message)}"
    )


def _step_md(step: NextStep) -> str:
    head = f"{step.transition.name} \u2192 {step.target.value}: "
    if step.allowed:
        return head + "allowed"
    blockers = ", ".join(_finding_md(f) for f in step.blockers)
    return f"{head}blocked by {blockers}"


def _finding_md(finding: Finding) -> str:
    return (
        f"`{md_text(finding.code)}` {md_text(finding.slug)} "
        f"({md_text(finding.message)})"
    )


# --- one plan -----------------------------------------------------------------


def _plan_facts(plan: AmendPlan) -> Iterator[tuple[str, str]]:
    """Plain (unescaped) facts about a plan; none is free text."""
    yield "status", f"{plan.status.value} since {day(plan.last_moved_at)}"
    yield "approach", _approach(plan)
    yield "harms covered", str(len(plan.harm_ids))
    if plan.restitution is not None:
        r = plan.restitution
        yield "restitution", f"{r.amount}, paid {r.paid}, balance {r.balance}"
    for commitment in plan.commitments:
        kept = commitment.kept_count
        yield "commitment", f"{kept} of {len(commitment.check_ins)} check-ins kept"
    if plan.outcomes:
        last = plan.outcomes[-1]
        yield "last outcome", f"{last.kind.value} on {day(last.at)}"


def plan_html(
    workbook: Workbook, plan_id: str, *, at: dt.datetime | None = None
) -> str:
    """One plan: its person, status, approach, and each next step with why.

    Raises `UnknownIdError` for an unknown plan id.
    """
    plan = workbook.plan(plan_id)
    person = workbook.person(plan.person_id)
    facts = "".join(
        f"<dt>{name}</dt><dd>{html_text(value)}</dd>"
        for name, value in _plan_facts(plan)
    )
    return (
        '<div class="amendskit-plan">'
        f"<p><strong>{html_text(person.name)}</strong> &middot; "
        f"plan {html_text(plan.id)}</p>"
        f"<dl>{facts}<dt>next steps</dt>"
        f"<dd>{_steps_html(_steps(workbook, plan, at))}</dd></dl></div>"
    )


def plan_markdown(
    workbook: Workbook, plan_id: str, *, at: dt.datetime | None = None
) -> str:
    """The Markdown form of `plan_html`."""
    plan = workbook.plan(plan_id)
    person = workbook.person(plan.person_id)
    lines = [f"**{md_text(person.name)}** \u00b7 plan {md_text(plan.id)}", ""]
    lines += [f"- {name}: {md_text(value)}" for name, value in _plan_facts(plan)]
    steps = _steps(workbook, plan, at)
    if not steps:
        lines.append(f"- next steps: {_NO_STEPS}")
    else:
        lines.append("- next steps:")
    for step in steps:
        verdict = "allowed" if step.allowed else "blocked"
        lines.append(
            f"  - {step.transition.name} \u2192 {step.target.value}: {verdict}"
        )
        lines += [f"    - {_finding_md(f)}" for f in step.blockers]
    return "\n".join(lines) + "\n"


# --- findings -------------------------------------------------------------------

_FINDING_COLUMNS = ("severity", "code", "slug", "person", "plan", "message")


def _finding_cells(finding: Finding) -> tuple[str, ...]:
    return (
        finding.severity.value,
        finding.code,
        finding.slug,
        finding.person_id or "",
        finding.plan_id or "",
        finding.message,
    )


def findings_html(findings: Iterable[Finding]) -> str:
    """A table of findings (severity, code, slug, person, plan, message)."""
    cells = [_finding_cells(f) for f in findings]
    return _html_table("amendskit-findings", _FINDING_COLUMNS, cells, "No findings.")


def findings_markdown(findings: Iterable[Finding]) -> str:
    """The Markdown form of `findings_html`."""
    cells = [_finding_cells(f) for f in findings]
    return _markdown_table(_FINDING_COLUMNS, cells, "No findings.")


def _html_table(
    css: str, columns: Sequence[str], rows: Sequence[Sequence[str]], empty: str
) -> str:
    """An HTML table of `rows` (every cell escaped), or `empty` without rows."""
    if not rows:
        return f"<p>{empty}</p>"
    head = "".join(f"<th>{c}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return (
        f'<table class="{css}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _markdown_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], empty: str
) -> str:
    """A Markdown table of `rows` (every cell escaped), or `empty` without rows."""
    if not rows:
        return f"{empty}\n"
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    lines += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# --- agenda ---------------------------------------------------------------------

_AGENDA_COLUMNS = ("when", "kind", "person", "plan", "summary", "amount")


def _agenda_cells(
    item: AgendaEntry, workbook: Workbook | None
) -> tuple[str, str, str, str, str, str]:
    when = (
        day(item.at) if item.all_day else item.at.isoformat(sep=" ", timespec="minutes")
    )
    known = {} if workbook is None else workbook.persons
    found = known.get(item.person_id or "")
    person = item.person_id or "" if found is None else found.name
    amount = "" if item.amount is None else str(item.amount)
    return (
        when,
        words(item.kind),
        person,
        item.plan_id or "",
        item.summary,
        amount,
    )


def agenda_html(items: Iterable[AgendaEntry], workbook: Workbook | None = None) -> str:
    """A table of agenda items; with `workbook`, persons are shown by name."""
    cells = [_agenda_cells(i, workbook) for i in items]
    return _html_table(
        "amendskit-agenda", _AGENDA_COLUMNS, cells, "Nothing on the agenda."
    )


def agenda_markdown(
    items: Iterable[AgendaEntry], workbook: Workbook | None = None
) -> str:
    """The Markdown form of `agenda_html`."""
    cells = [_agenda_cells(i, workbook) for i in items]
    return _markdown_table(_AGENDA_COLUMNS, cells, "Nothing on the agenda.")


# --- views for notebooks --------------------------------------------------------


# The views' reprs are what a notebook stores as text/plain beside the HTML:
# short, with no free text (attrs' default would print every private note).


@attrs.frozen(repr=False)
class WorkbookView:
    """Shows a workbook in a notebook (`workbook_html`, `workbook_markdown`)."""

    workbook: Workbook
    at: dt.datetime | None = None

    def __repr__(self) -> str:
        progress = self.workbook.summary()
        return f"<WorkbookView: {progress.persons} persons, {progress.plans} plans>"

    def _repr_html_(self) -> str:
        return workbook_html(self.workbook, at=self.at)

    def _repr_markdown_(self) -> str:
        return workbook_markdown(self.workbook, at=self.at)


@attrs.frozen(repr=False)
class PlanView:
    """Shows one plan of a workbook in a notebook (`plan_html`)."""

    workbook: Workbook
    plan_id: str
    at: dt.datetime | None = None

    def __repr__(self) -> str:
        return f"<PlanView: plan {self.plan_id!r}>"

    def _repr_html_(self) -> str:
        return plan_html(self.workbook, self.plan_id, at=self.at)

    def _repr_markdown_(self) -> str:
        return plan_markdown(self.workbook, self.plan_id, at=self.at)


class Findings(tuple[Finding, ...]):
    """A tuple of findings that a notebook shows as a table.

    >>> Findings(())._repr_markdown_()
    'No findings.\\n'
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return findings_html(self)

    def _repr_markdown_(self) -> str:
        return findings_markdown(self)


@attrs.frozen(repr=False)
class AgendaView:
    """Agenda items that a notebook shows as a table; names from `workbook`."""

    items: tuple[AgendaEntry, ...] = attrs.field(converter=tuple)
    workbook: Workbook | None = None

    def __repr__(self) -> str:
        return f"<AgendaView: {len(self.items)} items>"

    def _repr_html_(self) -> str:
        return agenda_html(self.items, self.workbook)

    def _repr_markdown_(self) -> str:
        return agenda_markdown(self.items, self.workbook)
