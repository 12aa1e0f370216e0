"""The public surface: a snapshot of `amendskit.__all__`, docs, and typing."""

from __future__ import annotations

import importlib.resources
import inspect
import pkgutil
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import amendskit

# A public name never appears or vanishes by accident: change this list on
# purpose, together with the CHANGELOG.
PUBLIC = [
    "AgendaEntry",
    "AgendaItem",
    "AgendaKind",
    "AgendaView",
    "AmendPlan",
    "AmendsError",
    "Approach",
    "CheckIn",
    "Clock",
    "Commitment",
    "CommitmentReport",
    "Consent",
    "ContactStatus",
    "DEMO_NOW",
    "Deferral",
    "DeferralReason",
    "DocumentError",
    "DocumentProblem",
    "FORMAT",
    "Finding",
    "Findings",
    "FixedClock",
    "FollowUp",
    "FollowUpAnchor",
    "Harm",
    "HarmKind",
    "HistoryRecord",
    "IdFactory",
    "Instalment",
    "Intent",
    "Interval",
    "IntervalUnit",
    "Limits",
    "MIGRATIONS",
    "Migration",
    "Migrations",
    "Money",
    "NextStep",
    "Outcome",
    "OutcomeKind",
    "PartialDate",
    "Payment",
    "PaymentPlan",
    "Period",
    "Person",
    "PlanView",
    "Policy",
    "PolicyError",
    "Progress",
    "RULES",
    "RepairAction",
    "RepairKind",
    "Restitution",
    "RestitutionKind",
    "Review",
    "ReviewDecision",
    "ReviewScope",
    "ReviewerRole",
    "Rule",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "SafetyAssessment",
    "Scope",
    "Sensitivity",
    "SequentialIds",
    "Severity",
    "Status",
    "SystemClock",
    "TRANSITIONS",
    "Transition",
    "TransitionError",
    "Trigger",
    "UnknownIdError",
    "UuidIds",
    "ValidationError",
    "Workbook",
    "WorkbookError",
    "WorkbookView",
    "agenda_html",
    "agenda_markdown",
    "build_demo",
    "check",
    "check_in_records",
    "commitment_report",
    "dumps",
    "find_transition",
    "findings_html",
    "findings_markdown",
    "from_dict",
    "harm_records",
    "json_schema",
    "labelled_fields",
    "loads",
    "make_converter",
    "mermaid_diagram",
    "minor_units",
    "person_records",
    "plan_html",
    "plan_markdown",
    "plan_records",
    "progress_svg",
    "render_summary",
    "rule",
    "sensitivity_of",
    "share_html",
    "share_markdown",
    "to_dict",
    "to_ical",
    "transitions_from",
    "workbook_html",
    "workbook_markdown",
]

ROOT = Path(amendskit.__file__).parent


def test_public_names_are_the_snapshot() -> None:
    assert amendskit.__all__ == PUBLIC


def test_public_names_are_sorted() -> None:
    assert sorted(amendskit.__all__) == amendskit.__all__
    assert len(set(amendskit.__all__)) == len(amendskit.__all__)


def test_every_public_name_is_importable() -> None:
    for name in amendskit.__all__:
        assert getattr(amendskit, name) is not None


def test_nothing_public_is_left_out_of_all() -> None:
    for name in amendskit.__all__:  # load every lazy name
        getattr(amendskit, name)
    exported = {
        name
        for name, value in vars(amendskit).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert exported == set(amendskit.__all__)


def _documented_constants() -> set[str]:
    """Module-level names whose assignment follows a ``#:`` doc comment."""
    found: set[str] = set()
    for module in pkgutil.iter_modules([str(ROOT)]):
        source = (ROOT / f"{module.name}.py").read_text(encoding="utf-8")
        for match in re.finditer(r"^#:.*\n(?:#:.*\n)*([A-Za-z_]\w*)\b", source, re.M):
            found.add(match.group(1))
    return found


def test_every_public_name_has_a_docstring() -> None:
    constants = _documented_constants()
    undocumented = []
    for name in amendskit.__all__:
        value = getattr(amendskit, name)
        if inspect.isclass(value):
            documented = bool(vars(value).get("__doc__"))
        elif inspect.isfunction(value):
            documented = bool(inspect.getdoc(value))
        else:  # a constant or a type alias: its ``#:`` comment is its doc
            documented = name in constants
        if not documented:
            undocumented.append(name)
    assert undocumented == []


def test_docstrings_open_with_a_one_line_summary() -> None:
    for name in amendskit.__all__:
        value = getattr(amendskit, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            summary = inspect.getdoc(value).splitlines()[0]  # type: ignore[union-attr]
            assert summary.strip(), name


def test_py_typed_ships_with_the_package() -> None:
    marker = importlib.resources.files("amendskit").joinpath("py.typed")
    assert marker.is_file()
    project = tomllib.loads(
        (ROOT.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    )
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "src/amendskit" in wheel["packages"]
    assert not wheel.get("exclude")
    assert "Typing :: Typed" in project["project"]["classifiers"]


def test_the_lazy_exports_are_exactly_the_typed_imports_and_all() -> None:
    """`_MODULES` (runtime) and the TYPE_CHECKING imports (typing) agree."""
    import ast

    source = Path(amendskit.__file__).read_text(encoding="utf-8")
    guarded = next(
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.If)
        and ast.unparse(node.test) == "_typing.TYPE_CHECKING"
    )
    imported = {
        node.module.removeprefix("amendskit."): tuple(a.name for a in node.names)
        for node in guarded.body
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported == amendskit._MODULES
    assert sorted(n for names in imported.values() for n in names) == PUBLIC


def test_import_amendskit_loads_no_module_of_its_own_until_asked() -> None:
    code = (
        "import sys, amendskit; "
        "print(sorted(m for m in sys.modules if m.startswith('amendskit')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['amendskit']"


def test_unknown_names_are_attribute_errors_and_dir_lists_the_public_ones() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        amendskit.Nothing  # noqa: B018
    assert set(PUBLIC) <= set(dir(amendskit))
