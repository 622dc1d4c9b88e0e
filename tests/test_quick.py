"""The quick verdicts of bulk validation never pass a record the full checks would fault.

:class:`QuickCheck` and :func:`is_plain_json` may only say "certainly nothing to report"; when
they say yes, :func:`check_record` must find nothing. These tests try to make them lie.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import libya_conflict as lc
from libya_conflict._bulk import _TYPE_CODES
from libya_conflict._integrity import (
    _DATE_FIELDS,
    _PERIOD_FIELDS,
    _REFERENCE_FIELDS,
    _tokens,
    check_record,
)
from libya_conflict._model import RECORD_CLASSES
from libya_conflict._quick import QuickCheck
from libya_conflict._schemas import RECORD_TYPES, locations, validator_for
from libya_conflict._text import _all_harmless, _string_findings, is_plain_json, text_findings

from .conftest import REPO

CHECKS = {t: QuickCheck(t, _TYPE_CODES.__getitem__) for t in RECORD_TYPES}


def _bundled() -> list[tuple[str, dict[str, Any]]]:
    records = []
    for record_type, cls in RECORD_CLASSES.items():
        for path in sorted((REPO / "data" / cls.collection).glob("*.json")):
            records.append((record_type, json.loads(path.read_bytes())))
    return records


BUNDLED = _bundled()
INDEX = {record["id"]: record_type for record_type, record in BUNDLED}
CODES = {record_id: _TYPE_CODES[t] for record_id, t in INDEX.items()}


def _findings(record_type: str, record: dict[str, Any]) -> list[Any]:
    return list(check_record(record_type, record, INDEX))


def _schema_valid(record_type: str, record: dict[str, Any]) -> bool:
    return bool(validator_for(record_type).is_valid(record))


# -- the schema tells where each kind of value can be ------------------------------------------


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_every_reference_the_schema_allows_is_checked(record_type: str) -> None:
    """Each place a schema lets a record name another record is in the integrity checks."""
    checked = {_tokens(pattern) for pattern, _ in _REFERENCE_FIELDS[record_type]}
    checked |= {(*where, "*", "source") for where in locations(record_type, "citations")}
    special = {"relation": {("object",)}}.get(record_type, set())
    assert set(locations(record_type, "ref")) == checked | special


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_every_date_and_period_the_schema_allows_is_checked(record_type: str) -> None:
    dates = {_tokens(p) for p in _DATE_FIELDS.get(record_type, ())}
    periods = {_tokens(p) for p in _PERIOD_FIELDS.get(record_type, ())}
    assert set(locations(record_type, "partial_date")) == dates
    assert set(locations(record_type, "period")) == periods


def test_locations_follow_references_into_shared_definitions() -> None:
    assert locations("event", "quantity") == (("casualties", "*", "count"),)
    assert set(locations("event", json_type="integer")) == {
        ("casualties", "*", "count", key) for key in ("low", "best", "high")
    }
    assert locations("place", json_type="number") == (
        ("coordinates", "lat"),
        ("coordinates", "lon"),
    )


# -- the quick check ---------------------------------------------------------------------------


def test_almost_every_bundled_record_takes_the_quick_path() -> None:
    """The point of it: the records of a clean file need no full check."""
    passed = [
        CHECKS[t].passes(record, orjson.dumps(record), CODES)
        for t, record in BUNDLED
        if t in CHECKS
    ]
    assert sum(passed) >= 0.9 * len(passed)


def _mutations(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy of ``record`` with one string, number or list item changed somewhere in it."""
    record = copy.deepcopy(record)
    holders: list[tuple[Any, Any]] = []

    def walk(value: Any) -> None:
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in list(items):
            if key != "id":
                holders.append((value, key))
            if isinstance(item, dict | list):
                walk(item)

    walk(record)
    if not holders:
        return record
    holder, key = rng.choice(holders)
    old = holder[key]
    ids = list(INDEX)
    if isinstance(old, bool):
        holder[key] = not old
    elif isinstance(old, int):
        holder[key] = rng.choice([0, old + 1, old - 1, 10**25, old * 1000])
    elif isinstance(old, str):
        holder[key] = rng.choice(
            [
                rng.choice(ids),
                old + "1",
                "2019-02-29",
                "2020-13",
                "2011/2010",
                old[: len(old) // 2] + "\u0430" + old[len(old) // 2 :],
                old + "\u202e",
                "no-such-record",
                record.get("id", "x"),
            ]
        )
    elif isinstance(old, list) and old:
        del old[rng.randrange(len(old))]
    return record


@settings(max_examples=400, deadline=None)
@given(st.integers(0, len(BUNDLED) - 1), st.randoms(use_true_random=False))
def test_the_quick_check_never_passes_a_record_with_findings(
    which: int, rng: random.Random
) -> None:
    record_type, original = BUNDLED[which]
    record = _mutations(original, rng)
    if record_type not in CHECKS or not _schema_valid(record_type, record):
        return  # only schema-valid records reach the quick check
    raw = json.dumps(record, ensure_ascii=rng.random() < 0.5).encode()
    if CHECKS[record_type].passes(record, raw, CODES):
        assert _findings(record_type, record) == []


def test_a_whole_number_read_as_a_float_is_left_to_the_reference() -> None:
    event = next(r for t, r in BUNDLED if t == "event" and "casualties" in r)
    record = copy.deepcopy(event)
    record["casualties"][0]["count"] = {"qualifier": "exact", "best": 1e25, "as_reported": "x"}
    assert not CHECKS["event"].exact(record, orjson.dumps(record))
    assert not CHECKS["event"].passes(record, orjson.dumps(record), CODES)


# -- plain text --------------------------------------------------------------------------------


@settings(max_examples=2000, deadline=None)
@given(st.text(), st.booleans())
def test_plain_json_text_has_no_text_findings(text: str, ascii_only: bool) -> None:
    """Whatever the characters and however they are escaped, "plain" means no finding."""
    document = {"name": text, "aliases": [text[::-1]], "note": {"a/b~c": text + "x"}}
    try:
        raw = json.dumps(document, ensure_ascii=ascii_only).encode("utf-8")
    except UnicodeEncodeError:
        return  # a lone surrogate cannot be written as UTF-8
    if is_plain_json(raw):
        assert list(text_findings(document)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Khalifa Haftar",
        'He said \\"no\\" / yes',
        "Misrata’s brigades — “Libya Dawn”",
        "Benghazi café, Zuwārah",
    ],
)
def test_ordinary_text_is_plain(text: str) -> None:
    assert is_plain_json(json.dumps({"t": text}, ensure_ascii=False).encode())


