"""The ``amendskit`` command line: ``python -m amendskit COMMAND``.

Each subcommand is a small function that takes the parsed arguments and
returns an exit code; `_COMMANDS` lists them with their help, so a new
command is one function and one entry. Printing, reading files and reading
the system clock happen here and nowhere else in amendskit.

Exit codes scripts can rely on are in `EXIT_CODES`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from amendskit.agenda import AgendaItem, agenda
from amendskit.demo import build_demo, render_summary
from amendskit.errors import DocumentError
from amendskit.rules import Finding, Severity
from amendskit.schema import json_schema
from amendskit.serialization import Limits, dumps, loads
from amendskit.share import share_html, share_markdown
from amendskit.tables import plan_records
from amendskit.workbook import Workbook

__all__ = ["EXIT_CODES", "build_parser", "main"]

#: What each exit code means.
EXIT_CODES = {
    0: "success",
    1: "the workbook has findings of error severity (check)",
    2: "usage error: a bad command, option or argument",
    3: "the document is not a valid workbook document",
    4: "a file cannot be read or written",
}

Command = Callable[[argparse.Namespace], int]


class _Exit(Exception):
    """Ends a command with an exit code, after its message was printed."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _fail(code: int, message: str) -> NoReturn:
    print(f"amendskit: {message}", file=sys.stderr)
    raise _Exit(code)


# --- input and output ---------------------------------------------------------------


def _read(path: str) -> bytes:
    """The bytes of FILE (``-``: standard input), at most one byte past the limit."""
    most = Limits().max_bytes + 1
    if path == "-":
        return sys.stdin.buffer.read(most)
    try:
        with open(path, "rb") as file:
            return file.read(most)
    except OSError as error:
        _fail(4, f"cannot read {path}: {error.strerror or 'unreadable'}")


def _workbook(args: argparse.Namespace) -> Workbook:
    """The workbook in ``args.file``; a bad document exits 3."""
    try:
        return loads(_read(args.file))
    except DocumentError as error:
        if getattr(args, "json", False):
            _print_json(
                {
                    "error": "bad-document",
                    "problems": [
                        {"path": p.path, "code": p.code, "message": p.message}
                        for p in error.problems
                    ],
                }
            )
        _fail(3, _document_error(args.file, error))


def _document_error(path: str, error: DocumentError) -> str:
    """One paragraph: the problem paths and codes, never the document's text."""
    shown = "; ".join(f"{p.path} {p.code}" for p in error.problems[:20])
    more = len(error.problems) - 20
    rest = f"; and {more} more" if more > 0 else ""
    name = "standard input" if path == "-" else path
    return (
        f"{name} is not a valid workbook document "
        f"({len(error.problems)} problem(s)): {shown}{rest}."
    )


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --- commands ------------------------------------------------------------------------


def _demo(args: argparse.Namespace) -> int:
    """Print the summary of a demo workbook that walks the whole lifecycle."""
    print(render_summary(build_demo()), end="")
    return 0


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "slug": finding.slug,
        "severity": finding.severity.value,
        "message": finding.message,
        "plan_id": finding.plan_id,
        "person_id": finding.person_id,
        "harm_ids": list(finding.harm_ids),
        "field": finding.field,
    }


def _check(args: argparse.Namespace) -> int:
    """Check a workbook against every rule; exit 1 on any error finding."""
    findings = _workbook(args).check()
    errors = sum(f.severity is Severity.ERROR for f in findings)
    if args.json:
        _print_json(
            {"findings": [_finding_json(f) for f in findings], "errors": errors}
        )
    else:
        for f in findings:
            where = ", ".join(i for i in (f.person_id, f.plan_id) if i)
            print(f"{f.severity.value} {f.code} {f.slug} [{where}]: {f.message}")
        print(f"{len(findings)} finding(s), {errors} error(s)")
    return 1 if errors else 0


def _summary(args: argparse.Namespace) -> int:
    """Print progress, each plan's next steps and what blocks them."""
    workbook = _workbook(args)
    if not args.json:
        print(render_summary(workbook), end="")
        return 0
    progress = workbook.summary()
    plans = [
        {**record, "next_steps": _steps_json(workbook, str(record["plan_id"]))}
        for record in plan_records(workbook)
    ]
    _print_json(
        {
            "progress": {
                "persons": progress.persons,
                "plans": progress.plans,
                "by_status": {s.value: n for s, n in progress.by_status.items()},
                "persons_without_plans": list(progress.persons_without_plans),
            },
            "plans": plans,
        }
    )
    return 0


def _steps_json(workbook: Workbook, plan_id: str) -> list[dict[str, Any]]:
    return [
        {
            "name": s.transition.name,
            "target": s.target.value,
            "allowed": s.allowed,
            "blockers": [_finding_json(f) for f in s.blockers],
        }
        for s in workbook.next_steps(plan_id)
    ]


