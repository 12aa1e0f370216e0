"""The fast path of documents: compiled decoders and encoders agree with cattrs.

`amendskit._codec` compiles, per type, a decoder that gives up at the first
doubt; `from_dict` then takes the detailed cattrs path, which decides. The
law of the fast path: on any input it either gives up or returns exactly
what the detailed path returns, and on a valid document it never gives up.
Its bounds (`Compiled.depth`, `Compiled.width`) hold every document it can
take, so `Limits` tighter than them leave the document to the detailed path.

The compiled encoders give what the converter's unstructure hooks give:
`to_dict` plain data, `dumps` the same JSON text.
"""

from __future__ import annotations

import collections
import concurrent.futures
import copy
import datetime as dt
import json
import threading
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import amendskit
from amendskit import (
    MIGRATIONS,
    AmendPlan,
    DocumentError,
    HarmKind,
    Intent,
    Limits,
    Money,
    PartialDate,
    Person,
    Policy,
    ReviewScope,
    Severity,
    Status,
    ValidationError,
    Workbook,
    dumps,
    from_dict,
    loads,
    make_converter,
    to_dict,
)
from amendskit import serialization as ser
from amendskit._codec import Compiled, Decoders, Encoders, GiveUp, as_is
from amendskit.demo import build_demo
from builders import PLAN, eur, person, plan_in
from documents import PUBLIC_TYPES, demo_document, examples, mutated, sites
from strategies import workbooks
from test_fuzz import json_paths, json_values, mutated_documents, node_at

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
DEFAULT = Limits()
ALL_TYPES = [Workbook, *PUBLIC_TYPES]
ENUM_MEMBERS = [
    m
    for e in vars(amendskit).values()
    if isinstance(e, type) and issubclass(e, StrEnum)
    for m in e
]


def decoders(limits: Limits = DEFAULT, max_items: int | None = None) -> Decoders:
    """New decoders with the library's leaf hooks and derived keys."""
    items = limits.max_items if max_items is None else max_items
    return Decoders(ser._leaf_hooks(limits), ser._DERIVED, items)


def encoders(*, plain: bool) -> Encoders:
    """New encoders with the library's leaf encoders and derived keys."""
    return Encoders(ser._LEAF_ENCODERS, ser._DERIVED, plain=plain)


def compiled_bounds(kind: Any, limits: Limits = DEFAULT) -> Compiled:
    """The compiled decoder of `kind` under `limits`, the workbook's included."""
    found = decoders(limits)
    compiled = ser._fast_workbook(found) if kind is Workbook else found(kind)
    assert compiled is not None, kind
    return compiled


def fast(data: Any, kind: Any, limits: Limits = DEFAULT) -> Any:
    """The fast path's result; any exception is it giving up."""
    decode = ser._fast_decoder(limits, kind)
    assert decode is not None, kind
    return decode(copy.deepcopy(data), kind)


def detailed(data: Any, kind: Any, limits: Limits = DEFAULT) -> Any:
    """What `from_dict` does once the fast path gave up: limits, then cattrs."""
    data = copy.deepcopy(data)
    if next(ser._limit_problems(data, limits), None) is not None:
        ser._refuse(ser._limit_problems(data, limits), limits)
    if kind is Workbook:
        return ser._workbook(data, limits, MIGRATIONS)
    return ser._structure(data, kind, limits, "$")


def refusal(call: Any, *args: Any, **kwargs: Any) -> DocumentError:
    """The `DocumentError` the call raises (and fail if it raises none)."""
    with pytest.raises(DocumentError) as caught:
        call(*args, **kwargs)
    return caught.value


def verdict(call: Callable[[], Any]) -> tuple[str, Any]:
    """``("made", object)`` or ``("refused", problems)``; anything else propagates."""
    try:
        return "made", call()
    except DocumentError as error:
        return "refused", error.problems


def same(a: Any, b: Any) -> bool:
    """Equal JSON data of the same types all the way down, keys in the same order.

    ``1 == True`` and ``[1] == [1.0]``, and a `StrEnum` member equals its
    value: `==` alone would not tell.
    """
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if type(a) is list:
        return len(a) == len(b) and all(map(same, a, b))
    return bool(a == b)


