"""The JSON Schema agrees with the code, both ways, under two validators.

Every document amendskit writes is valid under Python's jsonschema and
under Ajv. Documents made from the schema alone, by an independent
generator (hypothesis-jsonschema), load, or are refused only for what a
schema cannot say (`documents.SEMANTIC`). Documents broken where the schema
is explicit (a type, a required key, an enum, an extra key) are refused by
all three.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

import amendskit
from ajv import ajv_errors
from amendskit import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    AmendPlan,
    DocumentError,
    Person,
    Workbook,
    dumps,
    from_dict,
    json_schema,
    loads,
)
from amendskit import _validation as v
from amendskit import schema as schema_module
from documents import (
    EXPECTED,
    PUBLIC_TYPES,
    SEMANTIC,
    UNREACHABLE,
    Site,
    demo_document,
    draft7,
    examples,
    golden_files,
    mutated,
    schema_errors,
    semantic_only,
    sites,
    wrapper_schema,
)
from strategies import workbooks

SHIPPED = Path(amendskit.__file__).parent / "workbook.schema.json"


def ajv_validate(documents: list[Any]) -> list[list[str]]:
    """Ajv's failing keywords of each document, under the schema shipped."""
    return [
        [e["keyword"] for e in errors]
        for errors in ajv_errors(documents, schema=SHIPPED)
    ]


SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def test_the_schema_is_valid_draft_2020_12() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert Draft202012Validator.META_SCHEMA["$id"] == schema["$schema"]


REGENERATE = (
    "python -c 'import json, amendskit as a; s = json.dumps(a.json_schema(), "
    "indent=2, ensure_ascii=False) + chr(10); "
    'open("src/amendskit/workbook.schema.json", "w", encoding="utf-8").write(s); '
    'open("docs/workbook.schema.json", "w", encoding="utf-8").write(s)\''
)


def test_the_shipped_schema_is_the_generated_one() -> None:
    expected = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    actual = SHIPPED.read_text(encoding="utf-8")
    assert actual == expected, f"workbook.schema.json is stale: run {REGENERATE}"


def test_the_schema_id_carries_the_version() -> None:
    assert f"urn:amendskit:schema:workbook:v{SCHEMA_VERSION}" == SCHEMA_ID
    assert json_schema()["$id"] == SCHEMA_ID
    assert json_schema()["properties"]["version"] == {"const": SCHEMA_VERSION}


def test_the_schema_is_generated_afresh_and_deterministic() -> None:
    first, second = json_schema(), json_schema()
    assert first == second
    assert first is not second
    assert json.dumps(first) == json.dumps(second)


def test_every_attrs_field_is_a_required_property() -> None:
    defs = json_schema()["$defs"]
    for name, definition in defs.items():
        cls = _class(name)
        if not attrs.has(cls) or name == "Policy":
            continue
        fields = [f.name for f in attrs.fields(cls) if f.init]
        fields += ["status"] if cls is AmendPlan else []
        assert list(definition["properties"]) == fields, name
        assert definition["required"] == fields, name
        assert definition["additionalProperties"] is False, name


def _class(name: str) -> type:
    """The amendskit class a definition is named after (public or not)."""
    modules = [m for n, m in sorted(sys.modules.items()) if n.startswith("amendskit")]
    return next(
        getattr(m, name) for m in modules if isinstance(getattr(m, name, None), type)
    )


def test_free_text_carries_its_sensitivity_and_structure_does_not() -> None:
    person = json_schema()["$defs"]["Person"]["properties"]
    assert person["notes"]["description"] == "Free text; sensitivity: private."
    assert person["name"]["description"] == "Free text; sensitivity: personal."
    assert "description" not in person["id"]


@attrs.frozen
class Jotting:
    """A synthetic class: a field without validator, a derived field."""

    text: str
    length: int = attrs.field(init=False, default=0)


def test_a_field_without_validator_is_plain_and_a_derived_one_is_left_out() -> None:
    definition = schema_module._definition(Jotting, {})
    assert definition["properties"] == {"text": {"type": "string"}}
    assert definition["required"] == ["text"]


def test_a_string_check_the_schema_does_not_know_adds_nothing() -> None:
    """Checks other than text, id, pattern and RRULE leave a plain string."""
    other = v.InstanceOf((str,))
    assert schema_module._string([other]) == {"type": "string"}


# --- what amendskit writes, the schema accepts ----------------------------------------


