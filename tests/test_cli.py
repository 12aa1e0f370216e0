"""The command line, end to end as a subprocess and in-process for coverage.

Exit codes: 0 ok, 1 error findings (check), 2 usage, 3 bad document,
4 file not found or unreadable.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import amendskit.__main__ as cli
from amendskit import SCHEMA_VERSION, Money, dumps, json_schema, loads, to_dict
from amendskit.__main__ import EXIT_CODES, main
from amendskit.dates import Interval, IntervalUnit
from amendskit.demo import DEMO_NOW, build_demo, render_summary
from amendskit.migrations import MIGRATIONS, Migrations
from amendskit.restitution import PaymentPlan
from amendskit.share import share_html, share_markdown
from privacy import leaks, planted


def scheduled():
    """The demo with a meeting and a monthly payment plan."""
    demo = build_demo()
    tom = attrs.evolve(demo.plan("plan-8"), meeting_at=DEMO_NOW + dt.timedelta(days=3))
    shop = demo.plan("plan-2")
    every_month = PaymentPlan(
        Money(Decimal("200.00"), "USD"),
        Interval(1, IntervalUnit.MONTHS),
        dt.date(2024, 4, 4),
    )
    shop = attrs.evolve(
        shop, restitution=attrs.evolve(shop.restitution, payment_plan=every_month)
    )
    return demo.update(tom, shop)


@pytest.fixture
def demo_file(tmp_path) -> Path:
    path = tmp_path / "demo.json"
    path.write_text(dumps(scheduled()), encoding="utf-8")
    return path


@pytest.fixture
def failing_file(tmp_path) -> Path:
    """A valid document whose prepared plan lost its approach: AK04 fails."""
    data = to_dict(build_demo())
    prepared = next(p for p in data["plans"] if p["status"] == "prepared")
    prepared["approach"] = None
    path = tmp_path / "failing.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "amendskit", *args],
        input=stdin.decode(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    return result


# --- as a subprocess ------------------------------------------------------------


def test_check_exits_0_without_error_findings(demo_file):
    result = run("check", str(demo_file))
    assert result.returncode == 0, result.stderr
    assert "AK02 person-without-harm" in result.stdout


def test_check_exits_1_on_error_findings_and_prints_json(failing_file):
    result = run("check", str(failing_file), "--json")
    assert result.returncode == 1
    found = json.loads(result.stdout)
    assert found["errors"] >= 1
    assert "AK04" in {f["code"] for f in found["findings"]}


def test_summary_json(demo_file):
    result = run("summary", str(demo_file), "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["progress"]["plans"] == 9
    assert found["progress"]["by_status"]["living"] == 3
    plans = {p["plan_id"]: p for p in found["plans"]}
    assert plans["plan-3"]["next_steps"][0]["blockers"][0]["code"] == "AK19"


def test_agenda_json(demo_file):
    result = run(
        "agenda",
        str(demo_file),
        "--start",
        "2024-09-01",
        "--end",
        "2024-09-30",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["start"], found["end"]) == ("2024-09-01", "2024-09-30")
    kinds = {i["kind"] for i in found["items"]}
    assert {"meeting", "instalment", "commitment"} <= kinds


def test_share_reads_stdin(demo_file):
    result = run("share", "-", "--format", "html", stdin=demo_file.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_schema_is_json():
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json_schema()


def test_a_corrupt_file_exits_3_without_a_traceback(tmp_path):
    path = tmp_path / "corrupt.json"
    text = dumps(planted(build_demo()))
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    result = run("summary", str(path))
    assert result.returncode == 3
    assert result.stdout == ""
    assert "not-json" in result.stderr
    assert leaks(result.stderr) == []


def test_a_document_from_the_future_exits_3(tmp_path):
    data = to_dict(planted(build_demo()))
    data["version"] = 99
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("check", str(path), "--json")
    assert result.returncode == 3
    assert json.loads(result.stdout)["problems"][0]["code"] == "version-too-new"
    assert "$.version version-too-new" in result.stderr
    assert leaks(result.stdout + result.stderr) == []


def test_a_document_with_bad_fields_names_paths_and_codes_only(tmp_path):
    data = to_dict(planted(build_demo()))
    for person in data["persons"]:
        person["notes"] = [person["notes"]]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("share", str(path))
    assert result.returncode == 3
    assert result.stdout == ""
    assert "$.persons[0].notes wrong-type" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert leaks(result.stderr) == []


def test_an_empty_file_exits_3(tmp_path):
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    result = run("check", str(path))
    assert result.returncode == 3
    assert "$ not-json" in result.stderr


def test_a_missing_file_exits_4(tmp_path):
    result = run("check", str(tmp_path / "missing.json"))
    assert result.returncode == 4
    assert "cannot read" in result.stderr


def test_a_usage_error_exits_2(demo_file):
    assert run("check").returncode == 2
    assert run("agenda", str(demo_file), "--start", "someday").returncode == 2
    assert run("share", str(demo_file), "--format", "pdf").returncode == 2


def test_migrate_writes_the_current_version(demo_file, tmp_path):
    out = tmp_path / "out.json"
    result = run("migrate", str(demo_file), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == SCHEMA_VERSION
    assert loads(out.read_text(encoding="utf-8")) == loads(demo_file.read_text())


def test_the_help_documents_the_exit_codes():
    result = run("--help")
    assert result.returncode == 0
    for code, meaning in EXIT_CODES.items():
        assert f"{code}  {meaning}" in result.stdout


# --- in-process -----------------------------------------------------------------


def test_main_check(demo_file, failing_file, capsys):
    assert main(["check", str(demo_file)]) == 0
    assert "0 error(s)" in capsys.readouterr().out
    assert main(["check", str(failing_file)]) == 1
    out = capsys.readouterr().out
    assert "error AK04 approach-required" in out
    assert main(["check", str(failing_file), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["errors"] >= 1


def test_main_summary(demo_file, capsys):
    assert main(["summary", str(demo_file)]) == 0
    assert capsys.readouterr().out == render_summary(loads(demo_file.read_text()))
    assert main(["summary", str(demo_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["progress"]["persons"] == 9


def test_main_agenda_text_and_json(demo_file, capsys):
    args = ["agenda", str(demo_file), "--start", "2024-09-01"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("Agenda 2024-09-01 to 2024-09-30: ")
    assert (
        "2024-09-04  instalment  Riverside Print Shop (plan-2): Instalment due" in out
    )
    assert "200.00 USD" in out
    assert "commitment  Anna (plan-1): Commitment" in out
    assert main([*args, "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    instalment = next(i for i in items if i["kind"] == "instalment")
    assert (instalment["amount"], instalment["currency"]) == ("200.00", "USD")
    assert instalment["person"] == "Riverside Print Shop"


def test_main_agenda_defaults_to_30_days_from_today(demo_file, capsys, monkeypatch):
    monkeypatch.setattr(cli, "_now", lambda: DEMO_NOW)
    assert main(["agenda", str(demo_file), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    today = DEMO_NOW.astimezone().date()
    assert found["start"] == today.isoformat()
    assert found["end"] == (today + dt.timedelta(days=29)).isoformat()
    assert main(["agenda", str(demo_file), "--end", today.isoformat()]) == 0
    assert "to " + today.isoformat() in capsys.readouterr().out


def test_main_agenda_refuses_an_end_before_the_start(demo_file, capsys):
    args = ["agenda", str(demo_file), "--start", "2024-09-02", "--end", "2024-09-01"]
    assert main(args) == 2
    assert "--end must not be before --start" in capsys.readouterr().err


def test_cli_reads_the_clock_only_through_now():
    assert cli._now().tzinfo is dt.UTC


def test_main_share(demo_file, capsys):
    workbook = loads(demo_file.read_text())
    assert main(["share", str(demo_file)]) == 0
    assert capsys.readouterr().out == share_markdown(workbook)
    assert main(["share", str(demo_file), "--format", "html"]) == 0
    assert capsys.readouterr().out == share_html(workbook)


def test_main_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


def test_main_reads_stdin(demo_file, capsys, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(demo_file.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["check", "-"]) == 0
    assert "finding(s)" in capsys.readouterr().out


def test_main_bad_stdin_is_named_standard_input(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{")))
    assert main(["summary", "-", "--json"]) == 3
    captured = capsys.readouterr()
    assert json.loads(captured.out)["error"] == "bad-document"
    assert captured.err.startswith("amendskit: standard input is not a valid")


def test_main_lists_at_most_20_problems(tmp_path, capsys):
    data = to_dict(build_demo())
    for entity in data["persons"] + data["harms"] + data["plans"]:
        entity["notes"] = 1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["check", str(path)]) == 3
    err = capsys.readouterr().err
    assert err.count("wrong-type") == 20
    assert "; and 7 more." in err


def test_main_missing_and_unreadable_files(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.json")]) == 4
    assert "No such file" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 4
    assert "cannot read" in capsys.readouterr().err


def test_main_migrate(demo_file, tmp_path, capsys):
    assert main(["migrate", str(demo_file)]) == 0
    printed = capsys.readouterr().out
    assert loads(printed) == loads(demo_file.read_text())
    assert main(["migrate", str(demo_file), "-o", "-"]) == 0
    assert capsys.readouterr().out == printed
    out = tmp_path / "out.json"
    assert main(["migrate", str(demo_file), "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == printed
    assert main(["migrate", str(demo_file), "-o", str(tmp_path)]) == 4
    assert "cannot write" in capsys.readouterr().err


def test_main_migrate_upgrades_an_old_document(demo_file, capsys, monkeypatch):
    """Pretend this release writes the next version, with a migration to it."""
    import amendskit.serialization as serialization

    def rename(document):
        document["persons"] = document.pop("people")
        return document

    steps = {**MIGRATIONS.steps, SCHEMA_VERSION: rename}
    old = json.loads(demo_file.read_text())
    old["people"] = old.pop("persons")
    demo_file.write_text(json.dumps(old), encoding="utf-8")
    monkeypatch.setattr(serialization, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(
        cli, "loads", lambda text: loads(text, migrations=Migrations(steps))
    )
    assert main(["migrate", str(demo_file)]) == 0
    upgraded = json.loads(capsys.readouterr().out)
    assert upgraded["version"] == SCHEMA_VERSION + 1
    assert "persons" in upgraded


def test_main_survives_a_closed_pipe(demo_file, tmp_path, monkeypatch):
    target = tmp_path / "stdout"
    with target.open("w") as file:

        class ClosedPipe(io.StringIO):
            def write(self, text):
                raise BrokenPipeError

            def fileno(self):
                return file.fileno()

        monkeypatch.setattr(sys, "stdout", ClosedPipe())
        assert main(["schema"]) == 1
        os.write(file.fileno(), b"after")
    assert target.read_bytes() == b""


def test_main_demo(capsys):
    assert main(["demo"]) == 0
    assert capsys.readouterr().out == render_summary(build_demo())


def test_main_usage_errors(demo_file, capsys):
    assert main([]) == 2
    assert "exit codes:" in capsys.readouterr().err
    with pytest.raises(SystemExit) as raised:
        main(["agenda", str(demo_file), "--end", "2024-02-30"])
    assert raised.value.code == 2
    assert "must be a date, YYYY-MM-DD" in capsys.readouterr().err
