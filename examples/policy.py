"""Tuning the rules with a Policy: review every plan, quieten a warning.

Run it with ``python examples/policy.py``. An app for a sponsor group may
want every plan laid before a sponsor ("talk with your sponsor"), while a
journaling app may not want to nag about names without a harm yet.
"""

import datetime as dt

import attrs

from amendskit import (
    AmendPlan,
    Approach,
    FixedClock,
    Harm,
    HarmKind,
    Person,
    Policy,
    PolicyError,
    RepairAction,
    RepairKind,
    Review,
    ReviewDecision,
    ReviewerRole,
    ReviewScope,
    SafetyAssessment,
    SequentialIds,
    Severity,
    Status,
    Workbook,
    rule,
)

clock = FixedClock(dt.datetime(2024, 6, 3, 8, 30, tzinfo=dt.UTC))


def small_workbook(policy: Policy) -> tuple[Workbook, str]:
    """A willing plan ready to prepare, and a name still without a harm."""
    wb = Workbook(policy=policy, clock=clock, ids=SequentialIds())
    mia = Person(wb.new_id("person"), "Mia", "cousin")
    harm = Harm(
        wb.new_id("harm"),
        mia.id,
        (HarmKind.EMOTIONAL,),
        conduct="I mocked her in front of the family at a wedding.",
    )
    plan = AmendPlan.new(
        id=wb.new_id("plan"),
        person_id=mia.id,
        harm_ids=[harm.id],
        at=wb.now(),
        approach=Approach.CALL,
        safety=SafetyAssessment(would_injure=False),
        actions=[RepairAction(RepairKind.CHANGED_BEHAVIOUR, "No jokes at her cost.")],
    )
    wb = wb.add(mia, harm, plan, Person(wb.new_id("person"), "Uncle Joe", "uncle"))
    return wb.transition(plan.id, Status.WILLING), plan.id


# The default policy: only hard cases need a review; AK02 warns.
default, plan_id = small_workbook(Policy())
print(
    "default policy, may prepare:",
    Status.PREPARED in default.allowed_transitions(plan_id),
)
print("default findings:", [f"{f.severity} {f.code}" for f in default.check()])
assert Status.PREPARED in default.allowed_transitions(plan_id)
assert [f.code for f in default.check()] == ["AK02"]

# A policy that asks a review for every plan and switches AK02 off.
policy = Policy({"person-without-harm": Severity.OFF}, review=ReviewScope.ALL)
strict, plan_id = small_workbook(policy)
(prepare,) = (s for s in strict.next_steps(plan_id) if s.target is Status.PREPARED)
print("review for all, blockers:", [f.code for f in prepare.blockers])
assert [f.code for f in prepare.blockers] == ["AK08"]
assert strict.check() == ()

# A therapist's view is welcome, but the rule asks for a sponsor or adviser.
reviewed = attrs.evolve(
    strict.plan(plan_id),
    reviews=[
        Review("Dr. R.", ReviewerRole.THERAPIST, clock.now(), ReviewDecision.PROCEED),
        Review("My sponsor", ReviewerRole.SPONSOR, clock.now(), ReviewDecision.PROCEED),
    ],
)
strict = strict.update(reviewed)
strict = strict.transition(plan_id, Status.PREPARED)
print("after the sponsor's review:", strict.plan(plan_id).status)
assert strict.plan(plan_id).status is Status.PREPARED

# Rules that define the lifecycle itself cannot be tuned.
refused = {}
for name in ("LC01", "rebuffed-is-made"):
    try:
        Policy({name: Severity.OFF})
    except PolicyError as error:
        refused[name] = error.code
print("refused:", refused)
assert refused == {"LC01": "rule-not-tunable", "rebuffed-is-made": "rule-not-tunable"}
assert rule("rebuffed-is-made").fixed
