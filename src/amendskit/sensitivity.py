"""Sensitivity labels: which fields may leave the person's own hands.

Every free-text field of the model carries a label in its attrs metadata.
Exports for a sponsor, and anything else that shares a workbook, decide
what to leave out from these labels alone, never from a list of field
names kept somewhere else.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from enum import StrEnum
from typing import Any

import attrs

from amendskit import _validation as v

__all__ = ["Sensitivity", "labelled_fields", "sensitivity_of"]

_KEY = "amendskit.sensitivity"


class Sensitivity(StrEnum):
    """How far a field's content may travel."""

    #: Structure: kinds, statuses, dates, amounts. Safe to share.
    STRUCTURE = "structure"
    #: The person's own account (names, what I did): shared with a sponsor.
    PERSONAL = "personal"
    #: Private notes: never leave the person's own view.
    PRIVATE = "private"
    #: Names of third parties: never shared (BB pp.81-82).
    THIRD_PARTY = "third_party"


def sensitivity_of(field: attrs.Attribute[Any]) -> Sensitivity:
    """The label of an attrs field (`STRUCTURE` when it has none)."""
    label = field.metadata.get(_KEY, Sensitivity.STRUCTURE)
    assert isinstance(label, Sensitivity)
    return label


def labelled_fields(
    value: Any, labels: Collection[Sensitivity]
) -> Iterator[tuple[str, Any]]:
    """The fields of an attrs object whose label is in `labels`: (name, content).

    Exports, tables and summaries choose what to show through this alone,
    never through a list of field names.

    >>> from amendskit import Person
    >>> dict(labelled_fields(Person("p-1", "Ana", notes="n"), {Sensitivity.PERSONAL}))
    {'name': 'Ana', 'relationship': ''}
    """
    for field in attrs.fields(type(value)):
        if sensitivity_of(field) in labels:
            yield field.name, getattr(value, field.name)


def label(sensitivity: Sensitivity) -> dict[str, Sensitivity]:
    """attrs field metadata that labels the field with `sensitivity`."""
    return {_KEY: sensitivity}


#: The labels whose text never leaves the person's own view, not even in a repr.
WITHHELD = frozenset({Sensitivity.PRIVATE, Sensitivity.THIRD_PARTY})


def withheld_repr(value: object) -> str:
    """The repr of withheld text: whether there is any, never what it says.

    A notebook saves the repr of a cell's value into the ``.ipynb`` file;
    private notes and third parties' names must not travel with it.
    """
    return "'<withheld>'" if value else repr(value)


def repr_for(sensitivity: Sensitivity) -> Any:
    """The attrs `repr` argument for a field with this label."""
    return withheld_repr if sensitivity in WITHHELD else True


def text_field(sensitivity: Sensitivity, *, max_length: int = v.MAX_TEXT) -> Any:
    """An optional attrs field of free text (default ``""``), labelled."""
    return attrs.field(
        default="",
        validator=v.text(max_length=max_length),
        metadata=label(sensitivity),
        repr=repr_for(sensitivity),
    )
