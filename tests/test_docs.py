"""The docs are executed: code blocks in docs/ and README, every example."""

import importlib.util
import re
import runpy
from pathlib import Path

import pytest

import amendskit

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))

# A ```python fence at the start of a line, up to the closing fence.
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[tuple[int, str]]:
    """Each ```python block of the page with the line it starts on."""
    text = page.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start()) + 2, match.group(1))
        for match in BLOCK.finditer(text)
    ]


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


@pytest.mark.parametrize("page", PAGES, ids=ids(PAGES))
def test_code_blocks_run(page, capsys):
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for line, source in python_blocks(page):
        code = compile(source, f"{page.relative_to(ROOT)}:{line}", "exec")
        exec(code, namespace)
    capsys.readouterr()


def test_the_pages_that_teach_have_code():
    for name in ("getting-started.md", "concepts.md"):
        assert python_blocks(DOCS / name), name
    assert python_blocks(ROOT / "README.md")


def test_a_failing_block_fails(tmp_path):
    page = tmp_path / "broken.md"
    page.write_text("```python\nx = 1\n```\n\n```python\nassert x == 2\n```\n")
    namespace: dict[str, object] = {}
    blocks = python_blocks(page)
    assert [line for line, _ in blocks] == [2, 6]
    exec(blocks[0][1], namespace)
    with pytest.raises(AssertionError):
        exec(blocks[1][1], namespace)


@pytest.mark.parametrize("script", EXAMPLES, ids=ids(EXAMPLES))
def test_example_runs(script, capsys):
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out


def test_there_are_examples():
    assert len(EXAMPLES) >= 2


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "amendskit_docs", DOCS / "_ext" / "amendskit_docs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_cover_the_library(tmp_path):
    generator = load_generator()
    generator.write_generated(tmp_path)
    lifecycle = (tmp_path / "lifecycle.md").read_text(encoding="utf-8")
    rules = (tmp_path / "rules.md").read_text(encoding="utf-8")
    api = (tmp_path / "api.md").read_text(encoding="utf-8")
    assert amendskit.mermaid_diagram().strip() in lifecycle
    for t in amendskit.TRANSITIONS:
        assert f"`{t.name}`" in lifecycle
    for r in amendskit.RULES:
        assert f"### {r.code} `{r.slug}`" in rules
        assert r.doc in rules
    for name in amendskit.__all__:
        assert re.search(rf"^\.\. auto\w+:: amendskit\.{name}$", api, re.MULTILINE)


def test_generated_docs_are_not_committed():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "docs/_generated/" in ignored
