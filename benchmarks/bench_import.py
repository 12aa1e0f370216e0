"""The cost of `import amendskit` against importing its dependencies alone.

Each import runs in a fresh interpreter many times; the best time of the
interpreter doing nothing is subtracted. Target: amendskit adds at most 15 %
to the import of attrs, cattrs and the dateutil modules it uses.

`import amendskit` loads names on first use (PEP 562), so the table also
shows what using it costs: the core (a workbook and its rules), the core
with documents (dumps/loads), and every public name.

    python benchmarks/bench_import.py [--repeat R]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from _common import header, table

DEPENDENCIES = (
    "import attrs, cattrs, cattrs.gen, dateutil.rrule, dateutil.tz, "
    "dateutil.relativedelta, dateutil.parser"
)
PROGRAMS = {
    "python -c pass": "pass",
    "dependencies alone": DEPENDENCIES,
    "import amendskit": "import amendskit",
    "+ Workbook (the core)": "import amendskit; amendskit.Workbook",
    "+ Workbook, dumps, loads": "import amendskit as a; a.Workbook; a.dumps",
    "+ every public name": "import amendskit as a; [getattr(a, n) for n in a.__all__]",
}


def best(code: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    header("Import time")
    times = {name: best(code, args.repeat) for name, code in PROGRAMS.items()}
    startup = times["python -c pass"]
    deps = times["dependencies alone"] - startup
    rows = [
        (
            n,
            f"{t * 1000:.1f}",
            f"{(t - startup) * 1000:.1f}",
            f"{(t - startup) / deps:.2f}",
        )
        for n, t in times.items()
    ]
    print(table(("program", "wall ms", "minus startup ms", "/ dependencies"), rows))
    mine = times["import amendskit"] - startup
    print(
        f"import amendskit / dependencies alone: {mine / deps:.2f}x (target <= 1.15x)"
    )


if __name__ == "__main__":
    main()
