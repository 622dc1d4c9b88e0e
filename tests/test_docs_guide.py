"""The examples of the user guide (docs/guide/*.md) run and print what the pages show."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from .conftest import REPO

GUIDE = REPO / "docs" / "guide"
PAGES = ("questions.md", "queries.md", "exports.md")


@pytest.mark.parametrize("page", PAGES)
def test_guide_examples_run(page: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # outside the checkout, as a user runs them
    text = (GUIDE / page).read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, page, str(GUIDE / page), 0)
    assert len(test.examples) >= 5, f"{page} has too few examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) of {page} failed; see the output above"
