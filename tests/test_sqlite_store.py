"""The SQLite store of examples/sqlite_store.py, against a real file."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

import amendskit.serialization as serialization
from amendskit import SCHEMA_VERSION, DocumentError, Migrations, dumps
from amendskit.demo import DEMO_NOW, build_demo
from amendskit.migrations import MIGRATIONS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sqlite_store.py"


def load_example():
    spec = importlib.util.spec_from_file_location("sqlite_store", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


example = load_example()


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "amends.sqlite3"


@pytest.fixture
def store(path):
    with example.WorkbookStore(path, now=lambda: DEMO_NOW) as opened:
        yield opened


def test_a_saved_workbook_loads_with_its_revision(store):
    demo = build_demo()
    assert store.save("mine", demo, 0) == 1
    loaded, revision = store.load("mine")
    assert loaded == demo
    assert revision == 1


def test_each_save_is_a_new_row(store, path):
    demo = build_demo()
    store.save("mine", demo, 0)
    store.save("mine", demo.invite("person-5", at=DEMO_NOW), 1)
    assert store.revisions("mine") == [
        (1, SCHEMA_VERSION, DEMO_NOW.isoformat()),
        (2, SCHEMA_VERSION, DEMO_NOW.isoformat()),
    ]
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(workbooks)")]
    assert columns == ["workbook_id", "revision", "version", "document", "saved_at"]
    loaded, revision = store.load("mine")
    assert revision == 2
    assert loaded.person("person-5").invited_at == DEMO_NOW


def test_a_stale_write_is_refused_and_changes_nothing(path):
    demo = build_demo()
    with (
        example.WorkbookStore(path) as phone,
        example.WorkbookStore(path) as laptop,
    ):
        phone.save("mine", demo, 0)
        on_phone, seen = phone.load("mine")
        on_laptop, seen_too = laptop.load("mine")
        phone.save("mine", on_phone.invite("person-5", at=DEMO_NOW), seen)
        with pytest.raises(example.StaleWrite) as refused:
            laptop.save("mine", on_laptop, seen_too)
        assert (refused.value.expected, refused.value.latest) == (1, 2)
        assert laptop.latest_revision("mine") == 2
        # Load again, save again: accepted.
        fresh, latest = laptop.load("mine")
        assert laptop.save("mine", fresh, latest) == 3


def test_a_new_workbook_expects_revision_0(store):
    store.save("mine", build_demo(), 0)
    with pytest.raises(example.StaleWrite):
        store.save("mine", build_demo(), 0)
    assert store.latest_revision("other") == 0


def test_workbooks_are_kept_apart(store):
    store.save("a", build_demo(), 0)
    assert store.save("b", build_demo(), 0) == 1
    assert store.latest_revision("a") == 1


def test_an_unknown_workbook(store):
    with pytest.raises(example.UnknownWorkbook):
        store.load("nobody")


def test_the_store_survives_reopening(path):
    with example.WorkbookStore(path) as first:
        first.save("mine", build_demo(), 0)
    with example.WorkbookStore(path) as second:
        assert second.load("mine")[1] == 1


def test_old_documents_are_migrated_on_load(path, monkeypatch):
    """Pretend this release writes the next version, with a migration to it."""

    def rename(document):
        document["persons"] = document.pop("people")
        return document

    old = json.loads(dumps(build_demo()))
    old["people"] = old.pop("persons")
    with sqlite3.connect(path) as db:
        db.execute(example.SCHEMA)
        db.execute(
            "INSERT INTO workbooks VALUES (?, ?, ?, ?, ?)",
            ("mine", 1, SCHEMA_VERSION, json.dumps(old), DEMO_NOW.isoformat()),
        )
    db.close()
    monkeypatch.setattr(serialization, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    migrations = Migrations({**MIGRATIONS.steps, SCHEMA_VERSION: rename})
    with example.WorkbookStore(path, migrations=migrations) as store:
        loaded, revision = store.load("mine")
        assert loaded.persons.keys() == build_demo().persons.keys()
        monkeypatch.setattr(example.amendskit, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
        store.save("mine", loaded, revision)
        assert store.revisions("mine")[-1][1] == SCHEMA_VERSION + 1


def test_a_broken_row_is_a_document_error(store, path):
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO workbooks VALUES ('mine', 1, 1, '{\"secret', 'now')")
    db.close()
    with pytest.raises(DocumentError) as raised:
        store.load("mine")
    assert "secret" not in str(raised.value)


def test_a_failed_insert_rolls_back(store, monkeypatch):
    monkeypatch.setattr(example.amendskit, "SCHEMA_VERSION", None)  # NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        store.save("mine", build_demo(), 0)
    monkeypatch.undo()
    assert store.save("mine", build_demo(), 0) == 1


def test_the_default_clock_is_utc(path):
    with example.WorkbookStore(path) as store:
        store.save("mine", build_demo(), 0)
        saved_at = dt.datetime.fromisoformat(store.revisions("mine")[0][2])
    assert saved_at.utcoffset() == dt.timedelta(0)
