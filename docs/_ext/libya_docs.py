"""Sphinx extension: regenerate the data-driven pages and figures at the start of every build.

At ``builder-inited`` it writes the codebook, the per-source pages and the counts
(:mod:`libya_pages`) and draws the figures (:mod:`libya_figures`) into ``docs/_generated/``,
which is gitignored: the site always shows the data and schemas of the installed release.
Run ``python docs/_ext/libya_docs.py`` to regenerate without building.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import libya_figures
import libya_pages

GENERATED = Path(__file__).resolve().parents[1] / "_generated"


def generate(out: Path = GENERATED) -> list[Path]:
    """Write every generated page and figure under ``out``."""
    return [*libya_pages.generate(out), *libya_figures.generate(out / "figures")]


def _on_builder_inited(app: Any) -> None:
    written = generate(Path(app.srcdir) / "_generated")
    print(f"libya_docs: regenerated {len(written)} pages and figures from the data")


class _OptionalGlobs(logging.Filter):
    """Drop the "glob pattern matched nothing" warning for the configured optional globs."""

    def __init__(self, patterns: list[str]) -> None:
        super().__init__()
        self.messages = {f"toctree glob pattern {p!r} didn't match any documents" for p in patterns}

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.messages


def _on_config_inited(app: Any, config: Any) -> None:
    quiet = _OptionalGlobs(list(config.libya_optional_globs))
    for handler in logging.getLogger("sphinx").handlers:
        handler.filters.insert(0, quiet)  # before the filter that turns warnings into errors


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("libya_optional_globs", [], "env")
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    for path in generate(Path(sys.argv[1]) if len(sys.argv) > 1 else GENERATED):
        print(path)
