"""Flat tables of a workbook: lists of records for pandas, CSV or JSON.

Each function returns a list of dicts with stable column names whose
values are JSON-ready scalars (``str``, ``int``, ``bool`` or ``None``):
dates and times as ISO 8601 strings, money as a decimal string with a
currency column beside it. ``pandas.DataFrame(records)`` takes them as
they are.

Which text columns appear is decided by the fields' sensitivity labels
alone: text labelled `Sensitivity.PERSONAL` is always there, text labelled
`Sensitivity.PRIVATE` (private notes) only with ``include_private=True``,
and text labelled `Sensitivity.THIRD_PARTY` (the names of third parties)
never: a table is easily copied into a spreadsheet or a chart, and a
third party's name has no use there. Columns do not depend on the data:
the same option always gives the same columns, in the same order.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from amendskit.harm import Harm
from amendskit.living import CheckIn, Commitment
from amendskit.money import Money
from amendskit.plan import AmendPlan
from amendskit.restitution import Restitution
from amendskit.sensitivity import Sensitivity, labelled_fields
from amendskit.workbook import Workbook

__all__ = [
    "Record",
    "Scalar",
    "check_in_records",
    "harm_records",
    "person_records",
    "plan_records",
    "tables",
]

#: A value in a record.
Scalar = str | int | bool | None
#: One row of a table.
Record = dict[str, Scalar]


def _shown(include_private: bool) -> frozenset[Sensitivity]:
    shown = {Sensitivity.PERSONAL}
    if include_private:
        shown.add(Sensitivity.PRIVATE)
    return frozenset(shown)


def _texts(
    value: Any, shown: frozenset[Sensitivity], prefix: str = ""
) -> dict[str, Scalar]:
    """The labelled text fields of `value` that `shown` lets through."""
    return {prefix + name: text for name, text in labelled_fields(value, shown)}


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _decimal(value: Decimal) -> str:
    return format(value, "f")


def _money(value: Money | None, name: str) -> dict[str, Scalar]:
    if value is None:
        return {name: None, f"{name}_currency": None}
    return {name: _decimal(value.amount), f"{name}_currency": value.currency}


def _enum(value: Any) -> str | None:
    return None if value is None else str(value.value)


def person_records(
    workbook: Workbook, *, include_private: bool = False
) -> list[Record]:
    """One record per person: id, name and relationship, contact, counts."""
    shown = _shown(include_private)
    return [
        {
            "person_id": person.id,
            **_texts(person, shown),
            "contact": person.contact.value,
            "institution": person.institution,
            "invited_at": _iso(person.invited_at),
            "harms": len(workbook.harms_of(person.id)),
            "plans": len(workbook.plans_of(person.id)),
        }
        for person in workbook.persons.values()
    ]


def harm_records(workbook: Workbook, *, include_private: bool = False) -> list[Record]:
    """One record per harm: what I did, what I should have done, the effect.

    `kinds` joins the harm kinds with commas; `when` is a partial date
    (``2019``, ``2019-06`` or ``2019-06-14``); `owed` and `owed_currency`
    hold an amount owed.
    """
    shown = _shown(include_private)
    return [_harm(harm, shown) for harm in workbook.harms.values()]


def _harm(harm: Harm, shown: frozenset[Sensitivity]) -> Record:
    return {
        "harm_id": harm.id,
        "person_id": harm.person_id,
        "kinds": ",".join(k.value for k in harm.kinds),
        **_texts(harm, shown),
        "when": None if harm.when is None else str(harm.when),
        **_money(harm.owed, "owed"),
        "intent": _enum(harm.intent),
        "period": _enum(harm.period),
    }


def plan_records(workbook: Workbook, *, include_private: bool = False) -> list[Record]:
    """One record per plan: where it stands, restitution, living amends.

    `harms` counts the harms covered; `listed_at` and `last_moved_at` are
    ISO date-times; the restitution columns are ``None`` without an
    arrangement; `check_ins` and `check_ins_kept` count over every
    commitment; `outcome` is the kind of the last outcome recorded.
    """
    shown = _shown(include_private)
    return [_plan(plan, shown) for plan in workbook.plans.values()]


def _plan(plan: AmendPlan, shown: frozenset[Sensitivity]) -> Record:
    restitution = plan.restitution
    check_ins = [c for commitment in plan.commitments for c in commitment.check_ins]
    deferral = plan.deferral
    return {
        "plan_id": plan.id,
        "person_id": plan.person_id,
        "status": plan.status.value,
        "approach": _enum(plan.approach),
        "harms": len(plan.harm_ids),
        "listed_at": plan.history[0].at.isoformat(),
        "last_moved_at": plan.last_moved_at.isoformat(),
        "actions": len(plan.actions),
        "deferral_reason": None if deferral is None else deferral.reason.value,
        "deferral_review_on": None if deferral is None else _iso(deferral.review_on),
        **_restitution(restitution),
        "commitments": len(plan.commitments),
        "check_ins": len(check_ins),
        "check_ins_kept": sum(c.kept_count for c in plan.commitments),
        "outcome": plan.outcomes[-1].kind.value if plan.outcomes else None,
        **_texts(plan, shown),
    }


def _restitution(restitution: Restitution | None) -> dict[str, Scalar]:
    if restitution is None:
        return dict.fromkeys(_RESTITUTION)
    return dict(
        zip(
            _RESTITUTION,
            (
                restitution.kind.value,
                _decimal(restitution.amount.amount),
                _decimal(restitution.paid.amount),
                _decimal(restitution.balance.amount),
                restitution.amount.currency,
            ),
            strict=True,
        )
    )


_RESTITUTION = tuple(
    f"restitution_{name}" for name in ("kind", "amount", "paid", "balance", "currency")
)


def check_in_records(
    workbook: Workbook, *, include_private: bool = False
) -> list[Record]:
    """One record per check-in of every commitment: was it kept that day?"""
    shown = _shown(include_private)
    return [
        _check_in(plan, commitment, check_in, shown)
        for plan in workbook.plans.values()
        for commitment in plan.commitments
        for check_in in commitment.check_ins
    ]


def _check_in(
    plan: AmendPlan,
    commitment: Commitment,
    check_in: CheckIn,
    shown: frozenset[Sensitivity],
) -> Record:
    return {
        "plan_id": plan.id,
        "person_id": plan.person_id,
        "commitment_id": commitment.id,
        "on": check_in.on.isoformat(),
        "kept": check_in.kept,
        **_texts(check_in, shown),
    }


def tables(
    workbook: Workbook, *, include_private: bool = False
) -> dict[str, list[Record]]:
    """Every table at once: ``persons``, ``harms``, ``plans``, ``check_ins``."""
    return {
        "persons": person_records(workbook, include_private=include_private),
        "harms": harm_records(workbook, include_private=include_private),
        "plans": plan_records(workbook, include_private=include_private),
        "check_ins": check_in_records(workbook, include_private=include_private),
    }
