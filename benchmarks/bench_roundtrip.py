"""JSON round trip of a big workbook: amendskit against pydantic, msgspec, json.

A round trip is `loads` with full validation followed by `dumps`, on a
workbook of 10,000 persons, 30,000 harms and 10,000 plans with histories.
pydantic v2 models and msgspec Structs are generated from amendskit's own
JSON Schema (benchmarks/shapes.py), so all validate the same shape. The
floor is `json.loads`/`json.dumps` of the same data with no validation.

    python benchmarks/bench_roundtrip.py [--persons N] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import timeit

import attrs
import msgspec
import pydantic

import amendskit as ak

from _common import best_of, big_workbook, header, table
from shapes import document_types


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    header("JSON round trip (loads with validation + dumps)")

    workbook = big_workbook(args.persons)
    text = ak.dumps(workbook)
    data = json.loads(text)
    pydantic_type, msgspec_type = document_types()
    adapter = pydantic.TypeAdapter(pydantic_type)
    decoder = msgspec.json.Decoder(msgspec_type)
    encoder = msgspec.json.Encoder()

    # Every library must accept the whole document. (pydantic and msgspec
    # write datetimes in their own RFC 3339 spelling, so compare counts.)
    assert ak.loads(text) == workbook
    for encoded in (
        adapter.dump_json(adapter.validate_json(text)),
        encoder.encode(decoder.decode(text)),
    ):
        again = json.loads(encoded)
        assert [len(again[k]) for k in ("persons", "harms", "plans")] == [
            len(data[k]) for k in ("persons", "harms", "plans")
        ]

    runs = {
        "amendskit": lambda: ak.dumps(ak.loads(text)),
        "pydantic v2": lambda: adapter.dump_json(adapter.validate_json(text)),
        "msgspec": lambda: encoder.encode(decoder.decode(text)),
        "json (no validation)": lambda: json.dumps(json.loads(text)),
    }
    times = {name: best_of(run, args.repeat) for name, run in runs.items()}
    mine = times["amendskit"]
    rows = [
        (name, f"{seconds * 1000:.1f}", f"{mine / seconds:.2f}")
        for name, seconds in times.items()
    ]
    entities = len(workbook.persons) + len(workbook.harms) + len(workbook.plans)
    print(f"document: {len(text) / 1e6:.1f} MB, {entities} entities")
    print(table(("library", "round trip ms", "amendskit / library"), rows))
    # What any pure-Python library pays before validating anything.
    floor = times["json (no validation)"] / times["pydantic v2"]
    print(f"the json floor alone takes {floor:.2f}x pydantic v2's whole round trip")
    objects = count_objects(workbook)
    budget = (times["pydantic v2"] - times["json (no validation)"]) / objects
    print(f"{objects:,} objects: within pydantic's time, {budget * 1e6:.2f} us each")
    bare = timeit.timeit(lambda: _Three(1, "a", "b"), number=100_000) / 100_000
    print(f"a frozen attrs class of 3 fields, no validators: {bare * 1e6:.2f} us")
    full = best_of(lambda: ak.loads(text), args.repeat)
    attrs.validators.set_disabled(True)
    try:
        unchecked = best_of(lambda: ak.loads(text), args.repeat)
    finally:
        attrs.validators.set_disabled(False)
    print(
        f"amendskit loads: {full * 1000:.0f} ms, "
        f"with every attrs validator off: {unchecked * 1000:.0f} ms"
    )


@attrs.frozen
class _Three:
    number: int
    first: str
    second: str


def count_objects(value: object) -> int:
    """The attrs objects in `value`, nested ones included."""
    if isinstance(value, ak.Workbook):
        tables = (value.persons, value.harms, value.plans)
        return sum(count_objects(e) for table in tables for e in table.values())
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return 1 + sum(count_objects(getattr(value, f.name)) for f in fields)
    if isinstance(value, tuple):
        return sum(count_objects(item) for item in value)
    return 0


if __name__ == "__main__":
    main()