def nesting(value: Any) -> int:
    """How deeply arrays and objects nest in `value` (0 for a scalar)."""
    if type(value) is dict or type(value) is list:
        items = value.values() if type(value) is dict else value
        return 1 + max(map(nesting, items), default=0)
    return 0


def widest(value: Any) -> int:
    """The most items of any array, or keys of any object, in `value`."""
    if type(value) is dict or type(value) is list:
        items = list(value.values() if type(value) is dict else value)
        return max([len(items), *map(widest, items)])
    return 0


def longest(value: Any) -> int:
    """The most characters of any string value in `value`."""
    if type(value) is dict or type(value) is list:
        items = value.values() if type(value) is dict else value
        return max(map(longest, items), default=0)
    return len(value) if type(value) is str else 0


def assert_law(data: Any, kind: Any) -> str:
    """The fast path gives up or agrees with the detailed path; which of the two.

    `from_dict` gives the detailed path's verdict either way.
    """
    expected = verdict(lambda: detailed(data, kind))
    decode = ser._fast_decoder(DEFAULT, kind)
    assert decode is not None, kind
    try:
        result = decode(copy.deepcopy(data), kind)
    except Exception:  # giving up is any exception
        outcome = "gave up"
    else:
        assert expected[0] == "made", ("the fast path took", data, expected)
        assert result == expected[1]
        assert type(result) is type(expected[1])
        if attrs.has(type(result)):  # the order of entities, too
            assert dumps(result) == dumps(expected[1])
        outcome = "agreed"
    assert verdict(lambda: from_dict(copy.deepcopy(data), kind)) == expected
    return outcome


# --- the law on valid documents -------------------------------------------------------


@settings(max_examples=examples(60), suppress_health_check=SLOW)
@given(wb=workbooks())
def test_the_fast_path_takes_any_valid_workbook_as_the_detailed_path_does(
    wb: Workbook,
) -> None:
    data = to_dict(wb)
    result = fast(data, Workbook)
    assert result == wb
    assert result == ser._workbook(copy.deepcopy(data), DEFAULT, MIGRATIONS)
    assert dumps(result) == dumps(wb)
    assert from_dict(data) == wb


@pytest.mark.parametrize("kind", list(PUBLIC_TYPES), ids=lambda k: k.__name__)
def test_the_fast_path_takes_any_valid_entity_as_the_detailed_path_does(
    kind: type,
) -> None:
    @settings(max_examples=examples(30), suppress_health_check=SLOW)
    @given(PUBLIC_TYPES[kind])
    def agree(value: Any) -> None:
        data = to_dict(value)
        result = fast(data, kind)
        assert result == value
        assert result == detailed(data, kind)
        assert dumps(result) == dumps(value)
        assert from_dict(data, kind) == value

    agree()


# --- the law on broken documents ------------------------------------------------------


@settings(max_examples=examples(150), suppress_health_check=SLOW)
@given(document=mutated_documents())
def test_on_a_mutated_workbook_the_fast_path_gives_up_or_agrees(document: Any) -> None:
    assert_law(document, Workbook)


@settings(max_examples=examples(100), suppress_health_check=SLOW, database=None)
@given(wb=workbooks(max_persons=2), data=st.data())
def test_on_a_document_the_schema_refuses_the_fast_path_gives_up(
    wb: Workbook, data: st.DataObject
) -> None:
    document = to_dict(wb)
    site = data.draw(st.sampled_from(sites(document)), label="site")
    assert assert_law(mutated(document, site), Workbook) == "gave up"


@st.composite
def edited(draw: Any, document: Any) -> Any:
    """`document` with one to three edits.

    A value replaced, retyped, moved or dropped, or a key or an item added.
    """
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        paths = json_paths(document)
        path = draw(st.sampled_from(paths))
        node = node_at(document, path)
        action = draw(st.sampled_from(["replace", "retype", "move", "drop", "add"]))
        if action == "replace":
            new = draw(json_values)
        elif action == "retype":
            new = draw(st.sampled_from([str(node), [node], None, 1, 1.5, True, "1"]))
        elif action == "move":
            new = copy.deepcopy(node_at(document, draw(st.sampled_from(paths))))
        elif action == "drop" and path:
            del node_at(document, path[:-1])[path[-1]]
            continue
        elif action == "add" and type(node) is dict:
            node[draw(st.sampled_from(["status", "extra", *node]))] = draw(json_values)
            continue
        elif action == "add" and type(node) is list:
            node.append(copy.deepcopy(node[0]) if node else draw(json_values))
            continue
        else:
            continue
        if not path:
            document = new
        else:
            node_at(document, path[:-1])[path[-1]] = new
    return document


