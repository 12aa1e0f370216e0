"""Shared pieces of the benchmarks: timing, tables, and a big workbook.

Benchmarks are scripts, not tests: each prints a table of times and of
ratios against baselines measured in the same process, on the same data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import platform
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from importlib import metadata

import amendskit as ak

T0 = dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.UTC)


def best_of(function: Callable[[], object], repeat: int = 5) -> float:
    """The best wall time of `repeat` runs (seconds), with the GC paused."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table with right-aligned numbers."""
    cells = [[str(c) for c in header], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [
        "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def environment() -> str:
    """One line naming the machine and the versions measured."""
    names = ("attrs", "cattrs", "python-dateutil", "pydantic", "msgspec")
    versions = []
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{name} {metadata.version(name)}")
    return (
        f"Python {platform.python_version()} on {platform.machine()} "
        f"({platform.system()}), {', '.join(versions)}"
    )


def plan_history(i: int) -> list[ak.HistoryRecord]:
    """A made plan's history: listed, willing, prepared, made."""
    day = dt.timedelta(days=1)
    moves = [
        None,
        ak.Status.LISTED,
        ak.Status.WILLING,
        ak.Status.PREPARED,
        ak.Status.MADE,
    ]
    return [
        ak.HistoryRecord(n, moves[n - 1], moves[n], T0 + (i % 50 + n) * day)  # type: ignore[arg-type]
        for n in range(1, 5)
    ]


def big_workbook(persons: int, harms_each: int = 3) -> ak.Workbook:
    """A workbook of `persons` persons, `harms_each` harms and one made plan each."""
    people, harms, plans = [], [], []
    for i in range(persons):
        pid = f"person-{i}"
        people.append(
            ak.Person(
                id=pid, name=f"Person {i}", relationship="friend", notes="met at work"
            )
        )
        ids = []
        for j in range(harms_each):
            hid = f"harm-{i}-{j}"
            ids.append(hid)
            owed = ak.Money(Decimal("120.50"), "EUR") if j == 0 else None
            harms.append(
                ak.Harm(
                    id=hid,
                    person_id=pid,
                    kinds=[ak.HarmKind.TRUST, ak.HarmKind.FINANCIAL],
                    conduct="I borrowed money and lied about paying it back.",
                    effect="They could not pay their rent.",
                    when=ak.PartialDate(2019, 6),
                    owed=owed,
                )
            )
        made = ak.Outcome(ak.OutcomeKind.RECEIVED, plan_history(i)[-1].at)
        plans.append(
            ak.AmendPlan(
                id=f"plan-{i}",
                person_id=pid,
                harm_ids=ids,
                history=plan_history(i),
                approach=ak.Approach.IN_PERSON,
                safety=ak.SafetyAssessment(would_injure=False),
                actions=[ak.RepairAction(ak.RepairKind.RESTITUTION, "Pay it back.")],
                restitution=ak.Restitution(
                    ak.RestitutionKind.PAYMENT_PLAN,
                    ak.Money(Decimal("120.50"), "EUR"),
                    payments=[
                        ak.Payment(
                            ak.Money(Decimal("20.00"), "EUR"), dt.date(2024, 2, 1)
                        )
                    ],
                ),
                outcomes=[made],
            )
        )
    return ak.Workbook(persons=people, harms=harms, plans=plans)


def header(title: str) -> None:
    """Print a benchmark's title and environment."""
    print(f"# {title}")
    print(environment())
    print(f"argv: {' '.join(sys.argv[1:]) or '(none)'}")
    print()
