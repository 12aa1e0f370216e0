"""Fuzzing: whatever comes in, loading ends in an object or a `DocumentError`.

Random JSON values, random text and bytes, documents mutated at random
(values replaced, swapped, deleted, added; bytes flipped) and hostile
inputs (100,000 open brackets, huge strings, NaN and Infinity, bytes that
are not UTF-8, arrays beyond the limits) never raise anything else: no
`KeyError`, `TypeError`, `RecursionError` or bare `ValueError`. Each input
is handled within `BOUND` seconds.

The number of examples scales with ``AMENDSKIT_FUZZ_EXAMPLES`` (500 by
default; a nightly run sets more).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amendskit import (
    FORMAT,
    Commitment,
    DocumentError,
    Limits,
    PartialDate,
    Person,
    Workbook,
    dumps,
    from_dict,
    loads,
)
from amendskit.serialization import DATETIME_PATTERN
from documents import PUBLIC_TYPES, demo_document, examples
from strategies import workbooks

#: The most CPU seconds any one input may take (generous: CI machines vary;
#: CPU time, not wall time, so that a busy machine does not fail the test).
BOUND = 2.0
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def fuzz(share: int) -> settings:
    """Settings for `share` examples in CI (scaled by AMENDSKIT_FUZZ_EXAMPLES)."""
    return settings(
        max_examples=examples(share), deadline=None, suppress_health_check=_SLOW
    )


_PATH = re.compile(r"\$(\.[A-Za-z_][A-Za-z0-9_]*|\[([0-9]+|\?)\])*")
_CODE = re.compile(r"[a-z]+(-[a-z]+)*")
TYPES = [Workbook, *PUBLIC_TYPES]


def handled(call: Callable[[], Any]) -> str:
    """Run a load: ``"loaded"`` or ``"refused"`` (a well-formed DocumentError).

    Any other exception propagates and fails the test; so does a slow load.
    """
    start = time.process_time()
    refused: DocumentError | None = None
    try:
        call()
    except DocumentError as error:
        refused = error
    if refused is not None:
        assert refused.problems
        for problem in refused.problems:
            assert _PATH.fullmatch(problem.path), problem.path
            assert _CODE.fullmatch(problem.code), problem.code
            assert problem.message
        assert str(refused)  # the message builds
    elapsed = time.process_time() - start
    assert elapsed < BOUND, f"took {elapsed:.2f}s"
    return "loaded" if refused is None else "refused"


# --- random values --------------------------------------------------------------------

_WORDS = [
    "",
    " ",
    "listed",
    "made",
    "reachable",
    "emotional",
    "2024-05-01T09:30:00+02:00",
    "2024-05-01",
    "2019-06",
    "1200.00",
    "EUR",
    "JPY",
    "FREQ=WEEKLY;BYDAY=SU",
    "UTC",
    "person-1",
    "harm-1",
    "plan-1",
    "AK02",
    "off",
    FORMAT,
]
_KEYS = [
    "format",
    "version",
    "persons",
    "harms",
    "plans",
    "policy",
    "severities",
    "review",
    "id",
    "person_id",
    "harm_ids",
    "name",
    "history",
    "seq",
    "status",
    "at",
    "amount",
    "currency",
    "kinds",
    "when",
    "notes",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(_WORDS)
)
keys = st.sampled_from(_KEYS) | st.text(max_size=10)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5)
    ),
    max_leaves=20,
)


@fuzz(500)
@given(value=json_values, kind=st.sampled_from(TYPES))
def test_any_json_value_loads_or_is_refused(value: Any, kind: type) -> None:
    handled(lambda: from_dict(value, kind))
    handled(lambda: loads(json.dumps(value), kind))  # NaN and Infinity included


@fuzz(500)
@given(text=st.text() | st.binary(), kind=st.sampled_from(TYPES))
def test_any_text_or_bytes_load_or_are_refused(text: str | bytes, kind: type) -> None:
    handled(lambda: loads(text, kind))


@fuzz(200)
@given(
    envelope=st.fixed_dictionaries(
        {},
        optional={
            "format": st.just(FORMAT) | scalars,
            "version": st.just(1) | scalars,
            "persons": st.lists(json_values, max_size=3) | json_values,
            "harms": st.lists(json_values, max_size=3) | json_values,
            "plans": st.lists(json_values, max_size=3) | json_values,
            "policy": json_values,
        },
    )
)
def test_any_envelope_loads_or_is_refused(envelope: dict[str, Any]) -> None:
    handled(lambda: from_dict(envelope))


# --- mutated documents ----------------------------------------------------------------


def json_paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value in parsed JSON, the root's first."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += json_paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += json_paths(item, (*at, index))
    return found


def node_at(document: Any, path: tuple[Any, ...]) -> Any:
    """The value at `path` in parsed JSON."""
    for step in path:
        document = document[step]
    return document


def _edit(draw: Any, document: Any) -> Any:
    """One random edit somewhere in the document; the new document."""
    paths = json_paths(document)
    path = draw(st.sampled_from(paths))
    node = node_at(document, path)
    action = draw(
        st.sampled_from(["replace", "swap", "delete", "insert", "retype", "text"])
    )
    if action == "replace":
        new = draw(json_values)
    elif action == "swap":  # a value from elsewhere: well typed, often wrong
        new = copy.deepcopy(node_at(document, draw(st.sampled_from(paths))))
    elif action == "retype":
        new = draw(
            st.sampled_from(
                [str(node), [node], {"value": node}, None, 1, 1.5, True, "1"]
            )
        )
    elif action == "text" and isinstance(node, str):
        new = draw(
            st.sampled_from(
                [
                    "",
                    " " + node,
                    node + "\n",
                    node * 3,
                    node.upper(),
                    node[:-1],
                    node + "\ud800",
                    "x" * 20_000,
                ]
            )
        )
    elif action == "insert" and isinstance(node, dict):
        node[draw(keys)] = draw(json_values)
        return document
    elif action == "insert" and isinstance(node, list):
        node.insert(
            draw(st.integers(0, len(node))),
            copy.deepcopy(draw(st.sampled_from(node)) if node else None),
        )
        return document
    elif action == "delete" and path:
        parent = node_at(document, path[:-1])
        del parent[path[-1]]
        return document
    else:
        return document
    if not path:
        return new
    node_at(document, path[:-1])[path[-1]] = new
    return document


@st.composite
def mutated_documents(draw: Any) -> Any:
    source = draw(
        st.sampled_from(["demo", "generated"]).flatmap(
            lambda s: (
                st.just(demo_document())
                if s == "demo"
                else workbooks(max_persons=2).map(lambda wb: json.loads(dumps(wb)))
            )
        )
    )
    for _ in range(draw(st.integers(1, 4))):
        source = _edit(draw, source)
    return source


@fuzz(400)
@given(document=mutated_documents())
def test_any_mutated_document_loads_or_is_refused(document: Any) -> None:
    handled(lambda: from_dict(document))
    try:
        text = json.dumps(document)
    except (ValueError, UnicodeEncodeError):
        return
    handled(lambda: loads(text))
    handled(lambda: loads(text.encode("utf-8", "surrogatepass")))


@st.composite
def mutated_bytes(draw: Any) -> bytes:
    data = bytearray(_demo_bytes())
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            del data[at:]
        if not data:
            break
    return bytes(data)


def _demo_bytes() -> bytes:
    return json.dumps(demo_document(), ensure_ascii=False).encode("utf-8")


@fuzz(500)
@given(data=mutated_bytes())
def test_any_damaged_text_loads_or_is_refused(data: bytes) -> None:
    handled(lambda: loads(data))
    handled(lambda: loads(data.decode("utf-8", "replace")))


# --- fields with a grammar of their own -----------------------------------------------

_RRULE_PARTS = st.sampled_from(
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY",
        "FREQ=MONTHLY",
        "FREQ=YEARLY",
        "FREQ=SECONDLY",
        "FREQ=NEVER",
        "INTERVAL=2",
        "INTERVAL=0",
        "INTERVAL=-1",
        "INTERVAL=99999999999999999999",
        "COUNT=3",
        "COUNT=0",
        "UNTIL=20240101T000000Z",
        "UNTIL=99999999T999999",
        "UNTIL=garbage",
        "BYDAY=MO,TH",
        "BYDAY=1SA",
        "BYDAY=53MO",
        "BYDAY=XX",
        "BYMONTHDAY=31",
        "BYMONTHDAY=-1",
        "BYMONTHDAY=0",
        "BYMONTH=13",
        "BYSETPOS=1",
        "BYYEARDAY=366",
        "BYWEEKNO=54",
        "BYEASTER=0",
        "BYHOUR=25",
        "WKST=SU",
        "DTSTART=20240101",
        "RRULE:FREQ=DAILY",
        "EXDATE=20240101",
        "=",
        ";",
        "",
    ]
)
_COMMITMENT = json.loads(
    dumps(Commitment("c", "x", "FREQ=DAILY", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)))
)
cadences = st.lists(_RRULE_PARTS, min_size=1, max_size=6).map(";".join) | st.text(
    max_size=40
)


@fuzz(300)
@given(cadence=cadences)
def test_any_cadence_loads_or_is_refused(cadence: str) -> None:
    document = {**_COMMITMENT, "cadence": cadence}
    handled(lambda: from_dict(document, Commitment))


@fuzz(300)
@given(
    text=st.from_regex(DATETIME_PATTERN)
    | st.from_regex(r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\Z")
    | st.text(alphabet="0123456789-T:.Z+ ", max_size=32)
)
def test_any_date_like_text_loads_or_is_refused(text: str) -> None:
    handled(lambda: from_dict({**_PERSON, "invited_at": text}, Person))
    handled(lambda: from_dict(text, PartialDate))


# --- hostile inputs -------------------------------------------------------------------


def _envelope(**tables: Any) -> dict[str, Any]:
    document = {
        "format": FORMAT,
        "version": 1,
        "persons": [],
        "harms": [],
        "plans": [],
        "policy": {"severities": {}, "review": "flagged"},
    }
    return {**document, **tables}


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


_PERSON = json.loads(dumps(Person(id="p", name="Anna")))
HOSTILE: dict[str, tuple[str | bytes, Limits | None, set[str]]] = {
    "100 000 [": ("[" * 100_000, None, {"too-deep"}),
    "100 000 [ closed": ("[" * 100_000 + "]" * 100_000, None, {"too-deep"}),
    "100 000 {": ('{"a":' * 100_000, None, {"too-deep"}),
    "100 000 { closed": ('{"a":' * 100_000 + "1" + "}" * 100_000, None, {"too-deep"}),
    "nesting past max_depth": (
        json.dumps(_envelope(persons=_nested(500))),
        None,
        {"too-deep"},
    ),
    "nesting past a lowered max_depth": (
        json.dumps(_envelope(persons=_nested(5))),
        Limits(max_depth=4),
        {"too-deep"},
    ),
    "a huge string": (
        json.dumps(_envelope(persons=[{**_PERSON, "notes": "x" * 5_000_000}])),
        None,
        {"too-long"},
    ),
    "a huge string past max_bytes": (
        json.dumps(_envelope(persons=[{**_PERSON, "notes": "x" * 5_000_000}])),
        Limits(max_bytes=1_000_000),
        {"too-large"},
    ),
    "a huge key": (
        json.dumps(_envelope(**{"k" * 1_000_000: 1})),
        None,
        {"extra-key"},
    ),
    "NaN": ('{"format": "amendskit.workbook", "version": NaN}', None, {"not-json"}),
    "Infinity": ("Infinity", None, {"not-json"}),
    "-Infinity in a plan": ('{"plans": [{"seq": -Infinity}]}', None, {"not-json"}),
    "1e400": (
        json.dumps(_envelope()).replace('"version": 1', '"version": 1e400'),
        None,
        {"bad-version"},
    ),
    "a 5000-digit version": (
        json.dumps(_envelope()).replace('"version": 1', '"version": ' + "9" * 5000),
        None,
        {"not-json"},
    ),
    "a 4000-digit version": (
        json.dumps(_envelope()).replace('"version": 1', '"version": ' + "9" * 4000),
        None,
        {"version-too-new"},
    ),
    "bytes that are not UTF-8": (b'{"format": "\xff\xfe"}', None, {"not-json"}),
    "a lone continuation byte": (b"\x80", None, {"not-json"}),
    "UTF-16 with a BOM": (
        json.dumps(_envelope()).encode("utf-16"),
        None,
        {"loaded"},
    ),
    "UTF-8 with a BOM": (
        b"\xef\xbb\xbf" + json.dumps(_envelope()).encode(),
        None,
        {"loaded"},
    ),
    "a BOM in text": ("\ufeff" + json.dumps(_envelope()), None, {"not-json"}),
    "NUL bytes": (b"\x00" * 64, None, {"not-json"}),
    "a string": ('"amendskit.workbook"', None, {"wrong-type"}),
    "a number": ("7", None, {"wrong-type"}),
    "null": ("null", None, {"wrong-type"}),
    "true": ("true", None, {"wrong-type"}),
    "an array": ("[]", None, {"wrong-type"}),
    "an empty object": ("{}", None, {"wrong-format"}),
    "an array past max_items": (
        json.dumps(_envelope(persons=[0] * 200_001)),
        None,
        {"too-many-items"},
    ),
    "an array past a lowered max_items": (
        json.dumps(_envelope(persons=[{}] * 100_000)),
        Limits(max_items=1_000),
        {"too-many-items"},
    ),
    "2 000 broken persons": (
        json.dumps(_envelope(persons=[{"id": 7}] * 2_000)),
        None,
        {"wrong-type", "missing", "too-many-problems"},
    ),
    "20 000 extra keys": (
        json.dumps(_envelope(**{f"k{i}": i for i in range(20_000)})),
        None,
        {"extra-key", "too-many-problems"},
    ),
    "duplicate keys (the last wins)": (
        json.dumps(_envelope())[:-1] + ', "version": 2}',
        None,
        {"version-too-new"},
    ),
    "a lone surrogate": (
        json.dumps(_envelope(persons=[{"id": "\ud800"}])),
        None,
        {"missing"},
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_a_document_error_in_bounded_time(name: str) -> None:
    text, limits, expected = HOSTILE[name]
    start = time.process_time()
    try:
        loads(text, limits=limits)
    except DocumentError as error:
        codes = set(error.codes)
    else:
        codes = {"loaded"}
    assert time.process_time() - start < BOUND
    assert codes == expected
    assert handled(lambda: loads(text, limits=limits))


def test_a_document_within_the_default_limits_is_refused_in_bounded_time() -> None:
    """800 KB of empty plans, well within `Limits()`, would be 3 million problems.

    Each of the 200,000 `{}` is 15 missing keys; loading stops after
    `Limits.max_problems` and says so.
    """
    text = json.dumps(_envelope(plans=[{}] * 200_000))
    assert len(text) < Limits().max_bytes
    start = time.process_time()
    with pytest.raises(DocumentError) as refused:
        loads(text)
    assert time.process_time() - start < BOUND
    assert len(refused.value.problems) == Limits().max_problems + 1
    assert refused.value.codes[-1] == "too-many-problems"


def test_a_100_mb_document_is_refused_before_it_is_parsed() -> None:
    """Past `Limits.max_bytes` nothing is parsed: no time, no memory spent."""
    import tracemalloc

    text = '{"format": "amendskit.workbook", "persons": ["' + "x" * 100_000_000 + '"]}'
    assert len(text) > Limits().max_bytes
    tracemalloc.start()
    start = time.process_time()
    try:
        with pytest.raises(DocumentError) as refused:
            loads(text)
        elapsed = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.codes == ("too-large",)
    assert elapsed < 0.1
    assert peak < 1_000_000
    for raw in (text.encode(), bytearray(b"[" * 100_000_000)):
        with pytest.raises(DocumentError) as refused:
            loads(raw)  # type: ignore[arg-type]
        assert refused.value.codes[0] in {"too-large", "wrong-type"}
