"""Sphinx configuration for the amendskit docs.

Build: ``sphinx-build -W --keep-going -b html docs docs/_build/html``.
The lifecycle, the rule catalogue and the API list are generated from the
library at build time by ``_ext/amendskit_docs.py`` into ``_generated/``.
"""

import sys
from importlib.metadata import version as _version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "amendskit"
author = "The amendskit team"
copyright = "the amendskit team"
release = _version("amendskit")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinxcontrib.mermaid",
    "amendskit_docs",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
# Generated pages are pulled into concepts.md and api.md by {include}.
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"

# "raw" puts the diagram source in the page; the browser draws it, so the
# build never needs the network or a mermaid CLI.
mermaid_output_format = "raw"

html_theme = "furo"
html_title = f"amendskit {release}"
