"""``libya-conflict validate --texts DIR``: every quote checked against its source's text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._validation.quotes import fold, fragments, quote_found

TEXT = (
    "In May 2014 Khalifa Haftar launched Operation DIGNITY, a land and air\n"
    "operation against \u201cIslamist\u201d militias in Benghazi \u2014 and beyond."
)
SOURCE = {
    "id": "example-text-2019",
    "title": "An example text",
    "kind": "news_report",
    "text_file": "example.txt",
}


def _relation(record_id: str, quote: str) -> dict[str, Any]:
    return {
        "id": record_id,
        "type": "leads",
        "subject": "khalifa-haftar",
        "object": "lna",
        "certainty": "reported",
        "description": "Haftar leads the LNA.",
        "citations": [{"source": SOURCE["id"], "quote": quote}],
    }


def _write(folder: Path, collection: str, record: dict[str, Any]) -> Path:
    path = folder / collection / f"{record['id']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "example.txt").write_text(TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    _write(folder, "sources", SOURCE)
    return folder


def test_folding_and_fragments_match_the_projects_checker() -> None:
    text = fold("Haftar launched Operation DIGNITY, a land and air operation.")
    assert quote_found("launched Operation DIGNITY", text)
    assert quote_found("Haftar launched ... air operation", text)
    assert quote_found("Haftar launched \u2026 air operation", text)
    assert quote_found("Haftar launched [...] air operation", text)
    assert not quote_found("Haftar launched Operation KARAMA", text)
    assert not quote_found("air operation ... Haftar launched", text)
    assert not quote_found("...", text)
    assert fragments("a \u201cb\u201d \u2014 c ... d") == ['a "b" - c', "d"]
    assert fold("a\u00a0 b\n\tc\u2019s") == "a b c's"


def test_verbatim_quotes_pass_whatever_their_whitespace_and_quote_marks(
    data: Path, texts: Path
) -> None:
    quote = 'Haftar   launched Operation DIGNITY ... against "Islamist" militias in Benghazi - and'
    path = _write(data, "relations", _relation("haftar-leads-lna-example", quote))
    report = lc.validate([path], texts=texts)
    assert report.ok, str(report)


def test_a_quote_not_in_the_text_names_the_file_record_pointer_and_closest_passage(
    data: Path, texts: Path
) -> None:
    path = _write(
        data,
        "relations",
        _relation("haftar-leads-lna-example", "Haftar launched Operation Dignity"),
    )
    report = lc.validate([path], texts=texts)
    [problem] = report.problems
    assert problem.code == "quote-not-found"
    assert problem.file == str(path)
    assert problem.record == "haftar-leads-lna-example"
    assert problem.pointer == "/citations/0/quote"
    assert "example.txt" in problem.message and "'example-text-2019'" in problem.message
    assert problem.hint is not None
    assert "closest passage" in problem.hint
    assert "Haftar launched Operation DIGNITY" in problem.hint
    # Without --texts quotes are not checked.
    assert lc.validate([path]).ok


def test_fragments_must_come_in_order(data: Path, texts: Path) -> None:
    quote = "militias in Benghazi ... Haftar launched"
    path = _write(data, "relations", _relation("haftar-leads-lna-example", quote))
    [problem] = lc.validate([path], texts=texts).problems
    assert problem.code == "quote-not-found"
    assert "fragment 2 of 2" in problem.message


def test_a_missing_source_text_is_one_problem_per_record(data: Path, tmp_path: Path) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    record = _relation("haftar-leads-lna-example", "Haftar launched")
    record["citations"] *= 2
    path = _write(data, "relations", record)
    [problem] = lc.validate([path], texts=empty).problems
    assert problem.code == "source-text"
    assert problem.pointer == "/citations/0/source"
    assert "example.txt" in problem.message


def test_a_source_given_with_the_records_names_the_text(texts: Path, tmp_path: Path) -> None:
    """Files outside a data folder: the source record is among the files given."""
    folder = tmp_path / "loose"
    source = _write(folder, "sources", SOURCE)
    relation = _write(folder, "relations", _relation("haftar-leads-lna-example", "Haftar lunched"))
    report = lc.validate([source, relation], texts=texts)
    assert [p.code for p in report.problems] == ["quote-not-found"], str(report)


def test_json_lines_quotes_carry_their_line(data: Path, texts: Path) -> None:
    lines = data.parent / "relations.jsonl"
    records = [
        _relation("haftar-leads-lna-good", "Operation DIGNITY"),
        _relation("haftar-leads-lna-bad", "Operation KARAMA"),
    ]
    lines.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    sources = data.parent / "sources.jsonl"
    sources.write_text(json.dumps(SOURCE) + "\n", encoding="utf-8")
    report = lc.validate([sources, lines], texts=texts)
    assert [(p.code, p.line, p.record) for p in report.problems] == [
        ("quote-not-found", 2, "haftar-leads-lna-bad")
    ], str(report)


def test_the_command_line(data: Path, texts: Path) -> None:
    path = _write(data, "relations", _relation("haftar-leads-lna-example", "Operation KARAMA"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "libya_conflict", "validate", *args],
            capture_output=True,
            text=True,
            check=False,
        )

    done = run("--texts", str(texts), str(path))
    assert done.returncode == 1
    assert "/citations/0/quote: the quote is not in example.txt" in done.stdout
    assert "[quote-not-found]" in done.stdout
    done = run("--texts", str(texts / "missing"), str(path))
    assert done.returncode == 2
    assert "no such folder" in done.stderr