@pytest.mark.parametrize("kind", list(PUBLIC_TYPES), ids=lambda k: k.__name__)
def test_on_an_edited_entity_the_fast_path_gives_up_or_agrees(kind: type) -> None:
    @settings(max_examples=examples(40), suppress_health_check=SLOW)
    @given(PUBLIC_TYPES[kind].flatmap(lambda value: edited(to_dict(value))))
    def law(document: Any) -> None:
        assert_law(document, kind)

    law()


@settings(max_examples=examples(200), suppress_health_check=SLOW)
@given(value=json_values, kind=st.sampled_from(ALL_TYPES))
def test_on_any_json_value_the_fast_path_gives_up_or_agrees(
    value: Any, kind: type
) -> None:
    assert_law(value, kind)


def test_a_plan_whose_status_is_not_its_history_s_is_given_up_on() -> None:
    """The derived key is checked: a lawful status, but not the plan's."""
    document = to_dict(plan_in(Status.PREPARED).plan(PLAN))
    assert fast(document, AmendPlan).status is Status.PREPARED
    document["status"] = Status.LISTED.value
    assert assert_law(document, AmendPlan) == "gave up"
    error = refusal(from_dict, document, AmendPlan)
    assert error.codes == ("status-mismatch",)


# --- bounds and limits ----------------------------------------------------------------


@settings(max_examples=examples(40), suppress_health_check=SLOW)
@given(wb=workbooks())
def test_a_workbook_document_is_within_the_compiled_bounds(wb: Workbook) -> None:
    bounds = compiled_bounds(Workbook)
    data = to_dict(wb)
    assert nesting(data) <= bounds.depth
    assert widest(data) <= bounds.width


@pytest.mark.parametrize("kind", list(PUBLIC_TYPES), ids=lambda k: k.__name__)
def test_an_entity_document_the_fast_path_takes_is_within_its_bounds(
    kind: type,
) -> None:
    """With the default limits, and with few items allowed in an array."""
    few = Limits(max_items=3)
    compiled = {limits: compiled_bounds(kind, limits) for limits in (DEFAULT, few)}

    @settings(max_examples=examples(30), suppress_health_check=SLOW)
    @given(PUBLIC_TYPES[kind])
    def within(value: Any) -> None:
        data = to_dict(value)
        for limits, bounds in compiled.items():
            try:
                bounds.decode(data, kind)
            except GiveUp:
                assert limits is few
                assert widest(data) > few.max_items
                continue
            assert nesting(data) <= bounds.depth
            assert widest(data) <= bounds.width

    within()


@settings(max_examples=examples(150), suppress_health_check=SLOW)
@given(
    item=st.sampled_from(list(PUBLIC_TYPES)),
    shape=st.sampled_from(["one", "tuple", "optional"]),
    data=st.data(),
    limits=st.builds(
        Limits,
        max_depth=st.integers(1, 6),
        max_items=st.integers(1, 20),
        max_string=st.integers(1, 30),
    ),
)
def test_under_tight_limits_from_dict_gives_the_detailed_verdict(
    item: type, shape: str, data: st.DataObject, limits: Limits
) -> None:
    """Whether the fast path is left out or fits, the limits are kept.

    Also for arrays and optionals of each type: an array's items may be
    wider than the array is long.
    """
    one = PUBLIC_TYPES[item]
    kind: Any
    if shape == "tuple":
        kind, values = tuple[item, ...], st.lists(one, max_size=3).map(tuple)  # type: ignore[valid-type]
    elif shape == "optional":
        kind, values = item | None, st.none() | one
    else:
        kind, values = item, one
    value = data.draw(values, label="value")
    document = to_dict(value)
    bounds = compiled_bounds(kind, limits)
    fits = bounds.depth <= limits.max_depth and bounds.width <= limits.max_items
    assert (ser._fast_decoder(limits, kind) is not None) == fits
    expected = verdict(lambda: detailed(document, kind, limits))
    assert verdict(lambda: from_dict(document, kind, limits=limits)) == expected
    within = nesting(document) <= limits.max_depth
    within = within and widest(document) <= limits.max_items
    if not within:
        assert expected[0] == "refused"
        assert {p.code for p in expected[1]} <= {"too-deep", "too-many-items"}
    elif longest(document) <= limits.max_string:
        assert expected == ("made", value)