def test_the_demo_and_golden_documents_are_valid_under_both_validators() -> None:
    documents = [demo_document()] + [
        json.loads(p.read_text(encoding="utf-8"))
        for p in golden_files()
        if p.parent.name == f"v{SCHEMA_VERSION}"
    ]
    for document in documents:
        assert schema_errors(document) == []
    assert ajv_validate(documents) == [[]] * len(documents)


def test_every_workbook_document_written_is_valid_under_both_validators() -> None:
    written: list[Any] = []

    @settings(max_examples=examples(60), suppress_health_check=SLOW, database=None)
    @given(workbooks())
    def write(wb: Workbook) -> None:
        document = json.loads(dumps(wb))
        assert schema_errors(document) == []
        written.append(document)

    write()
    assert ajv_validate(written) == [[]] * len(written)


def test_every_public_type_written_is_valid_under_both_validators() -> None:
    """Each `$defs` entry, against documents of that type (Ajv via a wrapper)."""
    defs = json_schema()["$defs"]
    wrapped: list[Any] = []
    for kind, strategy in PUBLIC_TYPES.items():
        if kind.__name__ in defs:  # not Finding, nor PartialDate (a string)
            writer(kind, strategy, wrapped)()
    assert ajv_validate_wrapped(wrapped) == [[]] * len(wrapped)


def writer(kind: type, strategy: Any, wrapped: list[Any]) -> Any:
    """A property: `kind` written is valid under its definition."""
    name = kind.__name__

    @settings(max_examples=examples(20), suppress_health_check=SLOW, database=None)
    @given(strategy)
    def write(value: Any) -> None:
        document = json.loads(dumps(value))
        assert schema_errors(document, name) == []
        wrapped.append({name: document})

    return write


def ajv_validate_wrapped(documents: list[Any]) -> list[list[str]]:
    """Ajv on ``{"<Def>": document}`` against `documents.wrapper_schema`."""
    path = Path(__file__).parent / ".wrapper.schema.json.tmp"
    path.write_text(json.dumps(wrapper_schema()), encoding="utf-8")
    try:
        results = ajv_errors(documents, schema=path)
    finally:
        path.unlink()
    return [[e["keyword"] for e in errors] for errors in results]


# --- what the schema accepts, amendskit loads -----------------------------------------


def test_the_semantic_codes_are_codes_the_schema_cannot_express() -> None:
    """The two lists are disjoint and name no code a wrong shape gets."""
    assert not set(SEMANTIC) & set(UNREACHABLE)
    shape = set().union(*EXPECTED.values()) - {"status-mismatch", "bad-format"}
    assert not set(SEMANTIC) & shape


def check_generated(document: Any, kind: type) -> None:
    """Loaded, or refused only for what the schema cannot say; stable if loaded."""
    assert schema_errors(document, None if kind is Workbook else kind.__name__) == []
    try:
        loaded = from_dict(document, kind)
    except DocumentError as error:
        refused = error
    else:
        text = dumps(loaded)
        assert loads(text, kind) == loaded
        assert dumps(loads(text, kind)) == text
        return
    assert semantic_only(document, refused) == [], refused


def test_documents_generated_from_the_schema_load_or_break_only_semantic_rules() -> (
    None
):
    generated: list[Any] = []

    # Arrays of at most 3 items in CI (a document of the full schema takes
    # seconds to generate); the nightly run takes the schema as it is.
    nightly = bool(os.environ.get("AMENDSKIT_FUZZ_EXAMPLES"))

    @settings(max_examples=examples(30), suppress_health_check=SLOW, database=None)
    @given(from_schema(draft7(max_items=None if nightly else 3)))
    def generate(document: Any) -> None:
        check_generated(document, Workbook)
        generated.append(document)

    generate()
    # The generator reads the schema as Python does; Ajv reads it as a
    # JavaScript client does. Both agree that every document is valid.
    assert ajv_validate(generated) == [[]] * len(generated)


GENERATED_TYPES = ["Person", "Harm", "AmendPlan", "Policy", "Restitution", "Commitment"]


@pytest.mark.parametrize("name", GENERATED_TYPES)
def test_values_generated_from_a_definition_load_or_break_only_semantic_rules(
    name: str,
) -> None:
    kind = getattr(amendskit, name)
    generated: list[Any] = []
    count = examples(15 if kind is AmendPlan else 50)

    @settings(max_examples=count, suppress_health_check=SLOW, database=None)
    @given(from_schema(draft7(name)))
    def generate(document: Any) -> None:
        check_generated(document, kind)
        generated.append({name: document})

    generate()
    assert ajv_validate_wrapped(generated) == [[]] * len(generated)


