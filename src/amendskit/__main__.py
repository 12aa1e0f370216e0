"""The ``amendskit`` command line: ``python -m amendskit COMMAND``.

Each subcommand is a small function that takes the parsed arguments and
returns an exit code; `_COMMANDS` lists them with their help, so a new
command (``schema``, ``check FILE``...) is one function and one entry.
Printing here is the only output amendskit ever does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from amendskit.demo import build_demo, render_summary

__all__ = ["main"]

Command = Callable[[argparse.Namespace], int]


def _demo(args: argparse.Namespace) -> int:
    """Print the summary of a demo workbook that walks the whole lifecycle."""
    print(render_summary(build_demo()), end="")
    return 0


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a subcommand that takes no arguments of its own."""


#: Every subcommand: its name, its function, and what adds its arguments.
_COMMANDS: tuple[
    tuple[str, Command, Callable[[argparse.ArgumentParser], None]], ...
] = (("demo", _demo, _no_arguments),)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand of `_COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="amendskit",
        description="Tools for amendskit, a library for making amends (Steps 8 and 9).",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, command, add_arguments in _COMMANDS:
        summary = (command.__doc__ or "").split("\n", 1)[0]
        sub = commands.add_parser(name, help=summary, description=summary)
        add_arguments(sub)
        sub.set_defaults(command=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``).

    Returns the exit code: 0 on success, 2 (with the help on standard
    error) when no command is given. Bad arguments exit 2 through
    `argparse`.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    command: Command | None = getattr(args, "command", None)
    if command is None:
        parser.print_help(sys.stderr)
        return 2
    return command(args)


# Only runs as ``python -m amendskit`` (tested as a subprocess, which the
# coverage of the test process does not see); tests call `main()` directly.
if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
