"""How `agenda()` scales: a year's agenda of 1,000 and of 10,000 plans.

Every plan has a weekly living-amends commitment (an RRULE in one of a few
time zones, started a few years back), a monthly payment plan with a
payment recorded, a meeting and a follow-up. The cost should grow linearly
with the number of plans: the 10k/1k ratio printed at the end should be
about 10.

    python benchmarks/bench_agenda.py            # 1,000 and 10,000 plans
    python benchmarks/bench_agenda.py --quick    # 100 and 1,000 plans

This is not a test: it prints a table and exits.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from decimal import Decimal

from dateutil import tz

from amendskit import (
    AmendPlan,
    Commitment,
    Harm,
    HarmKind,
    Money,
    Payment,
    Person,
    Restitution,
    RestitutionKind,
    Workbook,
)
from amendskit.agenda import agenda
from amendskit.dates import Interval, IntervalUnit
from amendskit.preparation import FollowUp, FollowUpAnchor
from amendskit.restitution import PaymentPlan

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")
LISTED = dt.datetime(2021, 1, 4, 9, 0, tzinfo=dt.UTC)
YEAR = (
    dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
)


def build(size: int) -> Workbook:
    """A workbook of `size` persons, harms and plans, built from lists at once."""
    persons, harms, plans = [], [], []
    monthly = Interval(1, IntervalUnit.MONTHS)
    for n in range(size):
        person, harm, plan = f"person-{n}", f"harm-{n}", f"plan-{n}"
        zone = ZONES[n % len(ZONES)]
        start = dt.datetime(2022, 1, 3 + n % 7, 19, 0, tzinfo=tz.gettz(zone))
        persons.append(Person(id=person, name=f"Person {n}"))
        harms.append(
            Harm(
                id=harm,
                person_id=person,
                kinds=(HarmKind.FINANCIAL,),
                conduct="I took money that was not mine.",
            )
        )
        restitution = Restitution(
            RestitutionKind.PAYMENT_PLAN,
            Money(Decimal(1200 + n % 500), "EUR"),
            payments=[Payment(Money(Decimal("50.00"), "EUR"), dt.date(2024, 12, 1))],
            payment_plan=PaymentPlan(
                Money(Decimal("75.00"), "EUR"), monthly, dt.date(2024, 10, 1 + n % 28)
            ),
        )
        plans.append(
            AmendPlan.new(
                id=plan,
                person_id=person,
                harm_ids=[harm],
                at=LISTED,
                meeting_at=dt.datetime(2025, 1 + n % 12, 1 + n % 28, 18, tzinfo=dt.UTC),
                follow_ups=[
                    FollowUp(FollowUpAnchor.MEETING, Interval(2, IntervalUnit.WEEKS))
                ],
                restitution=restitution,
                commitments=[
                    Commitment(
                        f"commitment-{n}",
                        "Call every week and listen.",
                        "FREQ=WEEKLY",
                        start,
                        time_zone=zone,
                    )
                ],
            )
        )
    return Workbook(persons=persons, harms=harms, plans=plans)


def best_of(workbook: Workbook, runs: int) -> tuple[float, int]:
    """The best time of `runs` calls of `agenda()` over a year, and the items."""
    best, count = float("inf"), 0
    for _ in range(runs):
        began = time.perf_counter()
        items = agenda(workbook, *YEAR)
        best = min(best, time.perf_counter() - began)
        count = len(items)
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--quick", action="store_true", help="100 and 1,000 plans, fewer runs"
    )
    args = parser.parse_args()
    small, large = (100, 1_000) if args.quick else (1_000, 10_000)
    runs = 3 if args.quick else 5
    print(f"agenda() over {YEAR[0]:%Y-%m-%d} .. {YEAR[1]:%Y-%m-%d}, best of {runs}")
    print(f"{'plans':>8} {'items':>9} {'build s':>9} {'agenda s':>9} {'us/plan':>9}")
    seconds = {}
    for size in (small, large):
        began = time.perf_counter()
        workbook = build(size)
        built = time.perf_counter() - began
        best, items = best_of(workbook, runs)
        seconds[size] = best
        per_plan = best / size * 1e6
        print(f"{size:>8,} {items:>9,} {built:>9.2f} {best:>9.3f} {per_plan:>9.1f}")
    ratio = seconds[large] / seconds[small]
    print(f"ratio {large:,}/{small:,}: {ratio:.2f} (linear: {large // small})")


if __name__ == "__main__":
    main()
