"""The JavaScript client proves the workbook JSON Schema (clients/js/).

Ajv (draft 2020-12, strict mode, formats) accepts every document amendskit
writes and refuses broken ones with the keyword we expect; amendskit and
Python's jsonschema refuse the same broken documents. The generated
TypeScript types, the docs' copies of the schema and of the demo document
are up to date, and the TypeScript usage module type-checks.

These tests need Node.js and ``npm ci --prefix clients/js``: without them
they fail (see tests/ajv.py), they are never skipped.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError

import amendskit
from ajv import CLIENT, SCRIPT, AjvUnavailable, ajv_errors, ajv_validate, require_client
from amendskit import (
    AmendPlan,
    Approach,
    Consent,
    ContactStatus,
    Deferral,
    DeferralReason,
    FixedClock,
    Harm,
    HarmKind,
    Intent,
    Money,
    PartialDate,
    Payment,
    Period,
    Person,
    Policy,
    Restitution,
    RestitutionKind,
    Review,
    ReviewDecision,
    ReviewerRole,
    ReviewScope,
    SequentialIds,
    Severity,
    Status,
    Workbook,
    dumps,
    json_schema,
)
from amendskit.demo import build_demo
from builders import plan_in

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TYPES = CLIENT / "src" / "workbook.d.ts"

Document = dict[str, Any]


def document(workbook: Workbook) -> Document:
    """The plain JSON document of a workbook, as a client receives it."""
    return json.loads(dumps(workbook))


# --- valid documents ---------------------------------------------------------


def _offsets_and_extras() -> Workbook:
    """A plan with every optional part, times at +05:30 with microseconds, yen."""
    ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
    at = dt.datetime(2024, 3, 1, 8, 15, 30, 250_000, tzinfo=ist)
    yen = "JPY"
    wb = Workbook(
        policy=Policy({"AK02": Severity.OFF}, ReviewScope.ALL),
        clock=FixedClock(at + dt.timedelta(days=30)),
        ids=SequentialIds(),
    )
    person = Person(
        id="person-tanaka",
        name="Mr. Tanaka",
        relationship="landlord in Osaka",
        contact=ContactStatus.UNREACHABLE,
        notes="Moved away; his son still runs the building.",
    )
    harm = Harm(
        id="harm-rent",
        person_id=person.id,
        kinds=(HarmKind.FINANCIAL, HarmKind.TRUST),
        conduct="I left without paying the last month's rent.",
        should_have_done="Paid, or told him I could not.",
        effect="He had to cover the building's costs himself.",
        when=PartialDate.parse("2019-07"),
        owed=Money(Decimal("85000"), yen),
        intent=Intent.INTENDED,
        period=Period.DURING_ADDICTION,
        notes="The lease is in the blue folder.",
    )
    plan = AmendPlan.new(
        id="plan-rent",
        person_id=person.id,
        harm_ids=(harm.id,),
        at=at,
        approach=Approach.ANONYMOUS_RESTITUTION,
        consents=(Consent(party="his son", granted=True, at=at),),
        reviews=(
            Review(
                reviewer="my sponsor",
                role=ReviewerRole.SPONSOR,
                at=at,
                decision=ReviewDecision.PROCEED_INDIRECTLY,
            ),
        ),
        restitution=Restitution(
            RestitutionKind.PAYMENT_PLAN,
            Money(Decimal("85000"), yen),
            payments=(Payment(Money(Decimal("5000"), yen), dt.date(2024, 3, 2)),),
        ),
        deferral=Deferral(
            DeferralReason.PERSON_UNAVAILABLE, review_on=dt.date(2024, 6, 1)
        ),
        notes="Ask his son for an address first.",
    )
    wb = wb.add(person, harm, plan)
    return wb.transition(plan.id, Status.WILLING, at=at + dt.timedelta(hours=1))


def _valid_workbooks() -> dict[str, Workbook]:
    workbooks = {"demo": build_demo()}
    workbooks |= {f"plan-{s.value}": plan_in(s) for s in Status}
    workbooks["plan-living-via-declined"] = plan_in(Status.LIVING, via=Status.DECLINED)
    workbooks["offsets-and-extras"] = _offsets_and_extras()
    workbooks["empty"] = Workbook()
    return workbooks


VALID = _valid_workbooks()


def test_the_valid_workbooks_cover_every_status():
    statuses = {p.status for wb in VALID.values() for p in wb.plans.values()}
    assert statuses == set(Status)


def test_ajv_accepts_the_demo_and_hand_built_workbooks():
    documents = [amendskit.to_dict(VALID["demo"])]  # to_dict's form, as sent
    documents += [document(wb) for wb in VALID.values()]
    results = ajv_validate(documents)
    assert dict(zip(["to_dict(demo)", *VALID], results, strict=True)) == {
        name: [] for name in ["to_dict(demo)", *VALID]
    }


def test_ajv_accepts_them_under_the_docs_copy_of_the_schema_too():
    results = ajv_errors(
        [document(VALID["demo"])], schema=DOCS / "workbook.schema.json"
    )
    assert results == [[]]


# --- broken documents --------------------------------------------------------

Mutation = Callable[[Document], None]


def _first_restitution(doc: Document) -> Document:
    return next(p for p in doc["plans"] if p["restitution"] is not None)["restitution"]


def _first_with_payment(doc: Document) -> Document:
    return next(
        p for p in doc["plans"] if p["restitution"] and p["restitution"]["payments"]
    )["restitution"]["payments"][0]


def _plan_index_with_restitution(doc: Document) -> int:
    return next(i for i, p in enumerate(doc["plans"]) if p["restitution"])


def _payment_plan_index(doc: Document) -> int:
    return next(
        i
        for i, p in enumerate(doc["plans"])
        if p["restitution"] and p["restitution"]["payments"]
    )


def _set(path: str, value: Any) -> Mutation:
    """A mutation that sets the value at a slash-separated path."""
    *parents, last = path.strip("/").split("/")

    def mutate(doc: Document) -> None:
        node: Any = doc
        for step in parents:
            node = node[int(step)] if isinstance(node, list) else node[step]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    *parents, last = path.strip("/").split("/")

    def mutate(doc: Document) -> None:
        node: Any = doc
        for step in parents:
            node = node[int(step)] if isinstance(node, list) else node[step]
        del node[last]

    return mutate


def _float_payment(doc: Document) -> None:
    _first_with_payment(doc)["amount"]["amount"] = 50.0


def _float_restitution(doc: Document) -> None:
    _first_restitution(doc)["amount"]["amount"] = 1200.5


def _negative_restitution(doc: Document) -> None:
    _first_restitution(doc)["amount"]["amount"] = "-5.00"


def _exponent_restitution(doc: Document) -> None:
    _first_restitution(doc)["amount"]["amount"] = "1.2e3"


def _pay_path(doc: Document) -> str:
    return f"/plans/{_payment_plan_index(doc)}/restitution/payments/0/amount/amount"


def _res_path(doc: Document) -> str:
    return f"/plans/{_plan_index_with_restitution(doc)}/restitution/amount/amount"


# Each case: a mutation of the demo document, and the Ajv keyword it must fail
# with, at an instance path (a string, or a function of the original document).
# The same keyword must come from Python's jsonschema.
BROKEN: dict[str, tuple[Mutation, str, str | Callable[[Document], str]]] = {
    "wrong type: seq as a string": (
        _set("/plans/0/history/0/seq", "1"),
        "type",
        "/plans/0/history/0/seq",
    ),
    "wrong type: boolean as a string": (
        _set("/persons/0/institution", "false"),
        "type",
        "/persons/0/institution",
    ),
    "wrong type: persons an object": (_set("/persons", {}), "type", "/persons"),
    "required: a person's relationship removed": (
        _delete("/persons/0/relationship"),
        "required",
        "/persons/0",
    ),
    "required: a plan's status removed": (
        _delete("/plans/0/status"),
        "required",
        "/plans/0",
    ),
    "required: the policy removed": (_delete("/policy"), "required", ""),
    "enum: status done": (_set("/plans/0/status", "done"), "enum", "/plans/0/status"),
    "enum: a harm kind": (
        _set("/harms/0/kinds/0", "gossip"),
        "enum",
        "/harms/0/kinds/0",
    ),
    "enum: a contact status": (
        _set("/persons/0/contact", "blocked"),
        "enum",
        "/persons/0/contact",
    ),
    "propertyNames: an unknown rule in the policy": (
        _set("/policy/severities", {"AK99": "off"}),
        "propertyNames",
        "/policy/severities",
    ),
    "additionalProperties: a key on a person": (
        _set("/persons/0/nickname", "Annie"),
        "additionalProperties",
        "/persons/0",
    ),
    "additionalProperties: a key on the envelope": (
        _set("/exported_by", "an app"),
        "additionalProperties",
        "",
    ),
    "const: a newer version": (_set("/version", 2), "const", "/version"),
    "const: another format": (_set("/format", "other.workbook"), "const", "/format"),
    "pattern: a naive datetime": (
        _set("/plans/0/history/0/at", "2024-01-05T09:00:00"),
        "pattern",
        "/plans/0/history/0/at",
    ),
    "format: a naive datetime": (
        _set("/plans/0/history/0/at", "2024-01-05T09:00:00"),
        "format",
        "/plans/0/history/0/at",
    ),
    "format: a datetime on 30 February": (
        _set("/plans/0/history/0/at", "2024-02-30T09:00:00+00:00"),
        "format",
        "/plans/0/history/0/at",
    ),
    "format: a date in month 13": (
        lambda doc: _first_with_payment(doc).__setitem__("on", "2024-13-01"),
        "format",
        lambda doc: _pay_path(doc).removesuffix("/amount/amount") + "/on",
    ),
    "type: a float payment amount": (_float_payment, "type", _pay_path),
    "type: a float restitution amount": (_float_restitution, "type", _res_path),
    "pattern: a negative amount": (_negative_restitution, "pattern", _res_path),
    "pattern: an amount with an exponent": (
        _exponent_restitution,
        "pattern",
        _res_path,
    ),
    "pattern: a blank name": (
        _set("/persons/0/name", "   "),
        "pattern",
        "/persons/0/name",
    ),
    "not: an id with a space": (_set("/harms/0/id", "harm 1"), "not", "/harms/0/id"),
    "minItems: a plan for no harm": (
        _set("/plans/0/harm_ids", []),
        "minItems",
        "/plans/0/harm_ids",
    ),
    "uniqueItems: a harm kind twice": (
        _set("/harms/0/kinds", ["emotional", "emotional"]),
        "uniqueItems",
        "/harms/0/kinds",
    ),
    "minimum: seq 0": (
        _set("/plans/0/history/0/seq", 0),
        "minimum",
        "/plans/0/history/0/seq",
    ),
}


def _broken(name: str) -> tuple[Document, str, str]:
    mutate, keyword, where = BROKEN[name]
    original = document(VALID["demo"])
    broken = copy.deepcopy(original)
    mutate(broken)
    path = where if isinstance(where, str) else where(original)
    return broken, keyword, path


@pytest.fixture(scope="module")
def ajv_broken() -> dict[str, list[dict[str, str]]]:
    """Ajv's errors for every broken document, from one node process."""
    names = list(BROKEN)
    results = ajv_errors([_broken(name)[0] for name in names])
    return dict(zip(names, results, strict=True))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _all_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    for error in errors:
        yield error
        yield from _all_errors(iter(error.context or ()))