@pytest.mark.parametrize(
    "text",
    [
        "Khalifa H\u0430ftar",  # a Cyrillic letter in a Latin word
        "line\nbreak",  # escaped as \n
        "\u202eoverride",
        "zero\u200bwidth",
        "\x7f",
        "\ufb01ne",  # a ligature, a compatibility form
        "خليفة حفتر",  # Arabic: plain to a reader, but left to the full check of words
    ],
)
def test_text_that_may_mislead_is_not_plain(text: str) -> None:
    for ascii_only in (True, False):
        assert not is_plain_json(json.dumps({"t": text}, ensure_ascii=ascii_only).encode())


def test_a_record_file_validates_the_same_with_its_text_plain_or_not(tmp_path: Any) -> None:
    """The bulk path reports the same hostile text as the per-file validator."""
    haftar = json.loads((REPO / "data" / "actors" / "khalifa-haftar.json").read_text())
    haftar["id"] = "syn-haftar-copy"
    haftar["name"] = "Khal\u0456fa Haftar the elder"
    lines = tmp_path / "actors.jsonl"
    lines.write_text(json.dumps(haftar, ensure_ascii=True) + "\n", encoding="utf-8")
    codes = {p.code for p in lc.validate([lines]).problems}
    assert "mixed-script" in codes


@settings(max_examples=3000, deadline=None)
@given(st.text())
def test_the_harmless_shortcut_hides_no_finding(text: str) -> None:
    """text_findings skips a string whose characters are all harmless: it never skips one
    that the full walk faults."""
    full = [(code, message) for code, message, _ in _string_findings(text)]
    assert [(code, message) for _, code, message, _ in text_findings(text)] == full


@pytest.mark.parametrize("text", ["Benghazi\u00a0café", "ḥafṭar’s “men” — 2019"])
def test_strings_of_harmless_characters_are_not_walked(text: str) -> None:
    assert _all_harmless(text)
    assert not _all_harmless(text + "\u0430")
