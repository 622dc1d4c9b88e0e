"""Sphinx configuration for the libya-conflict documentation (MyST Markdown, furo theme)."""

from __future__ import annotations

import sys
from pathlib import Path

import libya_conflict

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "libya-conflict"
author = "libya-conflict contributors"
copyright = "libya-conflict contributors; data CC BY 4.0"
release = libya_conflict.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "libya_docs",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_generated/include", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}
nitpicky = False

html_theme = "furo"
html_title = f"libya-conflict {release}"
html_static_path: list[str] = []

# Pages written separately, picked up by toctree globs when present: a glob among these that
# matches nothing yet is not an error (libya_docs drops that one warning, nothing else).
libya_optional_globs = ["versioning*", "releasing*", "guide/*"]
