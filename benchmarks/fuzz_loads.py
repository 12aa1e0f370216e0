"""Nightly-style fuzzing of `amendskit.loads` (not part of the test suite).

Every input must end in a loaded object or a `DocumentError`, within a time
bound per input, with memory bounded. Two engines:

- `--engine hypothesis` (default): mutations of valid documents and random
  JSON, `--examples` of them (100,000 for a nightly run);
- `--engine atheris`: coverage-guided fuzzing with atheris (if it installs
  on the machine: `pip install atheris`), seeded with the golden documents.

    python benchmarks/fuzz_loads.py --examples 100000
    python benchmarks/fuzz_loads.py --engine atheris -- -runs=100000

The suite runs a shorter Hypothesis fuzz on every CI run (tests/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import resource
import sys
import time
from typing import Any

import amendskit as ak

GOLDEN = pathlib.Path(__file__).parent.parent / "tests" / "golden"
#: The slowest a single input may take (seconds).
TIME_BOUND = 2.0
#: Address space the fuzzing process may use (bytes).
MEMORY_BOUND = 4 * 2**30


def check_one(data: bytes | str) -> None:
    """Load one input; anything but success or DocumentError is a finding."""
    start = time.perf_counter()
    try:
        ak.loads(data)
    except ak.DocumentError as error:
        if not error.problems:
            raise AssertionError("a DocumentError with no problem") from error
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_BOUND, f"one input took {elapsed:.2f} s"


def seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(GOLDEN.rglob("*.json"))]


def run_hypothesis(examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    documents = [json.loads(s) for s in seeds()]
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
    json_values = st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=5)
            | st.dictionaries(st.text(max_size=10), inner, max_size=5)
        ),
        max_leaves=30,
    )

    def mutate(document: Any, path: list[Any], value: Any) -> Any:
        node = document
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
        return document

    def paths(node: Any, prefix: list[Any]) -> list[list[Any]]:
        found = [prefix] if prefix else []
        items = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else ()
        )
        for key, child in items:
            found += paths(child, [*prefix, key])
        return found

    @st.composite
    def mutated(draw: Any) -> str:
        document = json.loads(json.dumps(draw(st.sampled_from(documents))))
        for _ in range(draw(st.integers(1, 3))):
            path = draw(st.sampled_from(paths(document, [])))
            document = mutate(document, path, draw(json_values))
        return json.dumps(document)

    inputs = mutated() | json_values.map(json.dumps) | st.binary(max_size=200)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs)
    def fuzz(data: str | bytes) -> None:
        check_one(data)

    fuzz()


def run_atheris(argv: list[str]) -> None:
    import atheris

    def one(data: bytes) -> None:
        check_one(data)

    corpus = pathlib.Path("fuzz-corpus")
    corpus.mkdir(exist_ok=True)
    for index, seed in enumerate(seeds()):
        (corpus / f"seed-{index}.json").write_text(seed, encoding="utf-8")
    atheris.instrument_all()  # coverage guidance over amendskit (loaded above)
    atheris.Setup([sys.argv[0], *argv, str(corpus)], one)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--engine", choices=("hypothesis", "atheris"), default="hypothesis"
    )
    parser.add_argument("--examples", type=int, default=100_000)
    args, rest = parser.parse_known_args()
    rest = [a for a in rest if a != "--"]
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))
    start = time.perf_counter()
    if args.engine == "atheris":
        run_atheris(rest)
    else:
        run_hypothesis(args.examples)
        elapsed = time.perf_counter() - start
        print(
            f"{args.examples} inputs: every one loaded or raised DocumentError "
            f"({elapsed:.0f} s)"
        )


if __name__ == "__main__":
    main()
