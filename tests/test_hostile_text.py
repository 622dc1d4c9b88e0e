"""Hostile text: a record cannot smuggle controls, reordering or invisible characters, or
letters that imitate Latin ones, into its names, titles and quotes; IDs cannot be paths; and
the validator never follows a link out of the folders it was given."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._model.text import one_line, text_findings

from .conftest import REPO

HAFTAR = json.loads((REPO / "data" / "actors" / "khalifa-haftar.json").read_text())


def _validate_actor(tmp_path: Path, change: dict[str, Any], name: str = "khalifa-haftar") -> Any:
    folder = tmp_path / "actors"
    folder.mkdir(exist_ok=True)
    record = {**HAFTAR, **change}
    path = folder / f"{name}.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path, lc.validate([path])


HOSTILE = [
    # (field, value, code, code point named)
    ("name", "Khalifa H\u0430ftar", "mixed-script", "U+0430 CYRILLIC SMALL LETTER A"),
    ("name", "Khalifa \u041d\u0430ftar", "mixed-script", "U+041D CYRILLIC CAPITAL LETTER EN"),
    ("name", "Khalifa Haft\u03b1r", "mixed-script", "U+03B1 GREEK SMALL LETTER ALPHA"),
    ("name", "\u202eratfaH afilahK", "bidi-control", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("name", "Khalifa \u2066Haftar\u2069", "bidi-control", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("name", "Khalifa Haf\u200btar", "invisible-character", "U+200B ZERO WIDTH SPACE"),
    ("name", "Khalifa Haf\u200dtar", "invisible-character", "U+200D ZERO WIDTH JOINER"),
    ("name", "Khalifa\u00adHaftar", "invisible-character", "U+00AD SOFT HYPHEN"),
    ("name", "Khalifa\tHaftar", "control-character", "U+0009 CHARACTER TABULATION"),
    ("name", "Khalifa Haftar\u0000", "control-character", "U+0000 NULL"),
    ("name", "Khalifa Haftar\u2028", "control-character", "U+2028 LINE SEPARATOR"),
    ("name", "Khalifa Haftar\ue000", "not-a-character", "U+E000 <private use>"),
    ("name", "\uff28aftar", "lookalike-character", "U+FF28 FULLWIDTH LATIN CAPITAL LETTER H"),
    ("name", "\U0001d407aftar", "lookalike-character", "U+1D407 MATHEMATICAL BOLD CAPITAL H"),
    ("name", "\u0421\u0410\u0420", "lookalike-character", "U+0421 CYRILLIC CAPITAL LETTER ES"),
    ("name", "\u13bb\u13aa\u13a0", "lookalike-character", "U+13BB CHEROKEE LETTER MI"),
    ("aliases", ["Hifter", "H\u0456fter"], "mixed-script", "U+0456 CYRILLIC SMALL LETTER"),
    ("description", "A general\u202e.", "bidi-control", "U+202E RIGHT-TO-LEFT OVERRIDE"),
]


@pytest.mark.parametrize(
    ("field", "value", "code", "named"), HOSTILE, ids=[f"{h[2]}-{h[3][:6]}" for h in HOSTILE]
)
def test_hostile_text_is_refused_naming_file_record_field_and_code_point(
    tmp_path: Path, field: str, value: Any, code: str, named: str
) -> None:
    path, report = _validate_actor(tmp_path, {field: value})
    problems = [p for p in report.problems if p.code == code]
    assert len(problems) == 1, report
    (problem,) = problems
    assert problem.file == str(path)
    assert problem.record == "khalifa-haftar"
    assert problem.pointer == (f"/{field}/1" if field == "aliases" else f"/{field}")
    assert named in problem.message
    line = str(problem)
    assert line.isprintable(), "the report itself must not carry the hostile characters"


def test_a_hostile_quote_in_a_citation_is_refused(tmp_path: Path) -> None:
    citations = [dict(c) for c in HAFTAR["citations"]]
    citations[2]["quote"] = citations[2]["quote"].replace("a", "\u0430", 1)
    _, report = _validate_actor(tmp_path, {"citations": citations})
    (problem,) = report.problems
    assert (problem.code, problem.pointer) == ("mixed-script", "/citations/2/quote")


def test_an_impersonating_record_is_caught(tmp_path: Path) -> None:
    impostor = {"id": "khalifa-haftar-2", "name": "Khalifa H\u0430ftar", "aliases": []}
    _, report = _validate_actor(tmp_path, impostor, name="khalifa-haftar-2")
    assert [(p.code, p.pointer) for p in report.problems] == [
        ("mixed-script", "/name"),
        ("name-taken", "/name"),
    ]
    assert "passes for a name of 'khalifa-haftar'" in report.problems[1].message


@pytest.mark.parametrize(
    ("name", "aliases"),
    [
        ("Khalifa Haftar", []),
        ("KHALIFA HAFTAR", []),
        ("Khalifa al-Haftar", []),
        ("\uff2bhalifa Haftar", []),
        ("Field Marshal Khalifa", ["Hift\u0430r"]),
        ("Khal\u0131fa Haftar", []),  # a Latin dotless i imitating a Latin i
        ("Kh\u0251lifa Haftar", []),  # a Latin alpha imitating a Latin a
    ],
)
def test_a_name_that_passes_for_another_records_is_taken(
    tmp_path: Path, name: str, aliases: list[str]
) -> None:
    record = {"id": "impostor", "name": name, "aliases": aliases}
    _, report = _validate_actor(tmp_path, record, name="impostor")
    taken = [p for p in report.problems if p.code == "name-taken"]
    assert len(taken) == 1, report
    assert "'khalifa-haftar'" in taken[0].message
    assert taken[0].pointer == ("/name" if not aliases else "/aliases/0")


def test_a_record_keeps_its_own_names_when_it_is_corrected(tmp_path: Path) -> None:
    _, report = _validate_actor(tmp_path, {"aliases": ["Hifter", "Haftar", "Field Marshal"]})
    assert report.ok, report


def test_parties_and_places_may_share_a_name(tmp_path: Path) -> None:
    record = {"id": "tripoli-actor", "name": "Tripoli", "aliases": []}
    _, report = _validate_actor(tmp_path, record, name="tripoli-actor")
    assert "name-taken" not in {p.code for p in report.problems}, report


def test_two_new_records_with_one_name_are_both_flagged(tmp_path: Path) -> None:
    for record_id in ("new-group-a", "new-group-b"):
        _validate_actor(
            tmp_path, {"id": record_id, "name": "Brand New Brigade", "aliases": []}, name=record_id
        )
    report = lc.validate([tmp_path / "actors"])
    assert [(p.record, p.code) for p in report.problems] == [
        ("new-group-a", "name-taken"),
        ("new-group-b", "name-taken"),
    ]


LEGITIMATE = [
    "\u062e\u0644\u064a\u0641\u0629 \u062d\u0641\u062a\u0631",  # Arabic: Khalifa Haftar
    "\u0623\u0646\u0635\u0627\u0631 \u0627\u0644\u0634\u0631\u064a\u0639\u0629",  # Ansar al-Sharia
    "Mi\u015fr\u0101tah",
    "Ansar al-Shar\u012b\u02bfa",  # with a modifier letter for the ayn
    "Ha\u0301ftar",  # a combining accent
    "\u201cOperation Dignity\u201d \u2014 Haftar\u2019s campaign",
    "Fran\u00e7ois Hollande",
    "\u0425\u0430\u0444\u0442\u0430\u0440",  # the Russian spelling, not a Latin lookalike
    "\u00ab10\u00a0000\u00bb \u2013 \u2026",
    "Ak\u0131nc\u0131 drones",  # Turkish writes the dotless i
    "\u0627\u0647",  # an Arabic word whose letters alone imitate "lo"
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_text_passes(tmp_path: Path, text: str) -> None:
    assert list(text_findings({"name": text, "aliases": [text]})) == []
    _, report = _validate_actor(tmp_path, {"description": text})
    assert report.ok, report


def test_every_bundled_record_passes_the_text_checks() -> None:
    from libya_conflict._loading.converter import to_json

    findings = [
        (record.id, finding) for record in lc.load() for finding in text_findings(to_json(record))
    ]
    assert findings == []
    assert len(lc.load()) > 0  # the check ran over the bundle


def test_every_character_of_the_source_texts_passes(seeds: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    assert texts
    characters = {ch for text in texts for ch in text} - {"\n"}
    assert [unicodedata.name(ch, hex(ord(ch))) for ch in characters if ch.isascii() is False]
    for text in texts:
        for line in text.splitlines():
            assert list(text_findings(line)) == [], line


def test_messages_quoting_input_stay_on_one_line() -> None:
    assert one_line("a\nb\u202ec") == "a\\nb\\u202ec"
    printable = "Haftar \u2014 \u062d\u0641\u062a\u0631"
    assert one_line(printable) == printable


# -- IDs are not paths --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "record_id", ["../etc/passwd", "a/b", "..", ".", "a\\b", "/lna", "lna/..", "C:lna", "lna\n"]
)
def test_an_id_cannot_be_a_path(tmp_path: Path, record_id: str) -> None:
    _, report = _validate_actor(tmp_path, {"id": record_id}, name="khalifa-haftar")
    assert [p for p in report.problems if p.pointer == "/id" and p.code != "id-filename"], report


def test_the_id_pattern_has_no_path_characters() -> None:
    pattern = lc.schema("common")["$defs"]["id"]["pattern"]
    assert pattern == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert lc.schema("common")["$defs"]["ref"]["pattern"] == pattern


def test_an_id_with_a_trailing_newline_in_a_matching_file_name_is_refused(tmp_path: Path) -> None:
    # Python's "$" matches before a final newline, so the schema pattern alone lets "lna\n"
    # through; the text check refuses it.
    path, report = _validate_actor(tmp_path, {"id": "khalifa-haftar\n"}, "khalifa-haftar\n")
    id_problems = [(p.code, p.pointer) for p in report.problems if p.pointer == "/id"]
    assert id_problems == [("control-character", "/id")]
    assert report.problems[0].file == str(path).replace("\n", "\\n")
    assert len(str(report).splitlines()) == len(report.problems) + len(report.warnings) + 1


# -- links out of a folder ----------------------------------------------------------------------


def _symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("cannot make symbolic links here")


def _outside_record(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "khalifa-haftar.json"
    secret.write_text(json.dumps(HAFTAR))
    return secret


def test_a_link_to_a_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    secret = _outside_record(tmp_path)
    given = tmp_path / "given"
    (given / "actors").mkdir(parents=True)
    _symlink(given / "actors" / "khalifa-haftar.json", secret)
    report = lc.validate([given])
    (problem,) = report.problems
    assert problem.code == "outside-folder"
    assert problem.file == str(given / "actors" / "khalifa-haftar.json")
    assert str(secret) in problem.message
    with pytest.raises(lc.DataError, match="outside the folder given"):
        lc.load(given)


def test_a_link_to_a_folder_outside_is_not_entered(tmp_path: Path) -> None:
    secret = _outside_record(tmp_path)
    given = tmp_path / "given"
    given.mkdir()
    _symlink(given / "actors", secret.parent)
    report = lc.validate([given])
    assert [p.code for p in report.problems] == ["outside-folder"]
    assert report.records == 0
    with pytest.raises(lc.DataError, match="outside the folder given"):
        lc.load(given)


def test_a_link_loop_is_refused_not_a_crash(tmp_path: Path) -> None:
    given = tmp_path / "given" / "actors"
    given.mkdir(parents=True)
    _symlink(given / "loop.json", given / "loop.json")
    report = lc.validate([given.parent])
    assert [p.code for p in report.problems] == ["outside-folder"]


def test_a_link_that_stays_inside_the_folder_is_followed(tmp_path: Path) -> None:
    given = tmp_path / "given"
    (given / "actors").mkdir(parents=True)
    (given / "keep").mkdir()
    real = given / "keep" / "record.json"
    real.write_text(json.dumps(HAFTAR))
    _symlink(given / "actors" / "khalifa-haftar.json", real)
    report = lc.validate([given])
    assert "outside-folder" not in {p.code for p in report.problems}
    assert report.records == 1


def test_a_file_named_with_undecodable_bytes_is_reported_printably(tmp_path: Path) -> None:
    if os.name == "nt" or not os.supports_bytes_environ:
        pytest.skip("file names are Unicode on this platform")
    folder = tmp_path / "actors"
    folder.mkdir()
    try:
        (folder / os.fsdecode(b"bad-\xff.json")).write_text("{")
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses undecodable names")
    (problem,) = lc.validate([folder]).problems
    assert problem.file.endswith("bad-\\xff.json")
    problem.file.encode("utf-8")


def test_an_empty_path_is_a_usage_error_not_the_current_folder() -> None:
    # Regression (found by fuzzing the command line): Path("") is ".", so an empty argument
    # silently validated every *.json under the current folder.
    with pytest.raises(lc.UsageError, match="an empty path was given"):
        lc.validate([""])