def test_a_semantic_refusal_is_what_the_schema_cannot_say() -> None:
    """Examples of each reachable semantic code, from a schema-valid document."""
    document = demo_document()
    document["harms"][1]["owed"]["currency"] = "JPY"  # 1200.00 JPY: too precise
    document["harms"][0]["when"] = "2019-02-29"
    document["plans"][1]["status"] = "living"
    document["plans"][0]["history"][1]["seq"] = 7
    document["plans"][3]["commitments"][0]["cadence"] = "FREQ=FORTNIGHTLY"
    document["plans"][4]["person_id"] = "person-404"
    assert schema_errors(document) == []
    assert ajv_validate([document]) == [[]]
    with pytest.raises(DocumentError) as caught:
        from_dict(document)
    assert semantic_only(document, caught.value) == []
    assert set(caught.value.codes) == {
        "too-precise",
        "out-of-range",
        "history-gap",
        "bad-rrule",
        "status-mismatch",
    }
    # References are checked once every entity is well formed.
    document = demo_document()
    document["plans"][4]["person_id"] = "person-404"
    with pytest.raises(DocumentError) as caught:
        from_dict(document)
    assert set(caught.value.codes) == {"unknown-person", "harm-of-other-person"}


def _add_record(document: dict[str, Any]) -> None:
    listed = document["plans"][8]
    listed["history"].append(
        {
            "seq": 2,
            "from_status": "listed",
            "to_status": "made",
            "at": "2030-01-01T00:00:00Z",
            "note": "",
        }
    )
    listed["status"] = "made"


def _pay_in_euros(document: dict[str, Any]) -> None:
    restitution = document["plans"][1]["restitution"]
    restitution["payments"] = [
        {
            "amount": {"amount": "10.00", "currency": "EUR"},
            "on": "2024-01-01",
            "notes": "",
        }
    ]


def _pay_by_plan(document: dict[str, Any], instalment: str, years: int) -> None:
    """Plan 2 repays its 1200.00 USD in instalments every `years` years."""
    document["plans"][1]["restitution"]["payment_plan"] = {
        "instalment": {"amount": instalment, "currency": "USD"},
        "every": {"count": years, "unit": "years"},
        "start": "2024-05-01",
    }


#: For each semantic code, a change to the demo document that keeps it
#: valid under the schema and is refused with that code.
SEMANTIC_EXAMPLES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "bad-rrule": lambda d: d["plans"][3]["commitments"][0].update(
        cadence="FREQ=FORTNIGHTLY"
    ),
    "too-precise": lambda d: d["harms"][1]["owed"].update(currency="JPY"),
    "currency-mismatch": _pay_in_euros,
    "history-gap": lambda d: d["plans"][0]["history"][1].update(seq=7),
    "history-broken": lambda d: d["plans"][0]["history"][1].update(
        from_status="prepared"
    ),
    "history-not-allowed": _add_record,
    "history-backwards": lambda d: d["plans"][0]["history"][1].update(
        at="2000-01-01T00:00:00Z"
    ),
    "status-mismatch": lambda d: d["plans"][1].update(status="living"),
    "out-of-range": lambda d: d["harms"][0].update(when="2019-02-29"),
    "duplicate-id": lambda d: d["persons"][1].update(id="person-1"),
    "unknown-person": lambda d: d["harms"][0].update(person_id="person-404"),
    "unknown-harm": lambda d: d["plans"][1].update(harm_ids=["harm-404"]),
    "harm-of-other-person": lambda d: d["plans"][0].update(harm_ids=["harm-2"]),
    "bad-format": lambda d: d["persons"][0].update(invited_at="2023-02-29T10:00:00Z"),
    "unknown-time-zone": lambda d: d["plans"][0]["commitments"][0].update(
        time_zone="Mars/Olympus_Mons"
    ),
    "not-positive": lambda d: _pay_by_plan(d, "0.00", 1),
    "too-many-instalments": lambda d: _pay_by_plan(d, "0.01", 1),
    "beyond-calendar": lambda d: _pay_by_plan(d, "100.00", 999),
}


def test_every_semantic_code_has_an_example() -> None:
    assert set(SEMANTIC_EXAMPLES) == set(SEMANTIC)


@pytest.mark.parametrize("code", sorted(SEMANTIC_EXAMPLES))
def test_each_semantic_code_refuses_a_document_the_schema_accepts(code: str) -> None:
    document = demo_document()
    SEMANTIC_EXAMPLES[code](document)
    with pytest.raises(DocumentError) as caught:
        from_dict(document)
    assert code in caught.value.codes
    assert semantic_only(document, caught.value) == []
    if code == "bad-format":
        # The pattern takes 2023-02-29; only `format` (an annotation that
        # 2020-12 validators may skip) refuses it.
        assert schema_errors(document) == ["anyOf"]
        assert not list(Draft202012Validator(json_schema()).iter_errors(document))
    else:
        assert schema_errors(document) == []
        assert ajv_validate([document]) == [[]]


