"""JSON documents: exact, strict, versioned and deterministic.

`dumps`/`loads` turn any public amendskit object into JSON text and back;
`to_dict`/`from_dict` do the same for callers that hold parsed JSON. A
workbook document is an envelope with a format name and a schema version::

    {"format": "amendskit.workbook", "version": 1,
     "persons": [...], "harms": [...], "plans": [...], "policy": {...}}

Every value is read and written by one set of leaf hooks, which are
strict: no ``"7"`` for 7, no ``"false"`` for False, no naive datetimes, no
unknown or missing keys. The cattrs converter built by `make_converter`
uses them with detailed validation: bad input raises one `DocumentError`
that lists every problem with a JSON path and a stable code, and never
repeats the document's text. Valid input takes a faster way first
(`amendskit._codec`): functions compiled per type from the same hooks,
which hand anything they doubt to the converter.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Any, NoReturn, TypeVar, get_args, get_origin, get_type_hints

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from amendskit import _validation as v
from amendskit._codec import Compiled, Decoders, Encoders, GiveUp
from amendskit.dates import PartialDate
from amendskit.errors import DocumentError, DocumentProblem, ValidationError
from amendskit.harm import Harm
from amendskit.lifecycle import Status
from amendskit.migrations import MIGRATIONS, Migrations
from amendskit.person import Person
from amendskit.plan import AmendPlan
from amendskit.rules import RULES, Policy, PolicyError, ReviewScope, Severity, rule
from amendskit.workbook import Workbook, integrity_problems

__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "Limits",
    "dumps",
    "from_dict",
    "loads",
    "make_converter",
    "to_dict",
]

T = TypeVar("T")

#: The format name in every workbook document's envelope.
FORMAT = "amendskit.workbook"
#: The version of the document format this release writes.
SCHEMA_VERSION = 1

#: RFC 3339 date-time with a required offset, as the schema's pattern.
# Patterns the schema states and the hooks apply, plain regular expressions
# that Python, ECMA-262 and test-data generators read alike. Years run from
# 0001 (Python's first); no leap seconds (Python has none).
_YEAR = "([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH = "(0[1-9]|1[0-2])"
_DAY = "(0[1-9]|[12][0-9]|3[01])"
_HOUR = "([01][0-9]|2[0-3])"
_CALENDAR_DATE = f"{_YEAR}-{_MONTH}-{_DAY}"
DATETIME_PATTERN = (
    f"^{_CALENDAR_DATE}T{_HOUR}:[0-5][0-9]:[0-5][0-9]"
    f"(\\.[0-9]{{1,6}})?(Z|[+-]{_HOUR}:[0-5][0-9])$"
)
DATE_PATTERN = f"^{_CALENDAR_DATE}$"
DECIMAL_PATTERN = r"^(0|[1-9][0-9]{0,17})(\.[0-9]{1,8})?$"
PARTIAL_DATE_PATTERN = f"^{_YEAR}(-{_MONTH}(-{_DAY})?)?$"
_DATETIME = re.compile(DATETIME_PATTERN[1:-1])
_DATE = re.compile(DATE_PATTERN[1:-1])
_DECIMAL = re.compile(DECIMAL_PATTERN[1:-1])
_ENVELOPE = ("format", "version", "persons", "harms", "plans", "policy")
_ENVELOPE_KEYS = frozenset(_ENVELOPE)


#: Every limit is a positive integer (0 would refuse every document).
_POSITIVE = v.int_range(1, 2**63 - 1)


@attrs.frozen
class Limits:
    """What `loads` and `from_dict` accept at most; going past is a `DocumentError`.

    The defaults take a workbook of many thousands of plans; an app that
    keeps documents small may lower them.
    """

    #: Size of the JSON text, in characters (or bytes, for `bytes` input).
    max_bytes: int = attrs.field(default=64 * 2**20, validator=_POSITIVE)
    #: Nesting of arrays and objects.
    max_depth: int = attrs.field(default=32, validator=_POSITIVE)
    #: Characters in any one string (fields have their own, smaller limits).
    max_string: int = attrs.field(default=100_000, validator=_POSITIVE)
    #: Items in any one array or keys in any one object.
    max_items: int = attrs.field(default=200_000, validator=_POSITIVE)
    #: Problems reported; past it loading stops with ``too-many-problems``.
    max_problems: int = attrs.field(default=100, validator=_POSITIVE)


class _Invalid(Exception):
    """A hook's refusal: a code and a reason, never the value."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason


