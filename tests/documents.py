"""Helpers for the tests of JSON documents: paths, the schema, mutations.

`value_at` reads a `DocumentProblem` path (``$.plans[3].approach``) in a
parsed document. `sites` walks a workbook document alongside the shipped
JSON Schema and lists every place a schema-breaking mutation can go (a
wrong type, a required key removed, a value outside an enum, a key added);
`mutated` applies one. `semantic_only` tells whether a refusal lists only
codes the schema cannot express (the list and its reasons are here, in
`SEMANTIC`).
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from amendskit import (
    AmendPlan,
    CheckIn,
    Commitment,
    Consent,
    Deferral,
    DocumentError,
    DocumentProblem,
    Finding,
    FollowUp,
    Harm,
    HistoryRecord,
    Instalment,
    Interval,
    Money,
    Outcome,
    PartialDate,
    Payment,
    PaymentPlan,
    Person,
    Policy,
    RepairAction,
    Restitution,
    Review,
    SafetyAssessment,
    Severity,
    dumps,
    json_schema,
)
from amendskit.demo import build_demo
from amendskit.serialization import DATE_PATTERN, DATETIME_PATTERN
from strategies import (
    check_ins,
    commitments,
    consents,
    deferrals,
    follow_ups,
    harms,
    histories,
    ids,
    intervals,
    money,
    outcomes,
    partial_dates,
    payments,
    persons,
    plans,
    policies,
    repair_actions,
    restitutions,
    reviews,
    safety_assessments,
    texts,
)

#: Golden documents of every released version, one folder a version.
GOLDEN = Path(__file__).parent / "golden"

#: Codes with which `loads` may refuse a document the schema accepts: what
#: JSON Schema cannot say (or the generated schema does not say), each with
#: the reason. Derived from reading serialization.py, workbook.py and the
#: model's validators.
SEMANTIC: dict[str, str] = {
    "bad-rrule": "a cadence is RFC 5545 RRULE syntax, parsed by dateutil; "
    "the schema only bounds its length (living.recurrence_rule)",
    "too-precise": "an amount is no finer than its currency's minor unit "
    "(JPY 0, EUR 2, BHD 3 decimals): one pattern serves every currency",
    "currency-mismatch": "payments and a payment plan's instalment are in "
    "the restitution's currency: a rule across fields",
    "history-gap": "seq counts 1, 2, 3 in array order; the schema says "
    "only 'an integer >= 1'",
    "history-broken": "each record starts where the one before ended: "
    "a rule across array items",
    "history-not-allowed": "each (from_status, to_status) pair is a move of "
    "the lifecycle table: a rule across two fields",
    "history-backwards": "timestamps never go backwards: a rule across items",
    "status-mismatch": "a plan's status is its last history record's "
    "to_status: a rule across fields",
    "out-of-range": "a partial date's month is 1-12 and its day exists in "
    "that month and year (2019-13, 2019-02-29, 0000): the pattern says digits",
    "bad-format": "a date or date-time that fits the schema's pattern but "
    "not the calendar (2023-02-29): only `format` says so, an annotation a "
    "2020-12 validator may skip; allowed only for a value that matches the "
    "pattern (`impossible_date`)",
    "unknown-time-zone": "a commitment's time_zone is a zone of the IANA "
    "database on this machine; the schema's pattern says only what a zone "
    "name looks like",
    "not-positive": "a payment plan's instalment is more than zero: the "
    "decimal pattern takes 0 (JSON Schema has no minimum for strings)",
    "too-many-instalments": "the instalments (amount / instalment) number at "
    "most 10,000: a quotient of two fields",
    "beyond-calendar": "a payment plan's last instalment falls before the "
    "year 10000: start + count x every, a computation",
    "duplicate-id": "ids are unique within a table: uniqueItems cannot "
    "look at one key of objects",
    "unknown-person": "a harm's or a plan's person_id names a person of "
    "the document: a reference across tables",
    "unknown-harm": "a plan's harm_ids name harms of the document",
    "harm-of-other-person": "a plan's harms were done to the plan's person",
}
#: Codes amendskit has that a schema-valid document can never get, and why
#: they are not in `SEMANTIC`.
UNREACHABLE: dict[str, str] = {
    "too-large": "Money: the decimal pattern has at most 18 integer digits, "
    "below 10**18 (and Limits.max_bytes is far above any generated text)",
    "day-without-month": "the partial-date pattern has no day without a month",
    "key-not-id": "documents hold arrays of entities, never id-keyed maps",
    "unknown-rule": "the schema's propertyNames lists the tunable codes",
    "rule-not-tunable": "the schema's propertyNames lists the tunable codes",
    "too-deep": "Limits.max_depth (32) is deeper than the schema nests",
    "too-many-items": "Limits.max_items is far above any generated array",
}

_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")
_PATTERNS = (re.compile(DATETIME_PATTERN), re.compile(DATE_PATTERN))


def examples(default: int) -> int:
    """`default` examples, scaled by ``AMENDSKIT_FUZZ_EXAMPLES`` (a nightly run).

    ``AMENDSKIT_FUZZ_EXAMPLES=5000`` makes a test that takes 500 examples in
    CI take 5,000 (each test keeps its share of the total).
    """
    scale = os.environ.get("AMENDSKIT_FUZZ_EXAMPLES")
    if not scale:
        return default
    return max(default, default * int(scale) // 500)


@functools.cache
def _demo_text() -> str:
    return dumps(build_demo())


def demo_document() -> dict[str, Any]:
    """The demo workbook's document, parsed (a fresh copy each call)."""
    return json.loads(_demo_text())