# --- what the schema refuses, amendskit refuses ---------------------------------------


def sources() -> st.SearchStrategy[dict[str, Any]]:
    """Valid workbook documents: the demo's, the golden ones, generated ones."""
    fixed = [demo_document()] + [
        json.loads(p.read_text(encoding="utf-8"))
        for p in golden_files()
        if p.parent.name == f"v{SCHEMA_VERSION}"
    ]
    written = workbooks().map(lambda wb: json.loads(dumps(wb)))
    return st.one_of(st.sampled_from(fixed), written)


def test_every_kind_of_mutation_has_a_site_in_the_demo() -> None:
    found = {s.kind for s in sites(demo_document())}
    assert found == {"type", "required", "enum", "extra"}


def test_documents_broken_where_the_schema_is_explicit_are_refused_by_all_three() -> (
    None
):
    broken: list[tuple[Site, Any]] = []

    @settings(max_examples=examples(150), suppress_health_check=SLOW, database=None)
    @given(document=sources(), data=st.data())
    def mutate(document: dict[str, Any], data: st.DataObject) -> None:
        site = data.draw(st.sampled_from(sites(document)), label="site")
        changed = mutated(document, site)
        assert schema_errors(changed) != [], site
        with pytest.raises(DocumentError) as caught:
            from_dict(changed)
        reported = {(p.path, p.code) for p in caught.value.problems}
        assert any(
            path == site.expected and code in EXPECTED[site.kind]
            for path, code in reported
        ), (site, reported)
        broken.append((site, changed))

    mutate()
    verdicts = ajv_validate([changed for _, changed in broken])
    refused_by_ajv = [bool(keywords) for keywords in verdicts]
    assert all(refused_by_ajv), [
        s for (s, _), ok in zip(broken, refused_by_ajv, strict=True) if not ok
    ]


@pytest.mark.parametrize(
    ("change", "keyword"),
    [
        (lambda d: d["persons"][0].update(institution="false"), "type"),
        (lambda d: d["plans"][0]["history"][0].update(seq="1"), "type"),
        (lambda d: d["persons"][0].pop("notes"), "required"),
        (lambda d: d["harms"][0]["kinds"].append("boredom"), "enum"),
        (lambda d: d["plans"][0].update(colour="red"), "additionalProperties"),
        (lambda d: d["persons"][0].update(invited_at="2024-05-01T09:30:00"), "pattern"),
        (
            lambda d: d["policy"]["severities"].update({"person-without-harm": "off"}),
            "enum",
        ),
    ],
)
def test_each_kind_of_break_is_refused_with_the_keyword_ajv_names(
    change: Any, keyword: str
) -> None:
    document = demo_document()
    change(document)
    with pytest.raises(DocumentError):
        from_dict(document)
    assert schema_errors(document) != []
    assert keyword in ajv_validate([document])[0]


def test_a_trailing_newline_is_refused_as_ecma_262_patterns_say() -> None:
    """Python's `$` also matches before a final newline, ECMA-262's does not.

    Python jsonschema uses Python's `re`, so it takes ``"2019\\n"`` for a
    partial date; Ajv and amendskit, as JSON Schema specifies, refuse it.
    """
    document = demo_document()
    document["harms"][0]["when"] = "2021\n"
    with pytest.raises(DocumentError) as caught:
        from_dict(document)
    assert caught.value.codes == ("bad-partial-date",)
    assert "pattern" in ajv_validate([document])[0]
    assert schema_errors(document) == []  # the Python validator's known deviation


def test_datetimes_python_cannot_hold_are_refused_by_the_schema_too() -> None:
    """Year 0000, a leap second, hour 24: the patterns leave out what Python lacks."""
    documents = []
    for text in (
        "0000-01-01T00:00:00Z",
        "2016-12-31T23:59:60Z",
        "2024-01-01T24:00:00Z",
    ):
        document = demo_document()
        document["persons"][0]["invited_at"] = text
        with pytest.raises(DocumentError):
            from_dict(document)
        assert schema_errors(document) != []
        documents.append(document)
    assert all(ajv_validate(documents))


def test_a_person_written_today_is_a_valid_schema_person() -> None:
    person = Person(
        id="p", name="Anna", invited_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    )
    assert schema_errors(json.loads(dumps(person)), "Person") == []
