"""A persistent, insertion-ordered mapping: the workbook's storage.

A `Workbook` is immutable, and every change returns a new one. Copying
dicts of thousands of entities on every change would make building and
walking a workbook quadratic; `Table` shares almost everything between
versions instead:

- values live in a trie of tuples of at most 64 (a persistent vector): setting
  one copies the few tuples on its path, not the whole table;
- keys map to slots in a log shared by the versions derived from one
  another. It only grows, and a version sees only the slots below its own
  count, so old versions stay exactly as they were. Inserting from a version
  that is not the newest of its log (a branch) first copies the log.

Lookups are a dict lookup and a few tuple indexings; iteration follows
insertion order.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator, Mapping, ValuesView
from typing import Any, Generic, TypeVar

__all__ = ["Table"]

K = TypeVar("K")
V = TypeVar("V")
_SHIFT = 6
_CHUNK = 1 << _SHIFT
_MASK = _CHUNK - 1


class _Log(Generic[K]):
    """Key to slot, append-only, shared by versions of one lineage."""

    __slots__ = ("keys", "lock", "order")

    def __init__(self, order: list[K], keys: dict[K, int]) -> None:
        self.order = order
        self.keys = keys
        self.lock = threading.Lock()


def _assoc(
    node: tuple[object, ...], level: int, slot: int, value: object
) -> tuple[object, ...]:
    """`node` with `slot` set to `value`, copying only the path to it."""
    index = (slot >> (_SHIFT * level)) & _MASK
    if level:
        child = node[index] if index < len(node) else ()
        value = _assoc(child, level - 1, slot, value)  # type: ignore[arg-type]
    return (*node[:index], value, *node[index + 1 :])


class _Values(ValuesView[V]):
    """A values view that walks the trie instead of looking up every key."""

    _mapping: Table[Any, V]

    def __iter__(self) -> Iterator[V]:
        table = self._mapping
        return table._leaves(table._root, table._depth)


class Table(Mapping[K, V]):
    """An immutable mapping whose `set` returns a new table sharing structure."""

    __slots__ = ("_count", "_depth", "_log", "_root")

    _log: _Log[K]
    _count: int
    _depth: int
    _root: tuple[object, ...]

    def __init__(self, items: Iterable[tuple[K, V]] = ()) -> None:
        keys: dict[K, int] = {}
        values: list[object] = []
        for key, value in items:
            slot = keys.setdefault(key, len(values))
            if slot == len(values):
                values.append(value)
            else:  # a repeated key keeps its first place and its last value
                values[slot] = value
        self._fill(keys, values)

    @classmethod
    def from_dict(cls, mapping: dict[K, V]) -> Table[K, V]:
        """A table of `mapping`'s items, in its order (quicker than items)."""
        table = cls.__new__(cls)
        table._fill(dict(zip(mapping, itertools.count())), list(mapping.values()))
        return table

    def _fill(self, keys: dict[K, int], values: list[object]) -> None:
        nodes: list[object] = values
        depth = 0
        while len(nodes) > _CHUNK:  # build the trie bottom up, a level at a time
            nodes = [tuple(nodes[i : i + _CHUNK]) for i in range(0, len(nodes), _CHUNK)]
            depth += 1
        self._log = _Log(list(keys), keys)
        self._count = len(values)
        self._depth = depth
        self._root = tuple(nodes)

    @classmethod
    def _make(
        cls, log: _Log[K], count: int, depth: int, root: tuple[object, ...]
    ) -> Table[K, V]:
        table = cls.__new__(cls)
        table._log, table._count, table._depth, table._root = log, count, depth, root
        return table

    def _slot(self, key: object) -> int | None:
        slot = self._log.keys.get(key)  # type: ignore[arg-type]
        return slot if slot is not None and slot < self._count else None

    def _value(self, slot: int) -> V:
        node = self._root
        for level in range(self._depth, 0, -1):
            node = node[(slot >> (_SHIFT * level)) & _MASK]  # type: ignore[assignment]
        return node[slot & _MASK]  # type: ignore[return-value]

    def __getitem__(self, key: K) -> V:
        slot = self._slot(key)
        if slot is None:
            raise KeyError(key)
        return self._value(slot)

    def __contains__(self, key: object) -> bool:
        return self._slot(key) is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[K]:
        order = self._log.order
        return (order[i] for i in range(self._count))

    def values(self) -> ValuesView[V]:
        """The values in insertion order (a view, as every mapping gives)."""
        return _Values(self)

    def _leaves(self, node: tuple[object, ...], level: int) -> Iterator[V]:
        values: Iterable[Any] = node
        for _ in range(level):  # each level flattened in C, not by generators
            values = itertools.chain.from_iterable(values)
        return iter(values)

    def set(self, key: K, value: V) -> Table[K, V]:
        """A table with `key` set to `value` (replaced in place, or appended)."""
        slot = self._slot(key)
        if slot is not None:
            root = _assoc(self._root, self._depth, slot, value)
            return Table._make(self._log, self._count, self._depth, root)
        log, slot = self._log, self._count
        with log.lock:
            if len(log.order) == slot and key not in log.keys:
                log.keys[key] = slot
                log.order.append(key)
            else:  # a branch: this version is not the newest of its log
                order = [*log.order[:slot], key]
                log = _Log(order, {k: i for i, k in enumerate(order)})
        root, depth = self._root, self._depth
        if slot == _CHUNK ** (depth + 1):  # full: grow a level
            root, depth = (root,), depth + 1
        root = _assoc(root, depth, slot, value)
        return Table._make(log, slot + 1, depth, root)

    def __repr__(self) -> str:
        return f"Table({dict(self.items())!r})"