def test_limits_tighter_than_the_workbook_s_bounds_leave_it_to_the_detailed_path() -> (
    None
):
    bounds = compiled_bounds(Workbook)
    assert ser._fast_decoder(Limits(max_depth=bounds.depth), Workbook) is not None
    assert ser._fast_decoder(Limits(max_depth=bounds.depth - 1), Workbook) is None
    narrow = Limits(max_items=compiled_bounds(Workbook, Limits(max_items=1)).width - 1)
    assert ser._fast_decoder(narrow, Workbook) is None

    shallow = Limits(max_depth=3)
    assert ser._fast_decoder(shallow, Workbook) is None
    wb = Workbook(persons=[person(), person("person-2")])
    document = to_dict(wb)
    assert nesting(document) <= shallow.max_depth
    assert from_dict(document, limits=shallow) == wb
    deep = demo_document()
    assert nesting(deep) > shallow.max_depth
    error = refusal(from_dict, deep, limits=shallow)
    assert set(error.codes) == {"too-deep"}
    assert error.problems == verdict(lambda: detailed(deep, Workbook, shallow))[1]


def test_limits_tighter_than_an_entity_s_bounds_leave_it_to_the_detailed_path() -> None:
    few = Limits(max_items=5)
    document = to_dict(person())
    assert len(document) > few.max_items
    assert compiled_bounds(Person, few).width > few.max_items
    assert ser._fast_decoder(few, Person) is None
    error = refusal(from_dict, document, Person, limits=few)
    assert {(p.path, p.code) for p in error.problems} == {("$", "too-many-items")}

    money = to_dict(eur("12.50"))
    assert compiled_bounds(Money, few).width <= few.max_items
    assert ser._fast_decoder(few, Money) is not None
    assert from_dict(money, Money, limits=few) == eur("12.50")
    tight = Limits(max_items=len(money) - 1)
    assert ser._fast_decoder(tight, Money) is None
    assert refusal(from_dict, money, Money, limits=tight).codes == ("too-many-items",)


def test_a_fast_decoder_is_compiled_once_per_limits_and_type() -> None:
    decode = ser._fast_decoder(DEFAULT, Money)
    assert decode is ser._fast_decoder(Limits(), Money)
    assert decode is not ser._fast_decoder(Limits(max_string=5), Money)
    found = decoders()
    assert found(Money) is found(Money)


# --- the fast path is the one taken ---------------------------------------------------


def _detailed_path_forbidden(*_: Any) -> Any:
    raise AssertionError("the detailed path was taken")


def test_a_valid_document_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    wb = build_demo()
    text = dumps(wb)
    monkeypatch.setattr(ser, "_workbook", _detailed_path_forbidden)
    monkeypatch.setattr(ser, "_structure", _detailed_path_forbidden)
    monkeypatch.setattr(ser, "_limit_problems", _detailed_path_forbidden)
    assert from_dict(json.loads(text)) == wb
    assert loads(text) == wb
    for entity in [*wb.persons.values(), *wb.harms.values(), *wb.plans.values()]:
        assert loads(dumps(entity), type(entity)) == entity
    assert loads(dumps(wb.policy), Policy) == wb.policy


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d["persons"][0].update(institution="false"), "wrong-type"),
        (lambda d: d["harms"][0].update(person_id="nobody"), "unknown-person"),
        (lambda d: d["persons"].append(d["persons"][0]), "duplicate-id"),
        (lambda d: d.update(version=2), "version-too-new"),
        (lambda d: d.update(version=True), "bad-version"),
        (lambda d: d.update(format="other"), "wrong-format"),
        (lambda d: d.pop("policy"), "missing"),
        (
            lambda d: d["plans"][0].update(
                status="made" if d["plans"][0]["status"] == "listed" else "listed"
            ),
            "status-mismatch",
        ),
    ],
)
def test_an_invalid_document_is_refused_by_the_detailed_path(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[Any], Any], code: str
) -> None:
    """What the fast path cannot judge (a broken reference) is reported too."""
    document = demo_document()
    change(document)
    real = ser._workbook
    calls: list[Any] = []

    def spy(*args: Any) -> Workbook:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(ser, "_workbook", spy)
    error = refusal(from_dict, document)
    assert len(calls) == 1
    assert code in error.codes
    expected = refusal(real, document, DEFAULT, MIGRATIONS)
    assert error.problems == expected.problems


