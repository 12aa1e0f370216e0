"""Deterministic builders for example-based tests.

`plan_in(status)` returns a workbook holding one plan that satisfies every
rule in `status` and is ready for every move out of it, built through the
public, guarded `Workbook` API (never by writing a history by hand).
Times are `T(n)`: `n` hours after `T0`, so a test reads "prepared at
T(2), outcome at T(3)".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from amendskit import (
    AmendPlan,
    Approach,
    Commitment,
    ContactStatus,
    FixedClock,
    Harm,
    HarmKind,
    Money,
    Outcome,
    OutcomeKind,
    Person,
    Policy,
    RepairAction,
    RepairKind,
    SafetyAssessment,
    SequentialIds,
    Status,
    Workbook,
)

T0 = dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.UTC)
PERSON = "person-1"
HARM = "harm-1"
PLAN = "plan-1"
#: What the workbook's clock says: after every step `plan_in` takes.
CLOCK_AT = 100


def T(hours: float) -> dt.datetime:
    """`hours` after `T0`."""
    return T0 + dt.timedelta(hours=hours)


def workbook(policy: Policy | None = None, *, at: float = CLOCK_AT) -> Workbook:
    """An empty workbook with a fixed clock at `T(at)` and sequential ids."""
    return Workbook(
        policy=policy or Policy(), clock=FixedClock(T(at)), ids=SequentialIds()
    )


def person(id: str = PERSON, **fields: Any) -> Person:
    """A reachable person unless `fields` say otherwise."""
    fields.setdefault("name", "Anna")
    return Person(id=id, **fields)


def harm(id: str = HARM, person_id: str = PERSON, **fields: Any) -> Harm:
    """A harm that states my own conduct unless `fields` say otherwise."""
    fields.setdefault("kinds", (HarmKind.EMOTIONAL,))
    fields.setdefault("conduct", "I shouted at her in front of the children.")
    return Harm(id=id, person_id=person_id, **fields)


def commitment(id: str = "commitment-1", **fields: Any) -> Commitment:
    """A weekly commitment, ongoing from `T0`."""
    fields.setdefault("text", "Call her every Sunday and listen.")
    fields.setdefault("cadence", "FREQ=WEEKLY;BYDAY=SU")
    fields.setdefault("start", T0)
    return Commitment(id=id, **fields)


def ready(**overrides: Any) -> dict[str, Any]:
    """Plan fields that satisfy every preparation rule and the living rule."""
    fields: dict[str, Any] = {
        "approach": Approach.IN_PERSON,
        "safety": SafetyAssessment(would_injure=False),
        "actions": (RepairAction(RepairKind.CONCRETE_OFFER, "Pay for the vase."),),
        "commitments": (commitment(),),
    }
    fields.update(overrides)
    return fields


def listed(
    *,
    policy: Policy | None = None,
    contact: ContactStatus = ContactStatus.REACHABLE,
    owed: Money | None = None,
    conduct: str | None = None,
    **plan_fields: Any,
) -> Workbook:
    """A workbook with one person, one harm and one plan listed at `T(0)`.

    `plan_fields` default to `ready()`: pass a field as `None` (or an empty
    tuple) to leave it out.
    """
    harm_fields: dict[str, Any] = {"owed": owed}
    if conduct is not None:
        harm_fields["conduct"] = conduct
    fields = ready(**plan_fields)
    plan = AmendPlan.new(id=PLAN, person_id=PERSON, harm_ids=(HARM,), at=T(0), **fields)
    return workbook(policy).add(person(contact=contact), harm(**harm_fields), plan)


#: The path `plan_in` walks to reach each status, and when each step happens.
_PATHS: dict[Status, tuple[Status, ...]] = {
    Status.LISTED: (),
    Status.WILLING: (Status.WILLING,),
    Status.PREPARED: (Status.WILLING, Status.PREPARED),
    Status.MADE: (Status.WILLING, Status.PREPARED, Status.MADE),
    Status.DECLINED: (Status.WILLING, Status.PREPARED, Status.DECLINED),
    Status.LIVING: (Status.WILLING, Status.PREPARED, Status.MADE, Status.LIVING),
}

#: The outcome kind that moves a prepared plan to each outcome-triggered status.
OUTCOME_FOR = {Status.MADE: OutcomeKind.RECEIVED, Status.DECLINED: OutcomeKind.DECLINED}


def advance(wb: Workbook, to: Status, at: dt.datetime, plan_id: str = PLAN) -> Workbook:
    """Move a plan one step: by an outcome where the lifecycle says so."""
    if to in OUTCOME_FOR:
        return wb.record_outcome(plan_id, Outcome(OUTCOME_FOR[to], at))
    return wb.transition(plan_id, to, at=at)


def plan_in(
    status: Status,
    *,
    via: Status | None = None,
    policy: Policy | None = None,
    **fields: Any,
) -> Workbook:
    """A workbook whose plan `PLAN` is in `status`, reached at `T(len(path))`.

    `via=Status.DECLINED` reaches *living* through *declined* instead of
    *made*. Step `k` of the path happens at `T(k)`.
    """
    path = _PATHS[status]
    if via is Status.DECLINED:
        path = (Status.WILLING, Status.PREPARED, Status.DECLINED, Status.LIVING)
    wb = listed(policy=policy, **fields)
    for hour, step in enumerate(path, start=1):
        wb = advance(wb, step, T(hour))
    assert wb.plan(PLAN).status is status
    return wb


def replace_plan(wb: Workbook, **changes: Any) -> Workbook:
    """The workbook with `PLAN` changed by `Workbook.update` (history kept)."""
    return wb.update(attrs.evolve(wb.plan(PLAN), **changes))


def loaded_with_plan(wb: Workbook, **changes: Any) -> Workbook:
    """The workbook as a document could hold it, with `PLAN` changed freely.

    `update` refuses edits of history and outcomes; a stored document is not
    bound by that, which is what `check()` is for.
    """
    plans = [
        attrs.evolve(p, **changes) if p.id == PLAN else p for p in wb.plans.values()
    ]
    return Workbook(
        persons=wb.persons,
        harms=wb.harms,
        plans=plans,
        policy=wb.policy,
        clock=wb.clock,
        ids=wb.ids,
    )


def codes(findings: Any) -> set[str]:
    """The codes of these findings."""
    return {f.code for f in findings}


def blocking_codes(findings: Any) -> set[str]:
    """The codes of the blocking findings."""
    return {f.code for f in findings if f.blocking}


def plan_codes(wb: Workbook, plan_id: str = PLAN) -> set[str]:
    """The codes `check()` reports for one plan."""
    return {f.code for f in wb.check() if f.plan_id == plan_id}


def eur(amount: str) -> Money:
    """An amount of euros."""
    return Money(Decimal(amount), "EUR")
