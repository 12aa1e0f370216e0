"""A first list: from Step 8 to a first amend made, one cell at a time.

Run it with ``python examples/first_list.py``. Each block is a "cell": it
does one thing, prints what happened and asserts the facts it relies on.
"""

import datetime as dt
from decimal import Decimal

import attrs

from amendskit import (
    AmendPlan,
    Approach,
    FixedClock,
    Harm,
    HarmKind,
    Money,
    Outcome,
    OutcomeKind,
    PartialDate,
    Person,
    RepairAction,
    RepairKind,
    Restitution,
    RestitutionKind,
    SafetyAssessment,
    SequentialIds,
    Status,
    TransitionError,
    Workbook,
)

# %% A workbook with a repeatable clock and ids.
clock = FixedClock(dt.datetime(2024, 2, 1, 19, 0, tzinfo=dt.UTC))
wb = Workbook(clock=clock, ids=SequentialIds())

# %% Step 8: make the list. The harm to Ben is listed before I can say
# what I did; willingness may lag, and that is no error.
ben = Person(wb.new_id("person"), "Ben", "room-mate")
lent = Harm(
    wb.new_id("harm"),
    ben.id,
    (HarmKind.FINANCIAL, HarmKind.TRUST),
    effect="He covered my share of the bills for half a year.",
    when=PartialDate(2022),
    owed=Money(Decimal("480.00"), "EUR"),
)
plan = AmendPlan.new(
    id=wb.new_id("plan"), person_id=ben.id, harm_ids=[lent.id], at=wb.now()
)
wb = wb.add(ben, lent, plan)
print("listed:", [p.id for p in wb.plans.values()])
assert wb.plan(plan.id).status is Status.LISTED

# %% Becoming willing is blocked until the harm states my own conduct.
(step,) = wb.next_steps(plan.id)
print("become willing:", "allowed" if step.allowed else "blocked")
for finding in step.blockers:
    print("  ", finding.code, finding.message)
assert [f.code for f in step.blockers] == ["AK01"]

wb = wb.update(
    attrs.evolve(lent, conduct="I stopped paying my share and hid the letters.")
)
clock.advance(days=5)
wb = wb.transition(plan.id, Status.WILLING)
print("status:", wb.plan(plan.id).status)
assert wb.plan(plan.id).status is Status.WILLING

# %% Preparing: trying too early is refused, and nothing changes.
try:
    wb = wb.transition(plan.id, Status.PREPARED)
except TransitionError as error:
    missing = [f.code for f in error.findings]
    print("prepare refused:", ", ".join(f"{f.code} {f.slug}" for f in error.findings))
assert missing == ["AK04", "AK06", "AK11", "AK12"]
assert wb.plan(plan.id).status is Status.WILLING

# %% Fix each blocker: approach, safety, an action, restitution.
wb = wb.update(
    attrs.evolve(
        wb.plan(plan.id),
        approach=Approach.IN_PERSON,
        safety=SafetyAssessment(would_injure=False),
        actions=[RepairAction(RepairKind.RESTITUTION, "Pay back every month.")],
        restitution=Restitution(
            RestitutionKind.PAYMENT_PLAN, Money(Decimal("480.00"), "EUR")
        ),
    )
)
print("now allowed:", [s.value for s in wb.allowed_transitions(plan.id)])
clock.advance(days=2)
wb = wb.transition(plan.id, Status.PREPARED)
assert wb.plan(plan.id).status is Status.PREPARED

# %% Step 9: the amend is made; the payment plan keeps restitution open.
clock.advance(days=3)
wb = wb.record_outcome(plan.id, Outcome(OutcomeKind.RECEIVED, wb.now()))
restitution = wb.plan(plan.id).restitution
assert restitution is not None
print("status:", wb.plan(plan.id).status, "- balance:", restitution.balance)
assert wb.plan(plan.id).status is Status.MADE
assert {f.code for f in wb.check()} == {"AK18"}