# --- decoders -------------------------------------------------------------------------


@attrs.frozen
class Node:
    """A class that holds itself."""

    label: str
    children: tuple[Node, ...] = ()


@attrs.frozen
class Ping:
    pong: Pong | None


@attrs.frozen
class Pong:
    ping: Ping


@attrs.frozen
class Odd:
    """A field of a type the codec does not know."""

    value: complex


@attrs.frozen
class Listed:
    """A list field: the codec knows tuples only."""

    values: list[Money]


@attrs.frozen
class Doubled:
    """A field `__init__` does not set."""

    base: int
    twice: int = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "twice", 2 * self.base)


@attrs.frozen
class Grid:
    """Optional and tuple types nested in each other, decoded in line."""

    rows: tuple[tuple[int, ...], ...]
    cells: tuple[Money | None, ...]
    spare: tuple[Money, ...] | None
    kinds: tuple[HarmKind, ...]
    intent: Intent | None


GRID = Grid(
    rows=((1, 2), ()),
    cells=(None, eur("1.50")),
    spare=(eur("2"),),
    kinds=(HarmKind.EMOTIONAL, HarmKind.FINANCIAL),
    intent=Intent.ACCIDENTAL,
)


@pytest.mark.parametrize(
    "kind",
    [
        complex,
        list[int],
        int | str,
        tuple[int, str],
        complex | None,
        tuple[complex, ...],
        Odd,
        Listed,
        Doubled,
        Workbook,
        Node,
        Ping,
        Pong,
        Ping | None,
        tuple[Node, ...],
    ],
    ids=repr,
)
def test_a_kind_the_codec_cannot_take_has_no_decoder(kind: Any) -> None:
    found = decoders()
    assert found(kind) is None
    assert found(kind) is None  # and stays so
    if kind is not Workbook:
        assert ser._fast_decoder(DEFAULT, kind) is None


def test_a_kind_without_a_decoder_is_left_to_the_detailed_path() -> None:
    assert from_dict({"base": 2}, Doubled) == Doubled(2)
    tree = {"label": "a", "children": [{"label": "b", "children": []}]}
    assert from_dict(tree, Node) == Node("a", (Node("b"),))
    error = refusal(from_dict, {"label": 1, "children": []}, Node)
    assert error.codes == ("wrong-type",)


def test_an_optional_decoder_takes_none_or_the_value() -> None:
    compiled = decoders()(Money | None)
    assert compiled is not None
    inner = decoders()(Money)
    assert inner is not None
    assert (compiled.depth, compiled.width) == (inner.depth, inner.width)
    assert compiled.decode(None, Money | None) is None
    assert compiled.decode(to_dict(eur("3")), Money | None) == eur("3")
    with pytest.raises(ser._Invalid):  # the leaf hook's refusal: a number
        compiled.decode({"amount": 3, "currency": "EUR"}, Money | None)


def test_a_tuple_decoder_takes_a_list_up_to_max_items() -> None:
    kind = tuple[Money, ...]
    most = 3
    compiled = decoders(max_items=most)(kind)
    inner = decoders()(Money)
    assert compiled is not None
    assert inner is not None
    assert (compiled.depth, compiled.width) == (inner.depth + 1, most)
    items = [to_dict(eur(str(n))) for n in range(most + 1)]
    assert compiled.decode(items[:most], kind) == tuple(
        eur(str(n)) for n in range(most)
    )
    assert compiled.decode([], kind) == ()
    for wrong in (items, tuple(items[:1]), {"0": items[0]}, None, "[]"):
        with pytest.raises(GiveUp) as gave_up:
            compiled.decode(wrong, kind)
        assert gave_up.value.args == (kind,)