def _agenda(args: argparse.Namespace) -> int:
    """List what is due: meetings, instalments, reviews, follow-ups, commitments.

    The window runs from --start (default: today, from the system clock)
    to --end, both included (default: 30 days in all), in local time.
    """
    zone = _now().astimezone().tzinfo
    first: dt.date = args.start or _now().astimezone().date()
    last: dt.date = args.end or first + dt.timedelta(days=_AGENDA_DAYS - 1)
    if last < first:
        _fail(2, "--end must not be before --start")
    workbook = _workbook(args)
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    items = agenda(workbook, start, end)
    rows = [_agenda_json(workbook, item) for item in items]
    if args.json:
        _print_json(
            {"start": first.isoformat(), "end": last.isoformat(), "items": rows}
        )
        return 0
    print(f"Agenda {first.isoformat()} to {last.isoformat()}: {len(rows)} item(s)")
    for item, row in zip(items, rows, strict=True):
        amount = f" {item.amount}" if item.amount else ""
        when = row["day"] if item.all_day else f"{item.at:%Y-%m-%d %H:%M %z}"
        print(
            f"{when}  {row['kind']}  {row['person']} ({row['plan_id']}): "
            f"{row['summary']}{amount}"
        )
    return 0


#: How many days the agenda shows by default.
_AGENDA_DAYS = 30


def _now() -> dt.datetime:
    """The system clock: the command line is the only place that reads it."""
    return dt.datetime.now(dt.UTC)


def _agenda_json(workbook: Workbook, item: AgendaItem) -> dict[str, Any]:
    return {
        "uid": item.uid,
        "at": item.at.isoformat(),
        "all_day": item.all_day,
        "day": item.day.isoformat(),
        "kind": item.kind.value,
        "plan_id": item.plan_id,
        "person_id": item.person_id,
        "person": workbook.person(item.person_id).name,
        "summary": item.summary,
        "amount": None if item.amount is None else format(item.amount.amount, "f"),
        "currency": None if item.amount is None else item.amount.currency,
    }


def _share(args: argparse.Namespace) -> int:
    """Print the list for a sponsor, without private notes or third parties."""
    workbook = _workbook(args)
    render = share_html if args.format == "html" else share_markdown
    print(render(workbook), end="")
    return 0


def _schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of workbook documents."""
    _print_json(json_schema())
    return 0


def _migrate(args: argparse.Namespace) -> int:
    """Write the document upgraded to the current format version."""
    text = dumps(_workbook(args), indent=2) + "\n"
    if args.output in (None, "-"):
        print(text, end="")
        return 0
    try:
        with open(args.output, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        _fail(4, f"cannot write {args.output}: {error.strerror or 'unwritable'}")
    return 0


# --- arguments ----------------------------------------------------------------------


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a subcommand that takes no arguments of its own."""


def _file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help="a workbook JSON document, or - for stdin"
    )


def _file_json(parser: argparse.ArgumentParser) -> None:
    _file(parser)
    parser.add_argument(
        "--json", action="store_true", help="print JSON instead of text"
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date, YYYY-MM-DD") from None


def _agenda_arguments(parser: argparse.ArgumentParser) -> None:
    _file_json(parser)
    parser.add_argument(
        "--start", type=_date, metavar="DATE", help="the first day (default: today)"
    )
    parser.add_argument(
        "--end",
        type=_date,
        metavar="DATE",
        help=f"the last day, included (default: {_AGENDA_DAYS} days in all)",
    )


def _share_arguments(parser: argparse.ArgumentParser) -> None:
    _file(parser)
    parser.add_argument(
        "--format",
        choices=("md", "html"),
        default="md",
        help="Markdown (default) or a standalone HTML page",
    )


def _migrate_arguments(parser: argparse.ArgumentParser) -> None:
    _file(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write the upgraded document (default: stdout)",
    )


#: Every subcommand: its name, its function, and what adds its arguments.
_COMMANDS: tuple[
    tuple[str, Command, Callable[[argparse.ArgumentParser], None]], ...
] = (
    ("demo", _demo, _no_arguments),
    ("check", _check, _file_json),
    ("summary", _summary, _file_json),
    ("agenda", _agenda, _agenda_arguments),
    ("share", _share, _share_arguments),
    ("schema", _schema, _no_arguments),
    ("migrate", _migrate, _migrate_arguments),
)


def _epilog() -> str:
    lines = ["exit codes:"]
    lines += [f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items()]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand of `_COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="amendskit",
        description="Tools for amendskit, a library for making amends (Steps 8 and 9).",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, command, add_arguments in _COMMANDS:
        summary = (command.__doc__ or "").split("\n", 1)[0]
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=_epilog(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        add_arguments(sub)
        sub.set_defaults(command=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``).

    Returns the exit code (`EXIT_CODES`): 2 with the help on standard
    error when no command is given; bad arguments exit 2 through
    `argparse`.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    command: Command | None = getattr(args, "command", None)
    if command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return command(args)
    except _Exit as done:
        return done.code
    except BrokenPipeError:
        # The reader went away (``amendskit summary FILE | head``): no
        # traceback, and no second error when Python flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


# Only runs as ``python -m amendskit`` (tested as a subprocess, which the
# coverage of the test process does not see); tests call `main()` directly.
if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
