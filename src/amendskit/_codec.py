"""The fast path of documents: decoders and encoders compiled from the types.

The cattrs converter of `amendskit.serialization` structures a document
with detailed validation: on bad input it reports every problem with its
path. That bookkeeping costs on good input too, and most input is good.
So `loads` first tries a `Decoders` function, compiled once per type from
the attrs fields and their type hints: it converts each value with the
very same leaf hooks, builds each object through its own ``__init__``
(so the attrs validators run as always), and gives up at the first doubt.
Giving up is any exception; the caller then takes the detailed path,
which decides and reports. The fast path never refuses anything itself.

`Encoders` is the other direction, for `to_dict` and `dumps`: plain
functions per type, with no dispatch per value.
"""

from __future__ import annotations

import abc
import operator
import threading
import types
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import (
    Any,
    Generic,
    NoReturn,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

import attrs

__all__ = ["Compiled", "Decoders", "Encoders", "GiveUp", "as_is"]

Decode = Callable[[Any, Any], Any]
Encode = Callable[[Any], Any]
C = TypeVar("C")


class GiveUp(Exception):
    """The fast path's doubt: the detailed path must look at this value."""

    @classmethod
    def at(cls, kind: Any) -> NoReturn:
        """Raise it, from within an expression."""
        raise cls(kind)


@attrs.frozen
class Compiled:
    """A decoder, with the deepest nesting and the most items of what it takes.

    A leaf (a type the codec does not take apart) has its hook from the
    caller, depth and width 0 for a string or a number.
    """

    decode: Decode
    depth: int = 0
    width: int = 0


def _optional(kind: Any) -> Any | None:
    """The `X` of ``X | None``, or None if `kind` is not such a union."""
    if get_origin(kind) not in (Union, types.UnionType):
        return None
    others = [a for a in get_args(kind) if a is not type(None)]
    return others[0] if len(others) == 1 < len(get_args(kind)) else None


def _tuple_item(kind: Any) -> Any | None:
    """The `X` of ``tuple[X, ...]``, or None."""
    args = get_args(kind)
    if get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _fields(cls: type) -> tuple[attrs.Attribute[Any], ...] | None:
    """The fields of `cls`, if its attrs ``__init__`` sets every one of them.

    A class that writes its own ``__init__`` (attrs then names its own
    ``__attrs_init__``) may take other arguments: it has no fields here.
    """
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(cls)
    if hasattr(cls, "__attrs_init__") or not all(f.init for f in fields):
        return None
    return fields


class _Compiler(abc.ABC, Generic[C]):
    """What decoders and encoders share: a cache, and dispatch on the type.

    Each type is compiled once, into a `C`, or None when the codec cannot
    take it (a type that holds itself is one of those).
    """

    def __init__(self, derived: Mapping[type, Mapping[str, type]]) -> None:
        self._derived = derived
        self._compiled: dict[Any, C | None] = {}
        # Only finished results are published to `_compiled`, which is read
        # without the lock; a type being compiled is in `_compiling`.
        self._lock = threading.RLock()  # compiling a type compiles its parts
        self._compiling: set[Any] = set()

    def __call__(self, kind: Any) -> C | None:
        """What `kind` compiles to, or None if the codec cannot take it."""
        try:
            return self._compiled[kind]
        except KeyError:
            pass
        with self._lock:
            if kind in self._compiling:  # a type that holds itself
                return None
            if kind not in self._compiled:  # or another thread just did it
                self._compiling.add(kind)
                try:
                    self._compiled[kind] = self._compile(kind)
                finally:
                    self._compiling.discard(kind)
            return self._compiled[kind]

    def _compile(self, kind: Any) -> C | None:
        leaf = self._leaf(kind)
        if leaf is not None:
            return leaf
        inner = _optional(kind)
        if inner is not None:
            return self._compile_optional(kind, inner)
        item = _tuple_item(kind)
        if item is not None:
            return self._compile_tuple(kind, item)
        if isinstance(kind, type) and attrs.has(kind):
            return self._compile_object(kind)
        return None

    def _expression(
        self, kind: Any, value: str, name: str, namespace: dict[str, Any]
    ) -> str:
        """Python source that converts `value` (source too), a `kind`.

        `None` of an optional type and the items of a tuple type are taken
        in line, without a call; `name` is unique within the function, and
        what the source calls is put in `namespace`.
        """
        if self._as_is(kind):
            return value
        inner = _optional(kind)
        if inner is not None:
            converted = self._expression(inner, name, f"{name}_", namespace)
            return f"(None if ({name} := {value}) is None else {converted})"
        item = _tuple_item(kind)
        if item is not None:
            converted = self._expression(item, f"{name}i", f"{name}_", namespace)
            return self._array(kind, value, name, converted, namespace)
        return self._call(kind, value, name, namespace)

    def _inline(self, kind: Any, signature: str) -> Any:
        """A function of `signature` that returns `kind`'s expression."""
        namespace: dict[str, Any] = {}
        body = self._expression(kind, "value", "_", namespace)
        source = [f"def {signature}:", f"    return {body}"]
        return _define(source, namespace, f"{type(self).__name__} of {kind}")

    def _as_is(self, kind: Any) -> bool:
        """Whether a `kind` is taken as it is (no source at all)."""
        return False

    @abc.abstractmethod
    def _array(
        self, kind: Any, value: str, name: str, item: str, namespace: dict[str, Any]
    ) -> str:
        """Source for `value`, a tuple `kind`, each item (`{name}i`) as `item`."""

    @abc.abstractmethod
    def _call(self, kind: Any, value: str, name: str, namespace: dict[str, Any]) -> str:
        """Source that calls what `kind` compiled to on `value`."""

    def _named(self, cls: type, fields: Iterable[attrs.Attribute[Any]]) -> list[Any]:
        """The (name, type) of `fields`, then of the keys derived from `cls`."""
        hints = get_type_hints(cls)
        named = [(f.name, hints[f.name]) for f in fields]
        return named + list(self._derived.get(cls, {}).items())

    @abc.abstractmethod
    def _leaf(self, kind: Any) -> C | None:
        """What a type the codec does not take apart compiles to, or None."""

    @abc.abstractmethod
    def _compile_optional(self, kind: Any, inner: Any) -> C | None:
        """What `kind`, an ``inner | None``, compiles to."""

    @abc.abstractmethod
    def _compile_tuple(self, kind: Any, item: Any) -> C | None:
        """What `kind`, a ``tuple[item, ...]``, compiles to."""

    @abc.abstractmethod
    def _compile_object(self, cls: type) -> C | None:
        """What an attrs class compiles to."""


class Decoders(_Compiler[Compiled]):
    """Fast decoders, compiled once per type.

    `leaves` maps types to their hooks; a `StrEnum` subclass takes the hook
    of `StrEnum`. `derived` names, per class, keys that documents carry
    beside the fields (a plan's ``status``) with their type: the decoded
    object's attribute of that name must equal the decoded key. A list
    longer than `max_items` is given up on.
    """

    def __init__(
        self,
        leaves: Mapping[type, Compiled],
        derived: Mapping[type, Mapping[str, type]],
        max_items: int,
    ) -> None:
        super().__init__(derived)
        self._leaves = leaves
        self._max_items = max_items

    def _leaf(self, kind: Any) -> Compiled | None:
        if isinstance(kind, type) and issubclass(kind, StrEnum):
            kind = StrEnum
        return self._leaves.get(kind)

    def _compile_optional(self, kind: Any, inner: Any) -> Compiled | None:
        compiled = self(inner)
        if compiled is None:
            return None
        return Compiled(
            self._inline(kind, "decode(value, _)"), compiled.depth, compiled.width
        )

    def _compile_tuple(self, kind: Any, item: Any) -> Compiled | None:
        compiled = self(item)
        if compiled is None:
            return None
        width = max(self._max_items, compiled.width)
        return Compiled(
            self._inline(kind, "decode(value, _)"), compiled.depth + 1, width
        )

    def _compile_object(self, cls: type) -> Compiled | None:
        fields = _fields(cls)
        if fields is None:
            return None
        parts = [(name, kind, self(kind)) for name, kind in self._named(cls, fields)]
        compiled = [c for _, _, c in parts if c is not None]
        if len(compiled) < len(parts):
            return None
        keys = frozenset(name for name, _, _ in parts)
        namespace: dict[str, Any] = {"cls": cls, "keys": keys, "GiveUp": GiveUp}
        calls = [
            self._expression(kind, f"value[{name!r}]", f"_{i}", namespace)
            for i, (name, kind, _) in enumerate(parts)
        ]
        # Keyword-only fields are passed by their name in __init__.
        init = [
            f"{f.alias}={call}" if f.kw_only else call
            for f, call in zip(fields, calls, strict=False)
        ]
        checks = calls[len(fields) :]
        source = [
            "def decode(value, _):",
            "    if type(value) is not dict or value.keys() != keys:",
            "        raise GiveUp(cls)",
            f"    result = cls({', '.join(init)})",
            *(
                f"    if {call} != result.{name}: raise GiveUp(cls)"
                for (name, _, _), call in zip(parts[len(fields) :], checks, strict=True)
            ),
            "    return result",
        ]
        decode = _define(source, namespace, f"decoder of {cls.__qualname__}")
        depth = 1 + max((c.depth for c in compiled), default=0)
        width = max([len(keys), *(c.width for c in compiled)])
        return Compiled(decode, depth, width)

    def _array(
        self, kind: Any, value: str, name: str, item: str, namespace: dict[str, Any]
    ) -> str:
        namespace["GiveUp"], namespace["max_items"] = GiveUp, self._max_items
        namespace[f"k{name}"] = kind
        return (
            f"(tuple([{item} for {name}i in {name}]) if {name} else ())"
            f" if type({name} := {value}) is list and len({name}) <= max_items"
            f" else GiveUp.at(k{name})"
        )

    def _call(self, kind: Any, value: str, name: str, namespace: dict[str, Any]) -> str:
        namespace[f"d{name}"] = self(kind).decode  # type: ignore[union-attr]
        namespace[f"k{name}"] = kind
        return f"d{name}({value}, k{name})"


def _define(source: list[str], namespace: dict[str, Any], what: str) -> Any:
    """The function that `source` defines, compiled in `namespace`.

    Like attrs and cattrs, the codec writes a function's source from a
    class's fields (names that are Python identifiers), never from input.
    """
    exec(compile("\n".join(source), f"<amendskit {what}>", "exec"), namespace)
    return namespace[source[0][4 : source[0].index("(")]]


def as_is(value: Any) -> Any:
    """The encoder of a value that JSON takes as it is (written in line)."""
    return value


class Encoders(_Compiler[Encode]):
    """Encoders to JSON-ready data, compiled once per type.

    `leaves` maps types to their encoders; `str`, `int` and `bool` are
    written `as_is`. With `plain` the result is plain data (lists, `str`);
    without, tuples and `StrEnum` members are left for `json.dumps`, which
    writes them as arrays and strings anyway. Like cattrs, an object is
    written with the fields its ``__init__`` takes.
    """

    def __init__(
        self,
        leaves: Mapping[type, Encode],
        derived: Mapping[type, Mapping[str, type]],
        *,
        plain: bool,
    ) -> None:
        super().__init__(derived)
        self._leaves = leaves
        self._plain = plain

    def _leaf(self, kind: Any) -> Encode | None:
        if kind in self._leaves:
            return self._leaves[kind]
        if kind in (str, int, bool):
            return as_is
        if isinstance(kind, type) and issubclass(kind, StrEnum):
            return operator.attrgetter("value") if self._plain else as_is
        return None

    def _compile_optional(self, kind: Any, inner: Any) -> Encode | None:
        encode = self(inner)
        if encode is None or encode is as_is:
            return encode
        return self._inline(kind, "encode(value)")  # type: ignore[no-any-return]

    def _compile_tuple(self, kind: Any, item: Any) -> Encode | None:
        encode = self(item)
        if encode is None:
            return None
        if encode is as_is:
            return list if self._plain else as_is
        return self._inline(kind, "encode(value)")  # type: ignore[no-any-return]

    def _compile_object(self, cls: type) -> Encode | None:
        named = self._named(cls, (a for a in attrs.fields(cls) if a.init))
        if any(self(kind) is None for _, kind in named):
            return None
        namespace: dict[str, Any] = {}
        items = [
            f"{name!r}: {self._expression(kind, f'obj.{name}', f'_{i}', namespace)}"
            for i, (name, kind) in enumerate(named)
        ]
        source = ["def encode(obj):", f"    return {{{', '.join(items)}}}"]
        return _define(source, namespace, f"encoder of {cls.__qualname__}")  # type: ignore[no-any-return]

    def _as_is(self, kind: Any) -> bool:
        return self(kind) is as_is

    def _array(
        self, kind: Any, value: str, name: str, item: str, namespace: dict[str, Any]
    ) -> str:
        return f"([{item} for {name}i in {name}] if ({name} := {value}) else [])"

    def _call(self, kind: Any, value: str, name: str, namespace: dict[str, Any]) -> str:
        namespace[f"e{name}"] = self(kind)
        return f"e{name}({value})"
