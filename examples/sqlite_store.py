"""A real store for workbooks: SQLite, one row per saved revision.

Run it with ``python examples/sqlite_store.py``. `WorkbookStore` keeps
every revision of every workbook in one table::

    workbooks(workbook_id, revision, version, document, saved_at)

`load` returns the latest revision and its number; `save` writes the next
revision only if nobody saved in between (optimistic concurrency: pass
the revision you loaded, or 0 for a new workbook) and raises `StaleWrite`
otherwise; documents written by an older release are migrated on load by
`amendskit.loads`. The store never logs and never puts a document's text
in an error.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import amendskit
from amendskit import MIGRATIONS, Migrations, Workbook, dumps, loads

SCHEMA = """
CREATE TABLE IF NOT EXISTS workbooks (
    workbook_id TEXT NOT NULL,
    revision INTEGER NOT NULL CHECK (revision >= 1),
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (workbook_id, revision)
)
"""


class StaleWrite(Exception):
    """Someone saved the workbook since `expected` was loaded."""

    def __init__(self, workbook_id: str, expected: int, latest: int) -> None:
        self.workbook_id = workbook_id
        self.expected = expected
        self.latest = latest
        super().__init__(
            f"workbook {workbook_id}: expected revision {expected}, "
            f"the latest is {latest}"
        )


class UnknownWorkbook(LookupError):
    """No revision of this workbook is stored."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class WorkbookStore:
    """Workbook documents in a SQLite file, one row per revision."""

    def __init__(
        self,
        path: str | Path,
        *,
        migrations: Migrations = MIGRATIONS,
        now: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        # isolation_level=None: transactions are begun explicitly below.
        self._db = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        self._db.execute(SCHEMA)
        self._migrations = migrations
        self._now = now

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> WorkbookStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def latest_revision(self, workbook_id: str) -> int:
        """The latest revision saved (0 when the workbook is new)."""
        row = self._db.execute(
            "SELECT MAX(revision) FROM workbooks WHERE workbook_id = ?",
            (workbook_id,),
        ).fetchone()
        return int(row[0] or 0)

    def load(self, workbook_id: str) -> tuple[Workbook, int]:
        """The latest revision of the workbook, migrated, and its number.

        Raises `UnknownWorkbook` if none is stored, and `DocumentError`
        (paths and codes only) if the stored document cannot be loaded.
        """
        row = self._db.execute(
            "SELECT document, revision FROM workbooks WHERE workbook_id = ? "
            "ORDER BY revision DESC LIMIT 1",
            (workbook_id,),
        ).fetchone()
        if row is None:
            raise UnknownWorkbook(workbook_id)
        document, revision = row
        return loads(document, migrations=self._migrations), int(revision)

    def save(self, workbook_id: str, workbook: Workbook, expected_revision: int) -> int:
        """Save the workbook as the revision after `expected_revision`.

        Returns the new revision. Raises `StaleWrite`, writing nothing, if
        the latest revision is not `expected_revision` (someone saved in
        between): load again, apply the change again, save again.
        """
        document = dumps(workbook)
        saved_at = self._now().isoformat()
        # BEGIN IMMEDIATE takes the write lock before reading the latest
        # revision, so two writers cannot both see the same one.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            latest = self.latest_revision(workbook_id)
            if latest != expected_revision:
                raise StaleWrite(workbook_id, expected_revision, latest)
            self._db.execute(
                "INSERT INTO workbooks VALUES (?, ?, ?, ?, ?)",
                (
                    workbook_id,
                    latest + 1,
                    amendskit.SCHEMA_VERSION,
                    document,
                    saved_at,
                ),
            )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return latest + 1

    def revisions(self, workbook_id: str) -> list[tuple[int, int, str]]:
        """Every revision's number, format version and save time, oldest first."""
        rows = self._db.execute(
            "SELECT revision, version, saved_at FROM workbooks "
            "WHERE workbook_id = ? ORDER BY revision",
            (workbook_id,),
        ).fetchall()
        return [(int(r), int(v), str(at)) for r, v, at in rows]


def main() -> None:
    """Two devices edit one workbook: the second write is stale and retried."""
    from amendskit import build_demo

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "amends.sqlite3"
        with WorkbookStore(path) as phone, WorkbookStore(path) as laptop:
            revision = phone.save("my-list", build_demo(), 0)
            print(f"saved revision {revision}")

            on_phone, seen_phone = phone.load("my-list")
            on_laptop, seen_laptop = laptop.load("my-list")
            phone.save("my-list", on_phone.invite("person-5"), seen_phone)
            print("the phone saved an invitation")
            try:
                laptop.save("my-list", on_laptop, seen_laptop)
            except StaleWrite as error:
                print(f"the laptop's write was refused: {error}")
                fresh, latest = laptop.load("my-list")
                laptop.save("my-list", fresh, latest)
            print(f"revisions: {[r for r, _, _ in laptop.revisions('my-list')]}")


if __name__ == "__main__":
    main()
