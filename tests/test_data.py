"""The bundled data: every quote is in its source, every fact carries a citation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._loading.converter import to_json

from .conftest import REPO


def citations(value: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "citations":
                found.extend((f"{where}/citations/{i}", c) for i, c in enumerate(item))
            else:
                found.extend(citations(item, f"{where}/{key}"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(citations(item, f"{where}/{i}"))
    return found


RECORD_FILES = sorted(p for p in (REPO / "data").rglob("*.json") if p.parent.name != "sources")
QUOTE_CODES = {"quote-not-found", "source-text"}


@pytest.fixture(scope="module")
def quote_problems(seeds: Path) -> dict[str, list[str]]:
    """The quote problems of the checkout's data, by file: ``libya-conflict validate --texts``,
    the command contributors run, with the seed texts."""
    report = lc.validate([REPO / "data"], texts=seeds)
    found: dict[str, list[str]] = {}
    for problem in report.problems:
        if problem.code in QUOTE_CODES:
            found.setdefault(problem.file, []).append(str(problem))
    return found


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_quote_is_an_excerpt_of_its_own_source(
    path: Path, quote_problems: dict[str, list[str]]
) -> None:
    assert quote_problems.get(str(path), []) == []


def test_every_bundled_quote_keeps_its_texts_dashes(seeds: Path) -> None:
    """The quote check forgives a hyphen typed for the text's dash; the bundled data does not
    need it: with only whitespace and quote marks folded, every fragment is in its text."""
    marks = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})

    def plain(text: str) -> str:
        return " ".join(text.translate(marks).split())

    texts = {
        record.id: plain((seeds / record.text_file).read_text(encoding="utf-8"))
        for record in lc.load().sources
    }
    missing = [
        f"{path.parent.name}/{path.stem}{pointer}: {fragment!r}"
        for path in RECORD_FILES
        for pointer, citation in citations(json.loads(path.read_text(encoding="utf-8")))
        for fragment in map(plain, re.split(r"\.\.\.|\u2026", citation["quote"]))
        if fragment and fragment not in texts[citation["source"]]
    ]
    assert missing == []


def test_every_citation_is_checked(seeds: Path, tmp_path: Path) -> None:
    """The quote check sees every citation of the data: one changed quote, one problem."""
    record = next(p for p in RECORD_FILES if p.parent.name == "events")
    document = json.loads(record.read_text(encoding="utf-8"))
    pointer, citation = citations(document)[-1]
    citation["quote"] += " and words no source ever printed"
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / record.name).write_text(json.dumps(document), encoding="utf-8")
    report = lc.validate([folder / record.name], texts=seeds)
    assert [(p.code, p.pointer) for p in report.problems] == [
        ("quote-not-found", f"{pointer}/quote")
    ], str(report)


def test_every_fact_bearing_object_has_a_citation(ds: lc.Dataset) -> None:
    """Records, strength estimates, denials and event figures each carry their own quote."""
    missing = []
    for record in ds:
        if isinstance(record, lc.Source):
            continue
        document = to_json(record)
        objects = [("", document)]
        for key in ("strength", "denials", "casualties"):
            objects += [(f"/{key}/{i}", o) for i, o in enumerate(document.get(key, []))]
        missing += [f"{record.id}{w}" for w, o in objects if not o.get("citations")]
    assert missing == []


def test_every_source_is_cited(ds: lc.Dataset) -> None:
    cited = {c["source"] for r in ds for _, c in citations(to_json(r))}
    assert cited == set(ds.sources.ids())


def test_states_carry_iso_codes(ds: lc.Dataset) -> None:
    for actor in ds.actors.where(kind="state"):
        assert actor.iso3 is not None and re.fullmatch(r"[A-Z]{3}", actor.iso3), actor.id
