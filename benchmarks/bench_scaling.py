"""How check(), next steps, building and walking scale with the number of plans.

- `check()` and `allowed_transitions()` of every plan, from 1,000 to 100,000
  plans: the cost per plan must stay flat (100k within 1.3x of 1k).
- Building a workbook through the public API (`add`, `update`) and walking
  every plan through the lifecycle (`transition`, `record_outcome`): 10,000
  plans within 12x the time of 1,000 (linear, not quadratic).

    python benchmarks/bench_scaling.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt

import attrs

import amendskit as ak

from _common import T0, best_of, big_workbook, header, table

DAY = dt.timedelta(days=1)


def build_and_walk(plans: int) -> ak.Workbook:
    """Add every plan through the API and walk it from listed to living."""
    clock = ak.FixedClock(T0)
    workbook = ak.Workbook(clock=clock, ids=ak.SequentialIds())
    for _ in range(plans):
        person = ak.Person(id=workbook.new_id("person"), name="A friend")
        harm = ak.Harm(
            id=workbook.new_id("harm"),
            person_id=person.id,
            kinds=[ak.HarmKind.TRUST],
            conduct="I lied to them.",
        )
        plan = ak.AmendPlan.new(
            id=workbook.new_id("plan"), person_id=person.id, harm_ids=[harm.id], at=T0
        )
        workbook = workbook.add(person, harm, plan)
        workbook = workbook.transition(plan.id, ak.Status.WILLING, at=T0 + DAY)
        prepared = attrs.evolve(
            workbook.plan(plan.id),
            approach=ak.Approach.IN_PERSON,
            safety=ak.SafetyAssessment(would_injure=False),
            actions=[ak.RepairAction(ak.RepairKind.CHANGED_BEHAVIOUR, "Be honest.")],
            commitments=[
                ak.Commitment(
                    id=f"c-{plan.id}",
                    text="Call weekly",
                    cadence="FREQ=WEEKLY",
                    start=T0,
                )
            ],
        )
        workbook = workbook.update(prepared)
        workbook = workbook.transition(plan.id, ak.Status.PREPARED, at=T0 + 2 * DAY)
        outcome = ak.Outcome(ak.OutcomeKind.RECEIVED, T0 + 3 * DAY)
        workbook = workbook.record_outcome(plan.id, outcome)
        workbook = workbook.transition(plan.id, ak.Status.LIVING, at=T0 + 4 * DAY)
    return workbook


def steps_of_every_plan(workbook: ak.Workbook) -> int:
    at = T0 + 400 * DAY
    return sum(len(workbook.allowed_transitions(p, at=at)) for p in workbook.plans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    header("Scaling of check(), next steps, building and walking")

    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    rows, per_plan = [], {}
    for size in sizes:
        workbook = big_workbook(size, harms_each=1)
        repeat = 3  # the best of as many runs at every size, or ratios lean
        check = best_of(workbook.check, repeat)
        steps = best_of(lambda w=workbook: steps_of_every_plan(w), repeat)
        per_plan[size] = (check / size, steps / size)
        rows.append((size, f"{check * 1e6 / size:.1f}", f"{steps * 1e6 / size:.1f}"))
    print(table(("plans", "check() us/plan", "allowed_transitions us/plan"), rows))
    small, large = per_plan[sizes[0]], per_plan[sizes[-1]]
    print(
        f"per-plan cost, {sizes[-1]:,} vs {sizes[0]:,} plans: "
        f"check() {large[0] / small[0]:.2f}x, "
        f"allowed_transitions {large[1] / small[1]:.2f}x (target <= 1.3x)"
    )
    print()

    build = {n: best_of(lambda n=n: build_and_walk(n), 3) for n in (1_000, 10_000)}
    rows = [(n, f"{t:.2f}", f"{t * 1e6 / n:.0f}") for n, t in build.items()]
    print(table(("plans", "build + walk s", "us/plan"), rows))
    print(
        f"10,000 vs 1,000 plans: {build[10_000] / build[1_000]:.2f}x "
        f"(target <= 12x; linear is 10x)"
    )


if __name__ == "__main__":
    main()
