"""Every ``>>>`` example in the documentation runs and prints what the page says it prints."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from .conftest import REPO

DOCS = REPO / "docs"
# The query, export and question pages have their own runner (tests for issue 5's features).
OWN_RUNNER = {"queries.md", "exports.md", "questions.md"}
FENCE = re.compile(r"^\s*(```|~~~|:::).*$", flags=re.MULTILINE)


def _pages() -> list[Path]:
    skipped = {"_build", "_generated"}
    return sorted(
        path
        for path in DOCS.rglob("*.md")
        if not skipped & set(path.relative_to(DOCS).parts)
        and not (path.parent.name == "guide" and path.name in OWN_RUNNER)
    )


def examples(text: str, name: str) -> doctest.DocTest:
    """The page's examples; a code fence ends the expected output of the example above it."""
    return doctest.DocTestParser().get_doctest(FENCE.sub("", text), {}, name, name, 0)


def test_fence_ends_expected_output() -> None:
    test = examples("```pycon\n>>> 1 + 1\n2\n```\nprose\n", "page")
    assert [e.want for e in test.examples] == ["2\n"]


def test_the_pages_hold_examples() -> None:
    pages = {p.name: p for p in _pages()}
    for name in ("getting-started.md", "loading.md", "lookup.md", "validation.md"):
        assert examples(pages[name].read_text(encoding="utf-8"), name).examples, name


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_examples_on_page_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # examples name files relative to the checkout, as the pages say
    test = examples(page.read_text(encoding="utf-8"), page.relative_to(REPO).as_posix())
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failures: list[str] = []

    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)