def test_top_level_optional_and_tuple_kinds_load_as_in_the_detailed_path() -> None:
    money = to_dict(eur("7.25"))
    cases: list[tuple[Any, Any]] = [
        (None, Money | None),
        (money, Money | None),
        ("7.25", Money | None),
        ([money, money], tuple[Money, ...]),
        ([money, None], tuple[Money, ...]),
        ({"0": money}, tuple[Money, ...]),
        ([None, money], tuple[Money | None, ...]),
        (None, tuple[Money, ...] | None),
        ("2019-06", PartialDate | None),
        ("flagged", ReviewScope | None),
    ]
    optional: Any = Money | None
    assert from_dict(None, optional) is None
    assert from_dict(money, optional) == eur("7.25")
    assert from_dict([money], tuple[Money, ...]) == (eur("7.25"),)
    for data, kind in cases:
        try:
            detailed(data, kind)
        except DocumentError:
            assert assert_law(data, kind) == "gave up"
        else:
            assert assert_law(data, kind) == "agreed"


def test_an_integral_number_is_an_integer_on_both_paths() -> None:
    """JSON does not tell 1 from 1.0; neither path does, and both say so alike."""
    document = to_dict(plan_in(Status.WILLING).plan(PLAN))
    document["history"][-1]["seq"] = float(document["history"][-1]["seq"])
    assert assert_law(document, AmendPlan) == "agreed"
    assert type(fast(document, AmendPlan).history[-1].seq) is int
    document["history"][-1]["seq"] += 0.5
    assert assert_law(document, AmendPlan) == "gave up"


def test_optional_and_tuple_types_nested_in_a_class_decode_in_line() -> None:
    document = to_dict(GRID)
    assert same(document, make_converter().unstructure(GRID))
    assert fast(document, Grid) == GRID
    assert assert_law(document, Grid) == "agreed"
    assert assert_law({**document, "spare": None, "intent": None}, Grid) == "agreed"
    for key, wrong in [
        ("rows", [[1], "2"]),
        ("rows", [[1], [True]]),
        ("rows", ((1,),)),
        ("cells", [None, {"amount": "1.001", "currency": "EUR"}]),
        ("spare", {}),
        ("kinds", ["boredom"]),
        ("intent", "never"),
    ]:
        assert assert_law({**document, key: wrong}, Grid) == "gave up", key


def test_an_array_past_max_items_is_given_up_on_in_line() -> None:
    document = to_dict(GRID)
    compiled = decoders(max_items=2)(Grid)
    assert compiled is not None
    assert compiled.decode(document, Grid) == GRID
    hints = typing.get_type_hints(Grid)
    row = document["rows"][0]
    for key, longer, kind in [
        ("rows", [*document["rows"], []], hints["rows"]),
        ("rows", [[*row, *row]], tuple[int, ...]),
        ("kinds", [*document["kinds"], "emotional"], hints["kinds"]),
        ("spare", [*document["spare"], *document["spare"]] * 2, tuple[Money, ...]),
    ]:
        assert len(longer) > 2 or len(longer[0]) > 2
        with pytest.raises(GiveUp) as gave_up:
            compiled.decode({**document, key: longer}, Grid)
        assert gave_up.value.args == (kind,)


def test_give_up_at_raises_from_within_an_expression() -> None:
    with pytest.raises(GiveUp) as gave_up:
        _ = to_dict(person()).get("amount") or GiveUp.at(Money)
    assert gave_up.value.args == (Money,)
    assert isinstance(gave_up.value, Exception)


# --- encoders -------------------------------------------------------------------------