#: Where Python's jsonschema names a failure by the inner keyword, not Ajv's outer one.
JSONSCHEMA_KEYWORD = {"propertyNames": "enum"}


def _json_pointer(error: ValidationError) -> str:
    return "".join(f"/{step}" for step in error.absolute_path)


@pytest.mark.parametrize("name", list(BROKEN))
def test_ajv_refuses_a_broken_document_with_the_expected_keyword(name, ajv_broken):
    _, keyword, path = _broken(name)
    found = {(e["keyword"], e["instancePath"]) for e in ajv_broken[name]}
    assert (keyword, path) in found, sorted(found)


@pytest.mark.parametrize("name", list(BROKEN))
def test_amendskit_refuses_a_broken_document(name):
    broken, _, _ = _broken(name)
    with pytest.raises(amendskit.DocumentError):
        amendskit.loads(json.dumps(broken))


@pytest.mark.parametrize("name", list(BROKEN))
def test_jsonschema_refuses_a_broken_document_with_the_same_keyword(name, validator):
    broken, keyword, path = _broken(name)
    keyword = JSONSCHEMA_KEYWORD.get(keyword, keyword)
    found = {
        (e.validator, _json_pointer(e))
        for e in _all_errors(validator.iter_errors(broken))
    }
    assert (keyword, path) in found, sorted(found)


