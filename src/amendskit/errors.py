"""The library's exceptions.

Every exception amendskit raises on bad input derives from `AmendsError`.
Each carries its data as attributes (codes, ids, field names) and builds its
message from them; no message ever repeats free text a person wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from amendskit.lifecycle import Status
    from amendskit.rules import Finding

__all__ = [
    "AmendsError",
    "DocumentError",
    "DocumentProblem",
    "TransitionError",
    "UnknownIdError",
    "ValidationError",
    "WorkbookError",
]


class AmendsError(Exception):
    """Base class of every error amendskit raises on purpose."""


class ValidationError(AmendsError, ValueError):
    """A value does not have the structure its field requires.

    Raised while building a domain object. `owner` is the class name,
    `field` the attribute and `code` a stable machine-readable reason. The
    offending value is never part of the message: it may be private text.
    """

    def __init__(self, owner: str, field: str, code: str, reason: str) -> None:
        self.owner = owner
        self.field = field
        self.code = code
        self.reason = reason
        super().__init__(f"{owner}.{field}: {reason} [{code}]")


class WorkbookError(AmendsError):
    """A change to a workbook would break its referential integrity.

    `code` is stable; `ids` names the entities concerned (ids are opaque,
    never free text).
    """

    def __init__(self, code: str, reason: str, ids: Sequence[str] = ()) -> None:
        self.code = code
        self.reason = reason
        self.ids = tuple(ids)
        where = f" ({', '.join(self.ids)})" if self.ids else ""
        super().__init__(f"{reason}{where} [{code}]")


class UnknownIdError(WorkbookError, LookupError):
    """No entity of the asked kind has this id in the workbook."""

    def __init__(self, kind: str, id: str) -> None:
        self.kind = kind
        super().__init__("unknown-id", f"no {kind} with this id", (id,))


class TransitionError(AmendsError):
    """A plan may not move to the asked status now.

    Carries the plan id, the current and the asked status, and the
    findings that block the move. The workbook it was asked of is unchanged.
    """

    def __init__(
        self,
        plan_id: str,
        from_status: Status,
        to_status: Status | None,
        findings: Sequence[Finding],
    ) -> None:
        self.plan_id = plan_id
        self.from_status = from_status
        self.to_status = to_status
        self.findings = tuple(findings)
        target = to_status.value if to_status is not None else "(no change)"
        codes = ", ".join(f"{f.code} {f.slug}" for f in self.findings)
        super().__init__(
            f"plan {plan_id}: {from_status.value} -> {target} refused: {codes}"
        )


@attrs.frozen
class DocumentProblem:
    """One problem of a document: where (a JSON path), a stable code, and why.

    `path` looks like ``$.plans[3].approach``; `message` never repeats the
    document's text.
    """

    path: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.code}]"


class DocumentError(AmendsError, ValueError):
    """A document cannot be loaded; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[DocumentProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  ... and {count - 50} more" if count > 50 else ""
        super().__init__(f"{count} problem(s) in the document:\n{lines}{more}")

    @property
    def codes(self) -> tuple[str, ...]:
        """The problems' codes, in order."""
        return tuple(p.code for p in self.problems)
