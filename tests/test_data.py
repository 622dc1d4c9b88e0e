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

_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """Whitespace and typographic quotes and dashes normalised, as DESIGN.md allows."""
    return " ".join(text.translate(_FOLD).split())


def quote_found(quote: str, text: str) -> bool:
    """Whether a quote (with '...' between fragments in order) is an excerpt of ``text``."""
    position = 0
    parts = [fold(p) for p in re.split(r"\.\.\.|\u2026", quote) if fold(p)]
    for part in parts:
        index = text.find(part, position)
        if index < 0:
            return False
        position = index + len(part)
    return bool(parts)


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


@pytest.fixture(scope="module")
def texts(seeds: Path) -> dict[str, str]:
    return {
        s.id: fold((seeds / s.text_file).read_text(encoding="utf-8")) for s in lc.load().sources
    }


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_quote_is_an_excerpt_of_its_own_source(path: Path, texts: dict[str, str]) -> None:
    record = json.loads(path.read_text(encoding="utf-8"))
    for where, citation in citations(record):
        assert quote_found(citation["quote"], texts[citation["source"]]), (
            f"{where}: quote not in {citation['source']}: {citation['quote'][:80]!r}"
        )


def test_the_quote_checker_rejects_what_is_not_in_the_text() -> None:
    text = fold("Haftar launched Operation DIGNITY, a land and air operation.")
    assert quote_found("launched Operation DIGNITY", text)
    assert quote_found("Haftar launched ... air operation", text)
    assert not quote_found("Haftar launched Operation KARAMA", text)
    assert not quote_found("air operation ... Haftar launched", text)


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