def test_a_required_error_names_the_missing_key(ajv_broken):
    errors = ajv_broken["required: a person's relationship removed"]
    missing = [e["missingProperty"] for e in errors if e["keyword"] == "required"]
    assert missing == ["relationship"]


# --- validate.mjs as a command -----------------------------------------------


def _run_script(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [require_client(), str(SCRIPT), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_validate_mjs_exits_0_for_invalid_documents_and_writes_no_values():
    secret = "She still brings up the wedding speech"
    done = _run_script(stdin=json.dumps([{"notes": secret}, []]))
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert [{e["keyword"] for e in r} for r in results] == [
        {"required", "additionalProperties"},
        {"type"},
    ]
    assert secret not in done.stdout
    assert "notes" not in done.stdout  # not even a document's own keys


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--bogus"], "[]", "Unknown option"),
        (["extra"], "[]", "positional"),
        ([], "{}", "must be a JSON array"),
        ([], "not json", "stdin is not valid JSON"),
        (["--schema", "/nonexistent/schema.json"], "[]", "cannot read the schema"),
    ],
)
def test_validate_mjs_exits_2_on_usage_errors(args, stdin, message):
    done = _run_script(*args, stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr
    assert "usage: node validate.mjs" in done.stderr
    assert done.stdout == ""


def test_validate_mjs_refuses_a_schema_strict_mode_objects_to(tmp_path):
    schema = tmp_path / "loose.json"
    schema.write_text(json.dumps({"type": "object", "unknownKeyword": 1}))
    done = _run_script("--schema", str(schema), stdin="[]")
    assert done.returncode == 2
    assert "strict mode" in done.stderr


def test_missing_node_modules_is_an_error_not_a_skip(tmp_path):
    with pytest.raises(AjvUnavailable, match=r"npm ci --prefix clients/js"):
        require_client(tmp_path)


# --- generated TypeScript types and the type check ---------------------------


def _node(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [require_client(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_committed_typescript_types_are_up_to_date(tmp_path):
    out = tmp_path / "workbook.d.ts"
    done = _node(str(CLIENT / "generate-types.mjs"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # json-schema-to-typescript had nothing to warn about
    assert out.read_text(encoding="utf-8") == TYPES.read_text(encoding="utf-8"), (
        "clients/js/src/workbook.d.ts is stale: run `npm run generate --prefix "
        "clients/js` and commit it"
    )
    assert "GENERATED FILE" in out.read_text(encoding="utf-8")


def test_the_typescript_usage_module_type_checks_strictly():
    config = json.loads((CLIENT / "tsconfig.json").read_text(encoding="utf-8"))
    assert config["compilerOptions"]["strict"] is True
    assert config["compilerOptions"]["noEmit"] is True
    tsc = CLIENT / "node_modules" / "typescript" / "bin" / "tsc"
    done = _node(str(tsc), "-p", str(CLIENT), "--strict", "--pretty", "false")
    assert done.returncode == 0, done.stdout + done.stderr


REGENERATE = (
    "run python -c 'import json, amendskit as a, amendskit.demo as d; "
    'open("docs/workbook.schema.json", "w", encoding="utf-8").write('
    "json.dumps(a.json_schema(), indent=2, ensure_ascii=False) + chr(10)); "
    'open("docs/demo-workbook.json", "w", encoding="utf-8").write('
    "a.dumps(d.build_demo(), indent=2) + chr(10))'"
)

# --- the docs' copies --------------------------------------------------------


def test_the_docs_schema_is_up_to_date():
    expected = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    actual = (DOCS / "workbook.schema.json").read_text(encoding="utf-8")
    assert actual == expected, f"docs/workbook.schema.json is stale: {REGENERATE}"


def test_the_docs_demo_document_is_up_to_date():
    expected = dumps(build_demo(), indent=2) + "\n"
    actual = (DOCS / "demo-workbook.json").read_text(encoding="utf-8")
    assert actual == expected, f"docs/demo-workbook.json is stale: {REGENERATE}"
