"""The cost of `import amendskit` against importing its dependencies alone.

Each import runs in a fresh interpreter many times; the best time of the
interpreter doing nothing is subtracted. Target: amendskit adds at most 15 %
to the import of attrs, cattrs and the dateutil modules it uses.

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
    mine = times["import amendskit"] - startup
    rows = [
        (n, f"{t * 1000:.1f}", f"{(t - startup) * 1000:.1f}") for n, t in times.items()
    ]
    print(table(("program", "wall ms", "minus startup ms"), rows))
    print(
        f"import amendskit / dependencies alone: {mine / deps:.2f}x "
        f"(+{(mine / deps - 1) * 100:.0f} %; target <= +15 %)"
    )


if __name__ == "__main__":
    main()
