"""Validate documents with Ajv, the JavaScript JSON Schema validator, from tests.

`ajv_validate(documents)` runs ``node clients/js/validate.mjs`` once for the
whole batch (one node process, about a quarter of a second) and returns the
failing Ajv keywords of each document, in Ajv's order: ``[]`` means valid.
`ajv_errors` returns the same with instance paths.

Node.js and the client's ``node_modules`` are required: when either is
missing these functions raise `AjvUnavailable` (the test fails, it is not
skipped), saying to run ``npm ci --prefix clients/js``.

Documents are sent as JSON text: NaN and infinities are refused here
(``ValueError``), and integers beyond 2**53 reach Ajv rounded, as in any
JavaScript client.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

__all__ = [
    "CLIENT",
    "SCRIPT",
    "AjvUnavailable",
    "ajv_errors",
    "ajv_validate",
    "require_client",
]

ROOT = Path(__file__).resolve().parents[1]
#: The JavaScript client: validate.mjs, generate-types.mjs, package.json.
CLIENT = ROOT / "clients" / "js"
SCRIPT = CLIENT / "validate.mjs"
#: Packages validate.mjs and the type generator import.
_PACKAGES = ("ajv", "ajv-formats", "json-schema-to-typescript", "typescript")
_TIMEOUT = 300


class AjvUnavailable(RuntimeError):
    """Node.js or the JavaScript client's dependencies are not installed."""


def require_client(client: Path = CLIENT) -> str:
    """The path of ``node``, once node and the client's packages are there."""
    node = shutil.which("node")
    if node is None:
        raise AjvUnavailable(
            "node is not on PATH: install Node.js 20 or later, then run "
            "`npm ci --prefix clients/js`"
        )
    missing = [
        name
        for name in _PACKAGES
        if not (client / "node_modules" / name / "package.json").is_file()
    ]
    if missing:
        raise AjvUnavailable(
            f"{client / 'node_modules'} lacks {', '.join(missing)}: "
            "run `npm ci --prefix clients/js` from the repository root"
        )
    return node


def ajv_errors(
    documents: list[Any], *, schema: Path | None = None
) -> list[list[dict[str, str]]]:
    """Ajv's errors for each document: dicts of keyword, instancePath, schemaPath.

    `schema` defaults to the one shipped in the package
    (``src/amendskit/workbook.schema.json``).
    """
    node = require_client()
    command = [node, str(SCRIPT)]
    if schema is not None:
        command += ["--schema", str(schema)]
    text = json.dumps(documents, allow_nan=False)
    done = subprocess.run(
        command,
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"validate.mjs exited with {done.returncode}:\n{done.stderr.strip()}"
        )
    results: list[list[dict[str, str]]] = json.loads(done.stdout)
    if len(results) != len(documents):
        raise RuntimeError("validate.mjs answered for a different number of documents")
    return results


def ajv_validate(documents: list[Any]) -> list[list[str]]:
    """The failing Ajv keywords of each document (``[]`` when it is valid)."""
    return [[error["keyword"] for error in errors] for errors in ajv_errors(documents)]
