"""The workbook's persistent table: a mapping whose versions never change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amendskit._store import Table

keys = st.integers(0, 300).map(lambda n: f"k{n}")
# An operation: (version to branch from, as a fraction of the versions so far;
# key; value).
operations = st.lists(
    st.tuples(st.floats(0, 1), keys, st.integers()), min_size=1, max_size=300
)


def same(table: Table[str, int], model: dict[str, int]) -> None:
    assert len(table) == len(model)
    assert list(table) == list(model)
    assert list(table.values()) == list(model.values())
    assert dict(table.items()) == model
    for key, value in model.items():
        assert key in table
        assert table[key] == value


@given(st.lists(st.tuples(keys, st.integers()), max_size=200), operations)
def test_every_version_stays_what_it_was(
    start: list[tuple[str, int]], steps: list[tuple[float, str, int]]
) -> None:
    # Versions branch from any earlier version, so inserts hit both the
    # newest version of a log and older ones (which must copy the log).
    versions = [Table(start)]
    models = [dict(start)]
    for where, key, value in steps:
        index = min(int(where * len(versions)), len(versions) - 1)
        versions.append(versions[index].set(key, value))
        models.append({**models[index], key: value})
    for table, model in zip(versions, models, strict=True):
        same(table, model)


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 4095, 4096, 4097, 9000])
def test_tables_built_in_bulk_grow_and_change_across_levels(size: int) -> None:
    items = [(f"k{n}", n) for n in range(size)]
    table = Table(items)
    same(table, dict(items))
    grown = table.set("new", -1).set("newer", -2)
    same(grown, {**dict(items), "new": -1, "newer": -2})
    if size:
        last = f"k{size - 1}"
        changed = grown.set(last, 98).set("k0", 99)
        assert changed["k0"] == 99
        assert changed[last] == (98 if size > 1 else 99)
        assert len(changed) == len(grown)
        assert (table["k0"], grown["k0"]) == (0, 0)
    same(table, dict(items))


def test_tables_grown_one_by_one_cross_every_level() -> None:
    table: Table[int, int] = Table()
    for n in range(64**2 + 70):
        table = table.set(n, n * 2)
    assert len(table) == 64**2 + 70
    assert list(table.values()) == [n * 2 for n in range(64**2 + 70)]
    assert table[64**2 + 69] == (64**2 + 69) * 2


def test_a_repeated_key_keeps_its_first_place_and_its_last_value() -> None:
    table = Table([("a", 1), ("b", 2), ("a", 3)])
    assert list(table.items()) == [("a", 3), ("b", 2)]


def test_a_missing_key_is_a_key_error_and_other_versions_do_not_leak() -> None:
    base = Table([("a", 1)])
    later = base.set("b", 2)
    assert "b" not in base
    with pytest.raises(KeyError):
        base["b"]
    assert base.get("b") is None
    assert later["b"] == 2


def test_repr_shows_the_items() -> None:
    assert repr(Table([("a", 1)])) == "Table({'a': 1})"