@settings(max_examples=examples(40), suppress_health_check=SLOW)
@given(wb=workbooks())
def test_a_workbook_is_encoded_as_the_converter_unstructures_it(wb: Workbook) -> None:
    data = to_dict(wb)
    assert same(data, make_converter().unstructure(wb))
    assert same(json.loads(dumps(wb)), data)
    assert dumps(wb) == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert dumps(wb, indent=2) == json.dumps(data, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("kind", list(PUBLIC_TYPES), ids=lambda k: k.__name__)
def test_an_entity_is_encoded_as_the_converter_unstructures_it(kind: type) -> None:
    converter = make_converter()

    @settings(max_examples=examples(30), suppress_health_check=SLOW)
    @given(PUBLIC_TYPES[kind])
    def encoded(value: Any) -> None:
        data = to_dict(value)
        assert same(data, converter.unstructure(value))
        assert same(json.loads(dumps(value)), data)
        assert dumps(value) == json.dumps(
            data, ensure_ascii=False, separators=(",", ":")
        )
        assert dumps(value, indent=2) == json.dumps(data, ensure_ascii=False, indent=2)

    encoded()


@pytest.mark.parametrize("member", ENUM_MEMBERS, ids=repr)
def test_an_enum_member_is_encoded_as_its_value(member: StrEnum) -> None:
    assert same(to_dict(member), make_converter().unstructure(member))
    assert json.loads(dumps(member)) == to_dict(member)


ENCODED: list[tuple[Any, Any]] = [
    (Intent | None, None),
    (Intent | None, Intent.ACCIDENTAL),
    (Severity, Severity.OFF),
    (tuple[str, ...], ("a", "b")),
    (tuple[str, ...], ()),
    (tuple[HarmKind, ...], (HarmKind.EMOTIONAL, HarmKind.FINANCIAL)),
    (tuple[Money, ...], (eur("1"), eur("2.50"))),
    (tuple[Money | None, ...], (None, eur("1"))),
    (tuple[Money, ...] | None, None),
    (tuple[Money, ...] | None, (eur("3"),)),
    (Money | None, None),
    (Money | None, eur("4.10")),
    (dt.date | None, dt.date(2024, 2, 29)),
    (str | None, "text"),
    (int, 7),
    (bool, False),
    (Decimal, Decimal("0.10")),
    (PartialDate, PartialDate(2019, 6)),
    (Policy, Policy({"AK02": Severity.OFF})),
    (Grid, GRID),
]


@pytest.mark.parametrize("plain", [True, False], ids=["to_dict", "dumps"])
@pytest.mark.parametrize(("kind", "value"), ENCODED, ids=repr)
def test_both_encoders_agree_with_the_converter(
    plain: bool, kind: Any, value: Any
) -> None:
    """Plain encoders give plain data; the others leave tuples and members to json."""
    expected = make_converter().unstructure(value, unstructure_as=kind)
    encode = encoders(plain=plain)(kind)
    assert encode is not None
    data = encode(value)
    if plain:
        assert same(data, expected)
    else:
        assert same(json.loads(json.dumps(data)), expected)


def test_the_plain_encoders_make_lists_and_strings_the_others_leave_them() -> None:
    plain, left = encoders(plain=True), encoders(plain=False)
    assert plain(tuple[str, ...]) is list
    assert left(tuple[str, ...]) is as_is
    assert plain(Severity)(Severity.OFF) == "off"  # type: ignore[misc]
    assert type(plain(Severity)(Severity.OFF)) is str  # type: ignore[misc]
    assert left(Severity) is as_is
    assert left(Intent | None) is as_is
    assert left(tuple[HarmKind, ...]) is as_is
    for encode in (plain, left):
        assert encode(str | None) is as_is
        assert encode(complex) is None
        assert encode(tuple[complex, ...]) is None
        assert encode(complex | None) is None
        assert encode(Money)(eur("1")) == {"amount": "1", "currency": "EUR"}  # type: ignore[misc]


def test_a_plan_is_encoded_with_its_status() -> None:
    plan = plan_in(Status.LIVING).plan(PLAN)
    for plain in (True, False):
        data = encoders(plain=plain)(AmendPlan)(plan)  # type: ignore[misc]
        assert list(data)[-1] == "status"
        assert data["status"] == plan.status.value
    assert same(to_dict(plan), make_converter().unstructure(plan))


# --- found while writing these tests --------------------------------------------------


@pytest.mark.parametrize("wrap", [collections.OrderedDict, types.MappingProxyType])
def test_a_workbook_document_that_is_no_dict_is_refused(wrap: Any) -> None:
    document = wrap(demo_document())
    expected = verdict(lambda: ser._workbook(document, DEFAULT, MIGRATIONS))
    assert expected[0] == "refused"
    assert verdict(lambda: from_dict(document)) == expected


@attrs.frozen
class Empty:
    """A class without fields."""


def test_a_class_without_fields_loads() -> None:
    assert from_dict({}, Empty) == Empty()


@pytest.mark.parametrize(
    "value",
    [
        [eur("1")],
        (person(),),
        {"a": eur("2")},
    ],
    ids=["list", "tuple", "dict"],
)
def test_a_collection_of_entities_is_encoded(value: Any) -> None:
    data = to_dict(value)
    assert same(data, make_converter().unstructure(value))
    assert json.loads(dumps(value)) == data


@attrs.frozen
class Keyword:
    """A keyword-only field."""

    amount: Money
    note: str = attrs.field(kw_only=True)


def test_a_class_with_a_keyword_only_field_takes_the_fast_path() -> None:
    value = Keyword(eur("1"), note="paid")
    assert from_dict(to_dict(value), Keyword) == value  # the detailed path's
    assert decoders()(Keyword) is not None
    assert fast(to_dict(value), Keyword) == value


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(
            Node("a", (Node("b"),)),
            id="Node",
        ),
        pytest.param(
            Doubled(2),
            id="Doubled",
        ),
        pytest.param(
            Listed([eur("1")]),
            id="Listed",
        ),
        pytest.param(GRID, id="Grid"),
    ],
)
def test_a_class_of_an_app_is_encoded_as_the_converter_unstructures_it(
    value: Any,
) -> None:
    assert same(to_dict(value), make_converter().unstructure(value))