def _wrong(kind: str) -> _Invalid:
    return _Invalid("wrong-type", f"must be {kind}")


# --- structuring ----------------------------------------------------------------


def _structure_str(limits: Limits) -> Callable[[Any, Any], str]:
    longest = limits.max_string

    def structure(value: Any, _: Any) -> str:
        if type(value) is not str:
            raise _wrong("a string")
        if len(value) > longest:
            raise _Invalid("too-long", f"longer than {longest} chars")
        return value

    return structure


def _structure_int(value: Any, _: Any) -> int:
    """An integer; JSON does not tell 1 from 1.0, so neither does the schema."""
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is not int:
        raise _wrong("an integer")
    return value


def _structure_exact(kind: type, name: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if type(value) is not kind:
            raise _wrong(name)
        return value

    return structure


def _structure_pattern(
    pattern: re.Pattern[str], parse: Callable[[str], T], what: str
) -> Callable[[Any, Any], T]:
    matches = pattern.fullmatch

    def structure(value: Any, _: Any) -> T:
        if type(value) is not str or matches(value) is None:
            raise _Invalid("bad-format", f"must be {what}")
        try:
            return parse(value)
        except ValueError:
            raise _Invalid("bad-format", f"must be {what}") from None

    return structure


def _structure_partial_date(value: Any, _: Any) -> PartialDate:
    if type(value) is not str:
        raise _wrong("a string")
    try:
        return PartialDate.parse(value)
    except ValidationError as error:
        raise _Invalid(error.code, error.reason) from None


def _structure_enum(value: Any, enum: type[StrEnum]) -> Any:
    member = enum._value2member_map_.get(value) if type(value) is str else None
    if member is None:
        raise _Invalid("bad-value", f"must be one of the {enum.__name__} values")
    return member


def _is_tuple(kind: Any) -> bool:
    return get_origin(kind) is tuple


def _structure_tuple(
    converter: cattrs.Converter, limits: Limits
) -> Callable[[Any], Any]:
    def factory(kind: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        item = get_args(kind)[0]
        handler = converter.get_structure_hook(item)

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _wrong("an array")
            result: list[Any] = []
            errors: list[Exception] = []
            for index, element in enumerate(value):
                if len(errors) == limits.max_problems:
                    errors.append(_indexed(_too_many(), index, item))
                    break
                try:
                    result.append(handler(element, item))
                except Exception as error:  # collected with its index, re-raised
                    errors.append(_indexed(error, index, item))
            if errors:
                raise IterableValidationError("array", errors, kind)
            return tuple(result)

        return structure

    return factory


def _indexed(error: Exception, index: int, item: Any) -> Exception:
    note = IterableValidationNote(f"@ index {index}", index, item)
    error.__notes__ = [*getattr(error, "__notes__", []), note]
    return error


def _too_many() -> _Invalid:
    return _Invalid("too-many-problems", "loading stopped here: too many problems")


def _structure_attrs(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """Generated cattrs hooks, wrapped: an object, every key present."""

    def factory(cls: type) -> Callable[[Any, Any], Any]:
        base: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True
        )
        names = tuple(a.name for a in attrs.fields(cls) if a.init)
        optional = {a.name for a in attrs.fields(cls) if a.default is not attrs.NOTHING}
        derived = tuple(_DERIVED.get(cls, {}).items())

        def structure(value: Any, _: Any) -> Any:
            if type(value) is not dict:
                raise _wrong("an object")
            claims: list[tuple[str, type, Any]] = []
            if derived:  # checked against the object once it is built
                value = dict(value)
                claims = [(key, kind, value.pop(key, _ABSENT)) for key, kind in derived]
            errors: list[Exception] = [
                _noted(_Invalid("missing", "a required key is missing"), name, cls)
                for name in names
                if name in optional and name not in value
            ]
            claimed = {}
            for key, kind, claim in claims:
                try:
                    claimed[key] = _derived_claim(converter, claim, kind)
                except _Invalid as error:
                    errors.append(_noted(error, key, cls))
            try:
                result = base(value, cls)
            except ClassValidationError as error:
                errors = [*error.exceptions, *errors]
            else:
                if not errors:
                    errors = [
                        _noted(_mismatch(key), key, cls)
                        for key, claim in claimed.items()
                        if claim != getattr(result, key)
                    ]
                if not errors:
                    return result
            raise ClassValidationError(cls.__name__, errors, cls)

        return structure

    return factory


_ABSENT = object()


def _derived_claim(converter: cattrs.Converter, claim: Any, kind: type) -> Any:
    """A derived key's value as the document claims it (`_Invalid` if bad)."""
    if claim is _ABSENT:
        raise _Invalid("missing", "a required key is missing")
    return converter.get_structure_hook(kind)(claim, kind)


def _mismatch(key: str) -> _Invalid:
    return _Invalid(f"{key}-mismatch", "must equal what the rest of the object says")


def _noted(error: Exception, name: str, cls: type) -> Exception:
    error.__notes__ = [AttributeValidationNote(f"@ {name}", name, cls)]
    return error


def _structure_policy(value: Any, _: Any) -> Policy:
    if type(value) is not dict:
        raise _wrong("an object")
    errors: list[Exception] = [
        _noted(_Invalid("missing", "a required key is missing"), key, Policy)
        for key in ("severities", "review")
        if key not in value
    ]
    extra = set(value) - {"severities", "review"}
    if extra:
        errors.append(ForbiddenExtraKeysError("", Policy, extra))
    severities = value.get("severities", {})
    if type(severities) is not dict:
        errors.append(_noted(_wrong("an object"), "severities", Policy))
        severities = {}
    parsed = {}
    for code, level in severities.items():
        try:
            found = rule(code)
            if found.code != code:  # a slug: the document format takes codes
                raise PolicyError("unknown-rule", code)
            if found.fixed:
                raise _Invalid("rule-not-tunable", "this rule cannot be tuned")
            parsed[code] = _structure_enum(level, Severity)
        except (PolicyError, _Invalid) as error:
            if isinstance(error, PolicyError):
                error = _Invalid("unknown-rule", "no rule has this code")
            errors.append(_noted(error, "severities", Policy))
    try:
        scope = _structure_enum(value.get("review", "flagged"), ReviewScope)
    except _Invalid as error:
        errors.append(_noted(error, "review", Policy))
    if errors:
        raise ClassValidationError("Policy", errors, Policy)
    return Policy(parsed, scope)


#: Keys a document carries beside an object's fields, with their types.
_DERIVED: dict[type, dict[str, type]] = {AmendPlan: {"status": Status}}


def _decimal_text(amount: Decimal) -> str:
    """Plain notation, never an exponent (`str` is quicker and agrees without one)."""
    text = str(amount)
    return format(amount, "f") if "E" in text else text


def _policy_data(policy: Policy) -> dict[str, Any]:
    return {
        "severities": {code: s.value for code, s in policy.severities.items()},
        "review": policy.review.value,
    }


def _workbook_data(workbook: Workbook, write: Callable[[Any], Any]) -> dict[str, Any]:
    """A workbook document's envelope, each entity and the policy `write`-n."""
    return {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "persons": [write(person) for person in workbook.persons.values()],
        "harms": [write(harm) for harm in workbook.harms.values()],
        "plans": [write(plan) for plan in workbook.plans.values()],
        "policy": write(workbook.policy),
    }


def _derived_unstructure(
    cls: type, converter: cattrs.Converter
) -> Callable[[Any], dict[str, Any]]:
    """cattrs' function for `cls`, followed by the keys derived from it."""
    base: Callable[[Any], dict[str, Any]]
    base = cattrs.gen.make_dict_unstructure_fn(cls, converter)
    derived = tuple(_DERIVED[cls].items())

    def unstructure(obj: Any) -> dict[str, Any]:
        data = base(obj)
        for key, kind in derived:
            data[key] = converter.unstructure(getattr(obj, key), kind)
        return data

    return unstructure


#: How each leaf type is written; `str`, `int` and `bool` are written as they are.
_LEAF_ENCODERS: dict[type, Callable[[Any], Any]] = {
    dt.datetime: dt.datetime.isoformat,
    dt.date: dt.date.isoformat,
    Decimal: _decimal_text,
    PartialDate: str,
    Policy: _policy_data,
}


def _leaf_hooks(limits: Limits) -> dict[type, Compiled]:
    """How each leaf type is read, for the converter and the fast path alike.

    (cattrs dispatches these by class: bool would take int's hook and every
    StrEnum str's, unless each has its own.)
    """
    return {
        str: Compiled(_structure_str(limits)),
        int: Compiled(_structure_int),
        bool: Compiled(_structure_exact(bool, "true or false")),
        StrEnum: Compiled(_structure_enum),
        Decimal: Compiled(_structure_pattern(_DECIMAL, Decimal, "a decimal string")),
        dt.datetime: Compiled(
            _structure_pattern(
                _DATETIME,
                dt.datetime.fromisoformat,
                "an RFC 3339 date-time with an offset",
            )
        ),
        dt.date: Compiled(
            _structure_pattern(_DATE, dt.date.fromisoformat, "a YYYY-MM-DD date")
        ),
        PartialDate: Compiled(_structure_partial_date),
        Policy: Compiled(_structure_policy, depth=2, width=max(2, len(RULES))),
    }


def make_converter(limits: Limits | None = None) -> cattrs.Converter:
    """A new cattrs converter for amendskit types, with strict hooks.

    Apps that embed amendskit objects in their own cattrs-structured
    classes can build on it. `limits` bounds the length of strings.
    """
    limits = Limits() if limits is None else limits
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind, encode in _LEAF_ENCODERS.items():
        converter.register_unstructure_hook(kind, encode)
    # Without it a StrEnum member would pass through as the member itself,
    # and `to_dict` would not be plain JSON data (`from_dict` refuses it).
    converter.register_unstructure_hook(StrEnum, lambda e: e.value)
    # cattrs' own generated functions, so that an app's hooks (for datetimes,
    # say) apply inside amendskit's classes too; `to_dict` writes the same.
    converter.register_unstructure_hook_factory(
        lambda t: t in _DERIVED, _derived_unstructure
    )
    converter.register_unstructure_hook(
        Workbook, lambda workbook: _workbook_data(workbook, converter.unstructure)
    )
    for kind, leaf in _leaf_hooks(limits).items():
        converter.register_structure_hook(kind, leaf.decode)
    converter.register_structure_hook_factory(
        _is_tuple, _structure_tuple(converter, limits)
    )
    converter.register_structure_hook_factory(
        lambda t: attrs.has(t) and t is not Workbook, _structure_attrs(converter)
    )
    return converter


@functools.cache
def _converter(limits: Limits) -> cattrs.Converter:
    return make_converter(limits)


# --- errors -----------------------------------------------------------------


def _problems(error: BaseException, path: str) -> Iterator[DocumentProblem]:
    if isinstance(error, ClassValidationError | IterableValidationError):
        for sub in error.exceptions:
            yield from _problems(sub, path + _step(sub))
    elif isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields, key=str):
            # A key is named only if amendskit itself uses that name somewhere
            # (a key in the wrong place); any other key may be someone's text.
            where = f".{key}" if key in _known_keys() else "[?]"
            yield DocumentProblem(
                path + where, "extra-key", "a key the schema does not have"
            )
    elif isinstance(error, _Invalid):
        yield DocumentProblem(path, error.code, error.reason)
    elif isinstance(error, ValidationError):
        yield DocumentProblem(f"{path}.{error.field}", error.code, error.reason)
    elif isinstance(error, KeyError):
        yield DocumentProblem(path, "missing", "a required key is missing")
    else:  # pragma: no cover - a hook let a foreign error through: still reported
        yield DocumentProblem(path, "invalid", "not a valid value")


@functools.cache
def _document_classes() -> frozenset[type]:
    """Every attrs class a workbook document holds, the tables' and nested."""
    seen: set[type] = set()
    pending: list[Any] = [Person, Harm, AmendPlan, Policy]
    while pending:
        kind = pending.pop()
        if attrs.has(kind) and kind not in seen:
            seen.add(kind)
            pending += get_type_hints(kind).values()
        pending += get_args(kind)
    return frozenset(seen)


@functools.cache
def _known_keys() -> frozenset[str]:
    """Every key a document may hold somewhere: the classes' field names."""
    names = set(_ENVELOPE) | set(_DERIVED[AmendPlan])
    for kind in _document_classes():
        names.update(a.name for a in attrs.fields(kind))
    return frozenset(names)


def _step(error: BaseException) -> str:
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return f".{note.name}"
        if isinstance(note, IterableValidationNote):
            return f"[{note.index}]"
    return ""


def _limit_problems(data: Any, limits: Limits) -> Iterator[DocumentProblem]:
    """Nesting and collection sizes past the limits, each with its path.

    Only containers are visited, with a link to their parent; a path is put
    together only when something is reported there.
    """
    if type(data) is not dict and type(data) is not list:
        return
    stack: list[tuple[Any, int, Any]] = [(data, 1, None)]  # node, depth, parent
    max_depth, max_items = limits.max_depth, limits.max_items
    while stack:
        entry = stack.pop()
        node, depth = entry[0], entry[1]
        if depth > max_depth:
            yield DocumentProblem(
                _path(entry), "too-deep", f"nested deeper than {max_depth}"
            )
            continue
        if len(node) > max_items:
            yield DocumentProblem(
                _path(entry), "too-many-items", f"more than {max_items} items"
            )
            continue
        for child in node.values() if type(node) is dict else node:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append((child, depth + 1, entry))


def _path(entry: Any) -> str:
    """The JSON path of a container found by `_limit_problems`."""
    steps = []
    while entry[2] is not None:
        node, parent = entry[0], entry[2][0]
        pairs = parent.items() if type(parent) is dict else enumerate(parent)
        key = next(k for k, child in pairs if child is node)
        if type(key) is int:
            steps.append(f"[{key}]")
        else:
            steps.append(f".{key}" if key in _known_keys() else "[?]")
        entry = entry[2]
    return "$" + "".join(reversed(steps))


# --- the public functions ---------------------------------------------------


_PLAIN = Encoders(_LEAF_ENCODERS, _DERIVED, plain=True)
_JSON = Encoders(_LEAF_ENCODERS, _DERIVED, plain=False)


def _encode(obj: Any, encoders: Encoders) -> Any:
    if isinstance(obj, Workbook):
        return _workbook_data(obj, lambda entity: _encode(entity, encoders))
    encode = encoders(type(obj))
    if encode is None:  # not a document's type: a list of findings, say
        return _converter(Limits()).unstructure(obj)
    return encode(obj)


def to_dict(obj: Any) -> Any:
    """The JSON-ready form (dicts, lists, strings, numbers) of an amendskit object."""
    return _encode(obj, _PLAIN)


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """The JSON text of an amendskit object; the same object always gives the same text.

    Keys come in the classes' attribute order and entities in the
    workbook's order; non-ASCII text is written as UTF-8, not escaped.
    """
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(
        _encode(obj, _JSON), ensure_ascii=False, indent=indent, separators=separators
    )


def from_dict(
    data: Any,
    type: type[T] = Workbook,  # type: ignore[assignment]
    *,
    limits: Limits | None = None,
    migrations: Migrations = MIGRATIONS,
) -> T:
    """Build an amendskit object of `type` from parsed JSON.

    Raises `DocumentError` listing every problem. A workbook document of
    an older version is migrated first; a newer one is refused.
    """
    limits = Limits() if limits is None else limits
    fast = _fast_decoder(limits, type)  # type: ignore[arg-type]
    if fast is not None:
        try:
            return fast(data, type)  # type: ignore[no-any-return]
        except Exception:  # the fast path gave up: the detailed path decides
            pass
    problems = _limit_problems(data, limits)
    if next(problems, None) is not None:
        _refuse(_limit_problems(data, limits), limits)
    if type is Workbook:
        return _workbook(data, limits, migrations)  # type: ignore[return-value]
    return _structure(data, type, limits, "$")


@functools.lru_cache(maxsize=16)
def _decoders(limits: Limits) -> Decoders:
    return Decoders(_leaf_hooks(limits), _DERIVED, limits.max_items)


@functools.lru_cache(maxsize=256)  # bounded: an app may load types of its own
def _fast_decoder(limits: Limits, kind: Any) -> Callable[[Any, Any], Any] | None:
    """The fast path for `kind`, if there is one and it cannot pass the limits.

    A value the fast path takes has the shape of its type, so it nests no
    deeper, and holds no more keys, than the type's own bounds. When the
    limits are tighter than those, only the detailed path checks them.
    """
    decoders = _decoders(limits)
    try:
        compiled = _fast_workbook(decoders) if kind is Workbook else decoders(kind)
    except Exception:  # an app's type the codec cannot read: the detailed path can
        return None
    fits = (
        compiled is not None
        and compiled.depth <= limits.max_depth
        and compiled.width <= limits.max_items
    )
    return compiled.decode if fits else None  # type: ignore[union-attr]


def _fast_workbook(decoders: Decoders) -> Compiled:
    """The fast path for a workbook document of this version, whole and intact."""
    tables: list[tuple[str, Any, Compiled]] = []
    for key, kind in _TABLES:
        compiled = decoders(kind)
        assert compiled is not None  # amendskit's own types always compile
        tables.append((key, kind, compiled))

    def decode(data: Any, _: Any) -> Workbook:
        if type(data) is not dict:
            raise GiveUp(Workbook)
        version = data["version"]
        if (
            data.keys() != _ENVELOPE_KEYS
            or data["format"] != FORMAT
            or type(version) is not int
            or version != SCHEMA_VERSION
        ):
            raise GiveUp(Workbook)
        # A broken reference raises here, and the detailed path reports it.
        return Workbook(**{key: c.decode(data[key], kind) for key, kind, c in tables})

    depth = 1 + max(c.depth for _, _, c in tables)
    width = max(len(_ENVELOPE_KEYS), *(c.width for _, _, c in tables))
    return Compiled(decode, depth, width)


def _structure(data: Any, kind: type[T], limits: Limits, path: str) -> T:
    try:
        return _converter(limits).structure(data, kind)
    except (ClassValidationError, IterableValidationError, _Invalid) as error:
        _refuse(_problems(error, path), limits)
    except ValidationError as error:  # a validator of a top-level value object
        raise DocumentError(
            [DocumentProblem(f"{path}.{error.field}", error.code, error.reason)]
        ) from None


def _refuse(problems: Iterable[DocumentProblem], limits: Limits) -> NoReturn:
    """Raise the DocumentError of these problems, at most `max_problems` of them."""
    kept = list(itertools.islice(problems, limits.max_problems + 1))
    if len(kept) > limits.max_problems:
        kept[limits.max_problems :] = [
            DocumentProblem(
                "$",
                "too-many-problems",
                f"more than {limits.max_problems} problems; the rest are not listed",
            )
        ]
    raise DocumentError(kept)


_TABLES: tuple[tuple[str, Any], ...] = (
    ("persons", tuple[Person, ...]),
    ("harms", tuple[Harm, ...]),
    ("plans", tuple[AmendPlan, ...]),
    ("policy", Policy),
)


def _workbook(data: Any, limits: Limits, migrations: Migrations) -> Workbook:
    if type(data) is not dict:
        raise DocumentError([DocumentProblem("$", "wrong-type", "must be an object")])
    if data.get("format") != FORMAT:
        raise DocumentError(
            [DocumentProblem("$.format", "wrong-format", f"must be {FORMAT!r}")]
        )
    data = migrations.upgrade(data, SCHEMA_VERSION)
    problems = [
        DocumentProblem(f"$.{key}", "missing", "a required key is missing")
        for key in _ENVELOPE
        if key not in data
    ]
    extra = set(data) - set(_ENVELOPE)
    if extra:
        problems += _problems(ForbiddenExtraKeysError("", Workbook, extra), "$")
    parts: dict[str, Any] = {}
    for key, kind in _TABLES:
        if key not in data:
            continue
        try:
            parts[key] = _structure(data[key], kind, limits, f"$.{key}")
        except DocumentError as error:
            problems += error.problems
    if problems:
        _refuse(problems, limits)
    persons, harms, plans = parts["persons"], parts["harms"], parts["plans"]
    problems += (
        DocumentProblem(f"$.{p.table}[{p.index}].{p.field}", p.code, p.reason)
        for p in integrity_problems(persons, harms, plans)
    )
    if problems:
        _refuse(problems, limits)
    return Workbook(persons=persons, harms=harms, plans=plans, policy=parts["policy"])


def loads(
    text: str | bytes,
    type: type[T] = Workbook,  # type: ignore[assignment]
    *,
    limits: Limits | None = None,
    migrations: Migrations = MIGRATIONS,
) -> T:
    """Load an amendskit object of `type` (a `Workbook` by default) from JSON text.

    Raises `DocumentError` listing every problem: text that is too large or
    too deeply nested, that is not JSON, or that does not describe a valid
    object. Never a `KeyError`, `TypeError` or `RecursionError`.
    """
    limits = Limits() if limits is None else limits
    if not isinstance(text, str | bytes):
        raise DocumentError([DocumentProblem("$", "wrong-type", "must be JSON text")])
    if len(text) > limits.max_bytes:
        raise DocumentError(
            [DocumentProblem("$", "too-large", f"longer than {limits.max_bytes}")]
        )
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise DocumentError(
            [DocumentProblem("$", "too-deep", "nested too deeply to parse")]
        ) from None
    except (ValueError, _Invalid):  # JSONDecodeError, UnicodeDecodeError
        raise DocumentError(
            [DocumentProblem("$", "not-json", "not valid JSON text")]
        ) from None
    return from_dict(data, type, limits=limits, migrations=migrations)


def _no_constant(name: str) -> Any:
    raise _Invalid("not-json", "NaN and Infinity are not JSON")
