"""The demo workbook, its summary and the command line."""

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pytest

from amendskit import (
    FixedClock,
    OutcomeKind,
    Sensitivity,
    SequentialIds,
    Status,
    Workbook,
    sensitivity_of,
)
from amendskit.__main__ import main
from amendskit.demo import DEMO_NOW, build_demo, render_summary

HIDDEN = (Sensitivity.PRIVATE, Sensitivity.THIRD_PARTY)


@pytest.fixture(scope="module")
def demo() -> Workbook:
    return build_demo()


def hidden_texts(value: Any) -> Iterator[str]:
    """Every non-empty value of a PRIVATE or THIRD_PARTY field, anywhere."""
    if isinstance(value, Workbook):
        for table in (value.persons, value.harms, value.plans):
            yield from hidden_texts(table)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from hidden_texts(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from hidden_texts(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            content = getattr(value, field.name)
            if sensitivity_of(field) in HIDDEN and content:
                yield content
            else:
                yield from hidden_texts(content)


def test_demo_walks_every_status(demo):
    visited = {r.to_status for p in demo.plans.values() for r in p.history}
    assert visited == set(Status)


def test_demo_ends_with_plans_in_most_statuses(demo):
    counts = demo.summary().by_status
    assert all(counts[s] for s in Status if s is not Status.DECLINED)


def test_demo_records_every_outcome_kind(demo):
    kinds = {o.kind for p in demo.plans.values() for o in p.outcomes}
    assert kinds == set(OutcomeKind)


def test_demo_is_deterministic():
    assert build_demo() == build_demo()


def test_demo_takes_a_clock_and_ids():
    later = DEMO_NOW + dt.timedelta(days=400)
    workbook = build_demo(FixedClock(later), SequentialIds())
    first = workbook.plan("plan-1").history[0].at
    assert first == later - dt.timedelta(days=200)


def test_demo_findings_include_person_without_harm(demo):
    assert "AK02" in {f.code for f in demo.check()}


def test_demo_findings_include_open_restitution(demo):
    assert "AK18" in {f.code for f in demo.check()}


def test_demo_shows_a_new_contact_refused_after_declining(demo):
    blocked = {
        f.code
        for plan in demo.plans.values()
        for step in demo.next_steps(plan.id)
        for f in step.blockers
    }
    assert "AK16" in blocked


def test_demo_keeps_a_hard_case_indirect(demo):
    hard = [p for p in demo.plans.values() if p.safety and p.safety.would_injure]
    assert hard
    assert all(p.approach and not p.approach.is_direct for p in hard)
    assert all(p.status is Status.MADE for p in hard)


def test_demo_holds_private_notes_to_hide(demo):
    assert len(set(hidden_texts(demo))) >= 10


def test_summary_names_every_status(demo):
    summary = render_summary(demo)
    for status in Status:
        assert status.value in summary


def test_summary_shows_blockers_and_findings(demo):
    summary = render_summary(demo)
    for code in ("AK01", "AK02", "AK10", "AK16", "AK19"):
        assert code in summary


def test_summary_never_shows_private_notes(demo):
    summary = render_summary(demo)
    leaked = [text for text in hidden_texts(demo) if text in summary]
    assert leaked == []


def test_summary_of_an_empty_workbook():
    summary = render_summary(Workbook(clock=FixedClock(DEMO_NOW)))
    assert "0 persons, 0 plans" in summary
    assert summary.rstrip().endswith("none")


def test_main_demo_prints_the_summary(capsys):
    assert main(["demo"]) == 0
    assert capsys.readouterr().out == render_summary(build_demo())


def test_main_without_a_command_prints_help_and_returns_2(capsys):
    assert main([]) == 2
    assert "demo" in capsys.readouterr().err


def test_main_refuses_an_unknown_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 2


def test_python_m_amendskit_demo_runs():
    result = subprocess.run(
        [sys.executable, "-m", "amendskit", "demo"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "amendskit workbook summary" in result.stdout