def golden_files() -> list[Path]:
    """Every golden document, of every version."""
    return sorted(GOLDEN.glob("v*/*.json"))


def steps(path: str) -> list[str | int]:
    """The keys and indexes of a problem path; ``$`` alone is ``[]``."""
    assert path.startswith("$"), path
    found, at = [], 1
    while at < len(path):
        match = _STEP.match(path, at)
        assert match is not None, f"not a JSON path: {path}"
        key, index = match.groups()
        found.append(key if key is not None else int(index))
        at = match.end()
    return found


def value_at(document: Any, path: str) -> Any:
    """The value a problem path points at."""
    for step in steps(path):
        document = document[step]
    return document


def impossible_date(document: Any, problem: DocumentProblem) -> bool:
    """Whether a bad-format problem is a date the schema's pattern allows."""
    try:
        value = value_at(document, problem.path)
    except (KeyError, IndexError, TypeError):
        return False
    return isinstance(value, str) and any(p.search(value) for p in _PATTERNS)


def semantic_only(document: Any, error: DocumentError) -> list[DocumentProblem]:
    """The problems of `error` the schema could have expressed (none, ideally)."""
    return [
        p
        for p in error.problems
        if p.code not in SEMANTIC
        or (p.code == "bad-format" and not impossible_date(document, p))
    ]


# --- values of every public type ------------------------------------------------------


def findings() -> st.SearchStrategy[Finding]:
    """Findings as the rule engine makes them, with any text."""
    return st.builds(
        Finding,
        code=st.sampled_from(["AK01", "AK06", "LC01"]),
        slug=st.sampled_from(["would-injure", "no-go-between"]),
        severity=st.sampled_from(Severity),
        message=texts(),
        plan_id=st.none() | ids(),
        person_id=st.none() | ids(),
        harm_ids=st.lists(ids(), max_size=3).map(tuple),
        field=st.none() | st.sampled_from(["approach", "deferral.review_on"]),
    )


def _planned() -> st.SearchStrategy[Restitution]:
    return restitutions().filter(lambda r: bool(r.payment_plan and r.schedule()))


#: Every public type with a document of its own, and a strategy for values.
PUBLIC_TYPES: dict[type, Any] = {
    Person: persons(),
    Harm: harms(written=None),
    AmendPlan: plans(),
    HistoryRecord: histories().map(lambda h: h[-1]),
    Outcome: outcomes(),
    Money: money(),
    PartialDate: partial_dates(),
    Payment: payments("JPY"),
    Restitution: restitutions(),
    Commitment: commitments(),
    CheckIn: check_ins(),
    Consent: consents(),
    Review: reviews(),
    RepairAction: repair_actions(),
    Deferral: deferrals(valid=False),
    SafetyAssessment: safety_assessments(),
    Policy: policies(),
    Finding: findings(),
    Interval: intervals(),
    FollowUp: follow_ups(),
    PaymentPlan: _planned().map(lambda r: r.payment_plan),
    Instalment: _planned().map(lambda r: r.schedule()[-1]),
}


# --- the schema -----------------------------------------------------------------------


@functools.cache
def schema() -> dict[str, Any]:
    return json_schema()


