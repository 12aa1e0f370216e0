"""Share exports for a sponsor: the person's own list as a clear document.

`share_markdown` and `share_html` write the persons, the harms (what I
did, what I should have done, the effect), and the plans (status,
approach, actions, restitution, commitments and how they are kept). What
they leave out is decided by the sensitivity labels of the fields alone:
every attrs field of every object is walked, and a field labelled
`Sensitivity.PRIVATE` (private notes) or `Sensitivity.THIRD_PARTY` (the
names of third parties, BB pp.81-82) is never read. A new field is shared
or not by its label, with no list of field names to keep up to date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any

import attrs

from amendskit._markup import day, html_text, md_text, plain
from amendskit.dates import PartialDate
from amendskit.harm import Harm
from amendskit.living import Commitment
from amendskit.money import Money
from amendskit.person import Person
from amendskit.plan import AmendPlan
from amendskit.restitution import Restitution
from amendskit.sensitivity import Sensitivity, labelled_fields
from amendskit.workbook import Workbook

__all__ = ["SHARED", "share_html", "share_markdown"]

#: The labels whose fields a share export shows.
SHARED = frozenset({Sensitivity.STRUCTURE, Sensitivity.PERSONAL})

_TITLE = "My amends list"
_NOTICE = (
    "Shared for my sponsor. Private notes and the names of third parties are left out."
)

# Presentation only: how a field is called in the document. Which fields
# appear is decided by their labels, never here.
_LABELS = {
    "conduct": "What I did",
    "should_have_done": "What I should have done",
    "effect": "The effect on them",
    "check_ins": "Check-in",
    "harm_ids": "Covers",
}


@attrs.frozen
class _Part:
    """A section of the document: a title, facts, and sections within."""

    title: str
    facts: tuple[tuple[str, str], ...] = ()
    parts: tuple[_Part, ...] = ()


def _label(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " ").capitalize())


def _singular(name: str) -> str:
    label = _label(name)
    return label[:-1] if label.endswith("s") else label


def _fields(value: Any) -> Iterator[tuple[str, Any]]:
    """The shared, non-empty fields of an attrs object, by name."""
    for name, content in labelled_fields(value, SHARED):
        if content is not None and content != "" and content != ():
            yield name, content


def _shared(value: Any, name: str) -> Any:
    """The field `name` of `value` if its label lets it be shared, else None."""
    return dict(_fields(value)).get(name)


def _describe(value: Any, title: str, skip: frozenset[str] = frozenset()) -> _Part:
    """A part for any attrs object: its shared fields as facts and parts.

    Ids and the person referred to are left out: the document's layout
    already says whose harm or plan it is.
    """
    facts: list[tuple[str, str]] = []
    parts: list[_Part] = []
    for name, content in _fields(value):
        if name in skip or name in _REFERENCES:
            continue
        if _compact(content):
            facts.append(
                (_label(name), " ".join(plain(v) for _, v in _fields(content)))
            )
        elif isinstance(content, Money | PartialDate) or not _structured(content):
            facts.append((_label(name), plain(content)))
        elif isinstance(content, tuple):
            parts += (_describe(item, _singular(name)) for item in content)
        else:
            parts.append(_describe(content, _label(name)))
    facts += _DERIVED.get(type(value), _nothing)(value)
    return _Part(title, tuple(facts), tuple(parts))


_REFERENCES = frozenset({"id", "person_id"})


def _compact(value: Any) -> bool:
    """A small value object of numbers and kinds (``1 months``): one fact."""
    if not attrs.has(type(value)) or isinstance(value, Money | PartialDate):
        return False
    return all(
        isinstance(v, int | StrEnum) and not isinstance(v, bool)
        for _, v in _fields(value)
    )


def _structured(value: Any) -> bool:
    """An attrs object, or a tuple of them: shown as parts, never as text."""
    if isinstance(value, tuple):
        return attrs.has(type(value[0]))
    return attrs.has(type(value))


def _nothing(value: Any) -> list[tuple[str, str]]:
    return []


def _restitution(restitution: Restitution) -> list[tuple[str, str]]:
    state = "settled" if restitution.settled else "open"
    return [
        ("Paid", str(restitution.paid)),
        ("Balance", f"{restitution.balance} ({state})"),
    ]


def _commitment(commitment: Commitment) -> list[tuple[str, str]]:
    share = commitment.kept_share
    if share is None:
        return [("Kept", "no check-ins yet")]
    kept = commitment.kept_count
    total = len(commitment.check_ins)
    return [("Kept", f"{kept} of {total} check-ins ({share:.0%})")]


_DERIVED: dict[type, Callable[[Any], list[tuple[str, str]]]] = {
    Restitution: _restitution,
    Commitment: _commitment,
}


# --- the document -----------------------------------------------------------------


def _document(workbook: Workbook) -> list[_Part]:
    progress = workbook.summary()
    overview = _Part(
        "Progress",
        (
            ("Persons", str(progress.persons)),
            ("Plans", str(progress.plans)),
            *((s.value.capitalize(), str(n)) for s, n in progress.by_status.items()),
        ),
    )
    return [overview, *(_person(workbook, p) for p in workbook.persons.values())]


def _person(workbook: Workbook, person: Person) -> _Part:
    name = _shared(person, "name") or person.id
    relationship = _shared(person, "relationship")
    title = f"{name} ({relationship})" if relationship else str(name)
    part = _describe(person, title, frozenset({"name", "relationship"}))
    parts = [_harm(h) for h in workbook.harms_of(person.id)]
    parts += [_plan(p) for p in workbook.plans_of(person.id)]
    return attrs.evolve(part, parts=(*part.parts, *parts))


def _harm(harm: Harm) -> _Part:
    when = f", {harm.when}" if harm.when else ""
    title = f"Harm {harm.id}: {plain(harm.kinds)}{when}"
    return _describe(harm, title, frozenset({"kinds", "when"}))


def _plan(plan: AmendPlan) -> _Part:
    title = f"Plan {plan.id}: {plan.status.value}"
    part = _describe(plan, title, frozenset({"history"}))
    steps = tuple(_history(plan))
    history = _Part("History", steps) if steps else None
    return attrs.evolve(part, parts=(*part.parts, *([history] if history else [])))


def _history(plan: AmendPlan) -> Iterator[tuple[str, str]]:
    for record in plan.history:
        note = _shared(record, "note")
        moved = record.to_status.value
        yield day(record.at), f"{moved}: {note}" if note else moved


# --- Markdown ----------------------------------------------------------------------


def share_markdown(workbook: Workbook) -> str:
    """The list as a Markdown document for a sponsor (no private text)."""
    lines = [f"# {_TITLE}", "", f"_{_NOTICE}_"]
    for part in _document(workbook):
        lines += ["", *_part_md(part, 2)]
    return "\n".join(lines) + "\n"


def _part_md(part: _Part, level: int) -> Iterator[str]:
    """Persons (level 2), harms and plans (3) as headings; the rest as items."""
    if level > 3:
        yield from _item_md(part, "")
        return
    yield f"{'#' * level} {md_text(part.title)}"
    yield ""
    yield from (f"- {md_text(label)}: {md_text(value)}" for label, value in part.facts)
    for sub in part.parts:
        if level < 3:
            yield ""
        yield from _part_md(sub, level + 1)


def _item_md(part: _Part, indent: str) -> Iterator[str]:
    facts = "; ".join(f"{md_text(label)}: {md_text(v)}" for label, v in part.facts)
    yield f"{indent}- **{md_text(part.title)}**" + (f": {facts}" if facts else "")
    for sub in part.parts:
        yield from _item_md(sub, indent + "  ")


# --- HTML ----------------------------------------------------------------------------


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:48em;margin:2em auto;"
    "padding:0 1em;line-height:1.5}dt{font-weight:600}dd{margin:0 0 .4em 1.5em}"
    "section section{margin-left:1em}"
)


def share_html(workbook: Workbook) -> str:
    """The list as a standalone HTML document for a sponsor (no private text)."""
    body = "".join(_part_html(part, 2) for part in _document(workbook))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_TITLE}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{_TITLE}</h1><p><em>{_NOTICE}</em></p>{body}</body></html>\n"
    )


def _part_html(part: _Part, level: int) -> str:
    heading = min(level, 6)
    facts = "".join(
        f"<dt>{html_text(label)}</dt><dd>{html_text(value)}</dd>"
        for label, value in part.facts
    )
    inner = "".join(_part_html(sub, level + 1) for sub in part.parts)
    return (
        f"<section><h{heading}>{html_text(part.title)}</h{heading}>"
        f"{f'<dl>{facts}</dl>' if facts else ''}{inner}</section>"
    )
