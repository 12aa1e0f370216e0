"""Sphinx extension: write the generated parts of the docs from the library.

The lifecycle diagram and transition table come from
`amendskit.TRANSITIONS` and `amendskit.mermaid_diagram()`, the rule
catalogue from `amendskit.RULES`, the API reference from
`amendskit.__all__`. They are written into ``docs/_generated/`` (git-ignored)
when the builder starts and pulled into the pages with MyST's ``{include}``;
nothing here is ever written by hand.

Run as a script to write them without Sphinx:
``python docs/_ext/amendskit_docs.py [OUTDIR]``.
"""

from __future__ import annotations

import enum
import inspect
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import amendskit
from amendskit import RULES, TRANSITIONS, Rule, Scope, Transition, mermaid_diagram

GENERATED = "_generated"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _source(t: Transition) -> str:
    return "*(new plan)*" if t.source is None else f"`{t.source.value}`"


def _move(t: Transition) -> str:
    return f"{_source(t)} → `{t.target.value}`"


def lifecycle_markdown() -> str:
    """The lifecycle as a Mermaid diagram and a table of transitions."""
    lines = ["```{mermaid}", mermaid_diagram().rstrip("\n"), "```", ""]
    lines += [
        "| from | to | name | trigger | guarded by | meaning |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for t in TRANSITIONS:
        guards = ", ".join(f"{{ref}}`{code} <{code.lower()}>`" for code in t.guards)
        lines.append(
            f"| {_source(t)} | `{t.target.value}` | `{t.name}` | {t.trigger.value} "
            f"| {guards or '—'} | {_cell(t.doc)} |"
        )
    return "\n".join(lines) + "\n"


def _guarded(r: Rule) -> str:
    if r.scope is Scope.MOVE:
        return "every transition (checked before the plan rules)"
    moves = [f"{_move(t)} (`{t.name}`)" for t in TRANSITIONS if r.code in t.guards]
    if moves:
        return "; ".join(moves)
    if r.scope is Scope.PERSON:
        return "none: reported by `check()` for every person"
    return "none: no transition runs this rule"


def rules_markdown() -> str:
    """The rule catalogue: one section per rule of `amendskit.RULES`."""
    lines: list[str] = []
    for r in RULES:
        fixed = "yes (a policy cannot tune it)" if r.fixed else "no"
        lines += [
            f"({r.code.lower()})=",
            f"### {r.code} `{r.slug}`",
            "",
            "| | |",
            "| --- | --- |",
            f"| default severity | {r.severity.value} |",
            f"| scope | {r.scope.value} |",
            f"| fixed | {fixed} |",
            f"| guards | {_cell(_guarded(r))} |",
            "",
            r.doc,
            "",
        ]
    return "\n".join(lines)


def _directive(name: str, value: Any) -> Iterator[str]:
    """reStructuredText autodoc lines (autodoc emits reST, not Markdown)."""
    target = f"amendskit.{name}"
    if inspect.isclass(value):
        yield f".. autoclass:: {target}"
        yield "   :members:"
        if issubclass(value, enum.Enum):
            yield "   :undoc-members:"
        if issubclass(value, BaseException):
            yield "   :show-inheritance:"
    elif callable(value):
        yield f".. autofunction:: {target}"
    else:
        yield f".. autodata:: {target}"
        yield "   :no-value:"
    yield ""


def api_markdown() -> str:
    """Autodoc directives for every name in `amendskit.__all__`, by module."""
    by_module: dict[str, list[str]] = {}
    for name in amendskit.__all__:
        value = getattr(amendskit, name)
        home = getattr(value, "__module__", None)
        if not (isinstance(home, str) and home.startswith("amendskit.")):
            home = _defining_module(name)
        by_module.setdefault(home, []).append(name)
    lines: list[str] = []
    for module_name in sorted(by_module):
        module = sys.modules[module_name]
        summary = (module.__doc__ or "").strip().split("\n", 1)[0]
        lines += [f"## `{module_name}`", "", summary, "", "```{eval-rst}"]
        for name in by_module[module_name]:
            lines += _directive(name, getattr(amendskit, name))
        lines += ["```", ""]
    return "\n".join(lines)


def _defining_module(name: str) -> str:
    """The amendskit module whose ``__all__`` lists `name` (for plain data)."""
    for module_name, module in sorted(sys.modules.items()):
        if module_name.startswith("amendskit.") and name in getattr(
            module, "__all__", ()
        ):
            return module_name
    raise LookupError(name)


PAGES: dict[str, Callable[[], str]] = {
    "lifecycle.md": lifecycle_markdown,
    "rules.md": rules_markdown,
    "api.md": api_markdown,
}


def write_generated(outdir: Path) -> list[Path]:
    """Write every generated page into `outdir`; unchanged files are kept."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, render in PAGES.items():
        path = outdir / filename
        text = "<!-- generated by docs/_ext/amendskit_docs.py: do not edit -->\n\n"
        text += render()
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _on_builder_inited(app: Any) -> None:
    write_generated(Path(app.srcdir) / GENERATED)


def setup(app: Any) -> dict[str, Any]:
    """Register the generator with Sphinx."""
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / GENERATED
    for path in write_generated(Path(sys.argv[1]) if sys.argv[1:] else default):
        print(path)
