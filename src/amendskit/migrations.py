"""Migrations: every workbook document ever written loads in later releases.

A migration upgrades the parsed JSON of a document from one version to the
next. `MIGRATIONS` holds the library's own; `Migrations.upgrade` applies
them in order. Golden documents of every released version are kept in the
test suite and must load forever.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from amendskit.errors import DocumentError, DocumentProblem

__all__ = ["MIGRATIONS", "Migration", "Migrations"]

#: A function from a version-N document to a version-N+1 document.
Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _problem(path: str, code: str, message: str) -> DocumentError:
    return DocumentError([DocumentProblem(path, code, message)])


def _frozen(steps: Mapping[int, Migration]) -> Mapping[int, Migration]:
    return MappingProxyType(dict(steps))


@attrs.frozen
class Migrations:
    """Migrations keyed by the version they upgrade *from*."""

    steps: Mapping[int, Migration] = attrs.field(
        factory=dict, converter=_frozen, hash=False
    )

    def upgrade(self, document: dict[str, Any], to: int) -> dict[str, Any]:
        """The document upgraded to version `to`, one migration at a time.

        A document without an integer version, newer than `to`, or of a
        version no migration starts from is refused with a `DocumentError`.
        """
        version = document.get("version")
        if type(version) is not int or version < 1:
            raise _problem("$.version", "bad-version", "must be a positive integer")
        if version > to:
            raise _problem(
                "$.version",
                "version-too-new",
                "written by a newer release: upgrade amendskit",
            )
        while version < to:
            step = self.steps.get(version)
            if step is None:
                raise _problem(
                    "$.version", "no-migration", "no migration from this version"
                )
            document = step(dict(document))
            version += 1
            document["version"] = version
        return document


#: The library's migrations. Version 1 is the first released format.
MIGRATIONS = Migrations()
