"""examples/workbook.ipynb runs headless, top to bottom, without an error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "workbook.ipynb"
KERNEL = "amendskit-test"


@pytest.fixture
def kernel(tmp_path, monkeypatch) -> str:
    """A kernel spec that runs this interpreter, on this tree's source."""
    spec = tmp_path / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    sys.executable,
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "amendskit tests",
                "language": "python",
                "env": {"PYTHONPATH": str(ROOT / "src")},
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    return KERNEL


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_the_committed_notebook_has_no_outputs(notebook):
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


def test_the_notebook_runs(notebook, kernel):
    client = NotebookClient(
        notebook,
        kernel_name=kernel,
        timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    executed = client.execute()
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    rich = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("amendskit-workbook" in o.data["text/html"] for o in rich)
    assert any("amendskit-agenda" in o.data["text/html"] for o in rich)
    # The notes written in the notebook show up in no output, in no form.
    assert "guitar" not in json.dumps([dict(o) for o in outputs])
