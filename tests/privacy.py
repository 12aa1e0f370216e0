"""Canaries for privacy tests: hidden text planted through the labels.

`planted(workbook)` returns the workbook with a canary in every field
labelled PRIVATE or THIRD_PARTY, found by walking the attrs fields and
asking `sensitivity_of`, never from a list of field names. A test then
asserts that no canary shows up where it must not.
"""

from __future__ import annotations

from typing import Any

import attrs

from amendskit import Money, PartialDate, Sensitivity, Workbook, sensitivity_of

#: Planted in every private note.
PRIVATE_CANARY = "PrivCanary7q"
#: Planted in every third party's name.
THIRD_PARTY_CANARY = "ThirdCanary3z"
CANARIES = {
    Sensitivity.PRIVATE: PRIVATE_CANARY,
    Sensitivity.THIRD_PARTY: THIRD_PARTY_CANARY,
}


def plant(value: Any) -> Any:
    """`value` with a canary in every PRIVATE and THIRD_PARTY field, deeply."""
    if isinstance(value, tuple):
        return tuple(plant(item) for item in value)
    if not attrs.has(type(value)) or isinstance(value, Money | PartialDate):
        return value
    changes = {}
    for field in attrs.fields(type(value)):
        if not field.init:
            continue
        label = sensitivity_of(field)
        if label in CANARIES:
            changes[field.alias] = f"{CANARIES[label]} {field.name}"
        else:
            changes[field.alias] = plant(getattr(value, field.name))
    return attrs.evolve(value, **changes)


def planted(workbook: Workbook) -> Workbook:
    """The workbook with every hidden field holding a canary."""
    return Workbook(
        persons=[plant(p) for p in workbook.persons.values()],
        harms=[plant(h) for h in workbook.harms.values()],
        plans=[plant(p) for p in workbook.plans.values()],
        policy=workbook.policy,
        clock=workbook.clock,
        ids=workbook.ids,
    )


def leaks(text: str) -> list[str]:
    """The canaries found in `text`."""
    return [c for c in CANARIES.values() if c in text]
