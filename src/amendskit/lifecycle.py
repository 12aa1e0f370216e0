"""The lifecycle of an amend plan, held as one table.

`TRANSITIONS` is the single source of the lifecycle: the allowed moves,
their names, what triggers them and which rules guard them. Validation of
histories, `Workbook.next_steps`, the rule engine, the docs and the diagram
are all derived from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

import attrs

__all__ = [
    "TRANSITIONS",
    "Status",
    "Transition",
    "Trigger",
    "find_transition",
    "mermaid_diagram",
    "transitions_from",
]


class Status(StrEnum):
    """Where an amend plan stands. There is no "done": living amends go on."""

    #: On the Step 8 list.
    LISTED = "listed"
    #: Willing to make this amend.
    WILLING = "willing"
    #: Ready to make it: approach chosen, safety assessed, rules met.
    PREPARED = "prepared"
    #: The amend was made (also when the person rebuffed it).
    MADE = "made"
    #: The person declined to receive it.
    DECLINED = "declined"
    #: Living amends under way.
    LIVING = "living"


class Trigger(StrEnum):
    """What moves a plan along a transition."""

    #: Listing a new plan.
    LIST = "list"
    #: An explicit `Workbook.transition` call.
    MANUAL = "manual"
    #: Recording an outcome (`Workbook.record_outcome`).
    OUTCOME = "outcome"


@attrs.frozen
class Transition:
    """One allowed move between statuses, with the rules that guard it.

    `source` is `None` for the listing of a new plan. `guards` are rule
    codes: the move is refused when any of them fails at error severity.
    """

    source: Status | None
    target: Status
    name: str
    trigger: Trigger
    guards: tuple[str, ...]
    doc: str


_PREPARATION = (
    "AK01",
    "AK04",
    "AK05",
    "AK06",
    "AK07",
    "AK08",
    "AK09",
    "AK10",
    "AK11",
    "AK12",
    "AK13",
    "AK16",
)

#: Every allowed move of the lifecycle (domain.md, "The lifecycle").
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        None,
        Status.LISTED,
        "list",
        Trigger.LIST,
        ("AK13",),
        "A person and at least one harm go on the Step 8 list.",
    ),
    Transition(
        Status.LISTED,
        Status.WILLING,
        "become_willing",
        Trigger.MANUAL,
        ("AK01", "AK13"),
        "Willing to make this amend; every harm states my own conduct.",
    ),
    Transition(
        Status.WILLING,
        Status.PREPARED,
        "prepare",
        Trigger.MANUAL,
        _PREPARATION,
        "Ready: an approach, a safety assessment, every preparation rule.",
    ),
    Transition(
        Status.PREPARED,
        Status.WILLING,
        "revise",
        Trigger.MANUAL,
        ("AK01", "AK13"),
        "Back to willing to revise the plan (for instance after an "
        "attempt that did not reach the person).",
    ),
    Transition(
        Status.PREPARED,
        Status.MADE,
        "make",
        Trigger.OUTCOME,
        ("AK14", "AK15", "AK18"),
        "An outcome in which the person received the amend "
        "(also when they rebuffed it).",
    ),
    Transition(
        Status.PREPARED,
        Status.DECLINED,
        "decline",
        Trigger.OUTCOME,
        ("AK14", "AK15"),
        "An outcome in which the person declined to receive it.",
    ),
    Transition(
        Status.MADE,
        Status.LIVING,
        "live",
        Trigger.MANUAL,
        ("AK19", "AK18"),
        "Living amends under way after the amend was made.",
    ),
    Transition(
        Status.DECLINED,
        Status.LIVING,
        "live",
        Trigger.MANUAL,
        ("AK19", "AK18"),
        "Living amends, service to others, when the person declined.",
    ),
)

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


def find_transition(source: Status | None, target: Status) -> Transition | None:
    """The transition from `source` to `target`, or `None` if not allowed."""
    return _BY_PAIR.get((source, target))


def transitions_from(source: Status) -> tuple[Transition, ...]:
    """The transitions that leave `source`, in table order."""
    return tuple(t for t in TRANSITIONS if t.source is source)


def transitions_into(target: Status) -> tuple[Transition, ...]:
    """The transitions that enter `target`, in table order."""
    return tuple(t for t in TRANSITIONS if t.target is target)


def guards_of(status: Status) -> tuple[str, ...]:
    """The rule codes that must hold while a plan is in `status`.

    They are the guards of every transition into it, in table order.
    """
    return tuple(dict.fromkeys(c for t in transitions_into(status) for c in t.guards))


def mermaid_diagram() -> str:
    """The lifecycle as a Mermaid ``stateDiagram-v2``, from `TRANSITIONS`."""
    lines = ["stateDiagram-v2"]
    lines += _edges()
    return "\n".join(lines) + "\n"


def _edges() -> Iterator[str]:
    for t in TRANSITIONS:
        source = "[*]" if t.source is None else t.source.value
        label = "" if t.trigger is Trigger.LIST else f": {t.name}"
        yield f"    {source} --> {t.target.value}{label}"
