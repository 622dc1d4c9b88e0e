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
def test_examples_on_page_run(
    page: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # As a user runs them: from a folder outside the checkout, against the installed package
    # (scripts/test.sh installs the wheel). An example writes what it reads.
    monkeypatch.chdir(tmp_path_factory.mktemp("reader"))
    test = examples(page.read_text(encoding="utf-8"), page.relative_to(REPO).as_posix())
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failures: list[str] = []

    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)


def test_no_example_names_a_file_of_the_checkout() -> None:
    """Examples write their own input or use the bundled data: none reads tests/ or data/."""
    pages = [*_pages(), *(DOCS / "guide" / name for name in sorted(OWN_RUNNER))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for example in examples(text, page.name).examples:
            assert not re.search(r"['\"](\./)?(tests|data|schemas)/", example.source), (
                page.name,
                example.source,
            )


def test_contributing_templates_are_valid_records(tmp_path: Path) -> None:
    import json

    import libya_conflict as lc
    from libya_conflict._model.records import COLLECTION_TYPES

    text = (DOCS / "contributing.md").read_text(encoding="utf-8")
    templates = re.findall(r"### \S+.*?\(`data/(\w+)/`\)\n\n```json\n(.*?)```", text, re.DOTALL)
    assert sorted(c for c, _ in templates) == sorted(COLLECTION_TYPES)
    for collection, body in templates:
        record = json.loads(body)
        folder = tmp_path / collection
        folder.mkdir()
        (folder / f"{record['id']}.json").write_text(body, encoding="utf-8")
    # The relation template points at the armed-group template: validate them together.
    report = lc.validate([tmp_path / c for c in COLLECTION_TYPES])
    assert report.ok, str(report)


def test_api_reference_documents_every_public_name() -> None:
    import libya_conflict as lc

    page = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"libya_conflict\.(\w+)$", page, flags=re.MULTILINE))
    assert set(lc.__all__) - documented <= {"Record", "__version__"}
    assert "`Record`" in page
    assert "`__version__`" in page


def test_pre_commit_hook_runs_the_validator_on_data_files() -> None:
    hook = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: libya-conflict-validate\n" in hook
    assert "  entry: libya-conflict validate\n" in hook
    assert "  language: python\n" in hook
    files = re.search(r"^  files: (.+)$", hook, flags=re.MULTILINE)
    assert files is not None
    pattern = re.compile(files.group(1))
    assert pattern.search("data/events/2019-04-04-lna-tripoli-offensive.json")
    assert not pattern.search("src/libya_conflict/_cli.py")


def test_codebook_lists_every_schema_field_with_its_description(tmp_path: Path) -> None:
    import sys

    import libya_conflict as lc

    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import libya_pages
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    libya_pages.generate(tmp_path)
    for record_type in lc.RECORD_TYPES:
        page = (tmp_path / "codebook" / f"{record_type}.md").read_text(encoding="utf-8")
        schema = lc.schema(record_type)
        for name, sub in schema["properties"].items():
            row = next(line for line in page.splitlines() if line.startswith(f"| `/{name}` |"))
            prose = libya_pages.split_description(sub["description"])[0]
            assert libya_pages.md(prose) in row, (record_type, name)
        kind = schema["properties"].get("kind", {}).get("description", "")
        for value, meaning in libya_pages.split_description(kind)[1].items():
            assert f"| `{value}` | {libya_pages.md(meaning)} |" in page, (record_type, value)
        assert "```json" in page  # a real example record
    assert (tmp_path / "include" / "counts.md").is_file()
    assert len(list((tmp_path / "sources").glob("*.md"))) == len(lc.load().sources)