@attrs.frozen
class Unresolved:
    """An app's class whose annotation names nothing importable."""

    value: NoSuchType  # type: ignore[name-defined]  # noqa: F821


def test_a_type_the_codec_cannot_read_has_no_fast_path() -> None:
    with pytest.raises(NameError):
        Decoders(ser._leaf_hooks(DEFAULT), ser._DERIVED, 10)(Unresolved)
    assert ser._fast_decoder(DEFAULT, Unresolved) is None


class _RaceLost(dict[Any, Any]):
    """A cache whose lock-free read misses once: another thread compiles then."""

    missed = False

    def __getitem__(self, key: Any) -> Any:
        if not self.missed:
            self.missed = True
            raise KeyError(key)
        return super().__getitem__(key)


def test_a_type_another_thread_compiled_meanwhile_is_not_compiled_again() -> None:
    compiler = encoders(plain=True)
    done = compiler(Money)
    compiler._compiled = _RaceLost(compiler._compiled)
    assert compiler(Money) is done


def test_threads_compiling_at_once_all_get_the_finished_encoders() -> None:
    """No thread sees a type half compiled (it would look unsupported)."""
    compiler = encoders(plain=True)
    plan = plan_in(Status.LIVING).plan(PLAN)
    start = threading.Barrier(8)

    def encode() -> Any:
        start.wait()
        found = compiler(AmendPlan)
        assert found is not None
        return found(plan)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: encode(), range(8)))
    assert all(same(r, to_dict(plan)) for r in results)


@attrs.frozen(init=False)
class Pair:
    """An app's class that writes its own ``__init__``, arguments swapped."""

    a: str
    b: str

    def __init__(self, b: str, a: str) -> None:
        self.__attrs_init__(a, b)  # type: ignore[attr-defined]


def test_a_class_with_its_own_init_takes_the_detailed_path() -> None:
    assert decoders()(Pair) is None
    assert from_dict({"a": "A", "b": "B"}, Pair) == Pair(b="B", a="A")


def test_every_class_of_a_document_compiles_both_ways() -> None:
    """Or `to_dict` would quietly take the converter's slower way."""
    classes = ser._document_classes()
    assert {Person, AmendPlan, Money, Policy} <= classes
    for kind in classes:
        assert decoders()(kind) is not None, kind
        for plain in (True, False):
            assert encoders(plain=plain)(kind) is not None, kind


def test_an_app_s_own_hooks_apply_inside_amendskit_s_classes() -> None:
    """`make_converter` stays cattrs all the way down, for apps that build on it."""
    converter = make_converter()
    converter.register_unstructure_hook(dt.datetime, dt.datetime.timestamp)
    at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    invited = attrs.evolve(person(), invited_at=at)
    assert converter.unstructure(invited)["invited_at"] == at.timestamp()
    assert to_dict(invited)["invited_at"] == at.isoformat()


@pytest.mark.parametrize(
    "name", ["max_bytes", "max_depth", "max_string", "max_items", "max_problems"]
)
def test_every_limit_is_positive(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Limits(**{name: 0})
    assert (caught.value.field, caught.value.code) == (name, "out-of-range")