@functools.cache
def validator(definition: str | None = None) -> Draft202012Validator:
    """Python jsonschema for a workbook document, or one of the `$defs`."""
    root = schema()
    if definition is not None:
        root = {
            "$schema": root["$schema"],
            "$defs": root["$defs"],
            "$ref": f"#/$defs/{definition}",
        }
    return Draft202012Validator(
        root, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(document: Any, definition: str | None = None) -> list[str]:
    """The failing keywords of `document` under Python jsonschema."""
    return [str(e.validator) for e in validator(definition).iter_errors(document)]


def wrapper_schema() -> dict[str, Any]:
    """A schema for ``{"<Def>": document}``: one of the `$defs` by name (for Ajv)."""
    root = schema()
    names = sorted(root["$defs"])
    return {
        "$schema": root["$schema"],
        "$id": root["$id"] + ":wrapped",
        "type": "object",
        "properties": {n: {"$ref": f"#/$defs/{n}"} for n in names},
        "additionalProperties": False,
        "minProperties": 1,
        "maxProperties": 1,
        "$defs": root["$defs"],
    }


def draft7(definition: str | None = None, *, max_items: int | None = None) -> Any:
    """The schema as hypothesis-jsonschema reads it (drafts up to 7).

    `$defs` becomes `definitions` with every `$ref` rewritten; `$schema`
    and `$id` go. With `definition`, the root is that definition. With
    `max_items`, arrays and maps hold at most that many items: a stricter
    schema, so every document is still valid, and examples stay small.
    """
    text = json.dumps(schema()).replace('"#/$defs/', '"#/definitions/')
    converted = json.loads(text)
    converted["definitions"] = converted.pop("$defs")
    del converted["$schema"], converted["$id"]
    if max_items is not None:
        _bound(converted, max_items)
    if definition is None:
        return converted
    return {
        "definitions": converted["definitions"],
        "$ref": f"#/definitions/{definition}",
    }


def _bound(node: Any, most: int) -> None:
    if isinstance(node, dict):
        if node.get("type") == "array":
            node.setdefault("maxItems", most)
        if "propertyNames" in node:
            node.setdefault("maxProperties", most)
        for item in node.values():
            _bound(item, most)
    elif isinstance(node, list):
        for item in node:
            _bound(item, most)


# --- schema-breaking mutations --------------------------------------------------------

#: The codes each kind of mutation may be refused with (at the expected path).
EXPECTED = {
    "type": {
        "wrong-type",
        "bad-value",
        "bad-format",
        "bad-partial-date",
        "status-mismatch",
        "bad-version",
        "wrong-format",
    },
    "enum": {"bad-value", "status-mismatch"},
    "required": {"missing", "bad-version", "wrong-format"},
    "extra": {"extra-key", "unknown-rule"},
}
EXTRA_KEY = "unexpected_key"


@attrs.frozen
class Site:
    """Where a mutation goes: `path` (as steps), its kind, and where loads says so.

    `expected` is the problem path `loads` must report.
    """

    kind: str
    steps: tuple[str | int, ...]
    expected: str


def _path(steps: tuple[str | int, ...]) -> str:
    return "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps)


def _resolve(node: dict[str, Any], value: Any) -> dict[str, Any]:
    defs = schema()["$defs"]
    while True:
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in node:
            nulls = [n for n in node["anyOf"] if n.get("type") == "null"]
            others = [n for n in node["anyOf"] if n.get("type") != "null"]
            node = nulls[0] if value is None else others[0]
        else:
            return node


def sites(document: dict[str, Any]) -> list[Site]:
    """Every place in a valid workbook document where a mutation breaks the schema."""
    return list(_sites(document, schema(), (), None))


def _sites(
    value: Any, node: dict[str, Any], at: tuple[str | int, ...], within: str | None
) -> Iterator[Site]:
    node = _resolve(node, value)
    # Inside policy.severities, loads reports the map's path, not the key's.
    here = within or _path(at)
    if at:
        yield Site("type", at, here)
    if "enum" in node:
        yield Site("enum", at, here)
    if isinstance(value, dict) and "propertyNames" in node:
        # policy.severities, a map of rule codes: a key that is no code.
        yield Site("extra", (*at, EXTRA_KEY), _path(at))
        for key, item in value.items():
            yield from _sites(item, node["additionalProperties"], (*at, key), _path(at))
    elif isinstance(value, dict):
        # A key amendskit uses nowhere is not named: it may be someone's text.
        yield Site("extra", (*at, EXTRA_KEY), _path(at) + "[?]")
        for key in node.get("required", ()):
            yield Site("required", (*at, key), _path((*at, key)))
        for key, item in value.items():
            yield from _sites(item, node["properties"][key], (*at, key), None)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _sites(item, node["items"], (*at, index), None)


def _wrong(value: Any) -> Any:
    """A value of a JSON type the schema does not allow where `value` is."""
    if value is None:
        return True  # no nullable field takes a boolean
    if isinstance(value, bool):
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return 7
    if isinstance(value, dict):
        return []
    return {}


def mutated(document: dict[str, Any], site: Site) -> dict[str, Any]:
    """A deep copy of `document` with the mutation of `site` applied."""
    result = copy.deepcopy(document)
    *parents, last = site.steps
    holder: Any = result
    for step in parents:
        holder = holder[step]
    if site.kind == "type":
        holder[last] = _wrong(holder[last])
    elif site.kind == "enum":
        holder[last] = "not_a_value"
    elif site.kind == "required":
        del holder[last]
    else:
        holder[last] = 1
    return result
