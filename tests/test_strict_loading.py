"""load(path) never turns a wrong value into a plausible one: every JSON type the schema
refuses is a DataError naming the file (or line) and the field, as validate refuses it."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._loading.converter import structure_record, to_json

from .conftest import REPO

EVENT = "2019-04-04-lna-tripoli-offensive"
Mutation = Callable[[dict[str, Any]], None]


def _figure(document: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in document["casualties"] if "low" in f["count"])["count"]  # type: ignore[no-any-return]


def _set(key: str, value: Any) -> Mutation:
    return lambda d: d.__setitem__(key, value)


# (what is wrong, the mutation, the JSON pointer the error must name)
WRONG_TYPES: list[tuple[str, Mutation, str]] = [
    ("null for a string", _set("title", None), "/title"),
    ("a number for a string", _set("title", 12), "/title"),
    ("a boolean for a string", _set("title", True), "/title"),
    ("an array for a string", _set("title", ["x"]), "/title"),
    ("an object for a string", _set("title", {"x": 1}), "/title"),
    ("a float for an integer", lambda d: _figure(d).__setitem__("low", 12.9), "/low"),
    ("a boolean for an integer", lambda d: _figure(d).__setitem__("low", True), "/low"),
    ("a string for an integer", lambda d: _figure(d).__setitem__("low", "12"), "/low"),
    ("null for an integer", lambda d: _figure(d).__setitem__("low", None), "/low"),
    ("a string for an array", _set("places", "tripoli"), "/places"),
    ("an object for an array", _set("places", {"tripoli": 1}), "/places"),
    ("a number in an array of strings", _set("places", [1]), "/places/0"),
    (
        "a string for an object",
        lambda d: d["participants"].__setitem__(0, "lna"),
        "/participants/0",
    ),
    ("a number for an enum", _set("certainty", 1), "/certainty"),
    (
        "a value outside an enum",
        lambda d: d["participants"][0].__setitem__("role", "boss"),
        "/participants/0/role",
    ),
    ("a number for a date", _set("date", 2019), "/date"),
    ("an unknown key", _set("titel", "x"), "/titel"),
    ("a missing required key", lambda d: d.pop("title"), "/title"),
]


def _event() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((REPO / "data" / "events" / f"{EVENT}.json").read_text())
    return document


@pytest.mark.parametrize(
    ("what", "mutate", "pointer"), WRONG_TYPES, ids=[w[0] for w in WRONG_TYPES]
)
def test_load_of_a_folder_refuses_a_wrong_json_type_naming_file_and_field(
    tmp_path: Path, what: str, mutate: Mutation, pointer: str
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    document = _event()
    mutate(document)
    (folder / "events" / f"{EVENT}.json").write_text(json.dumps(document))
    with pytest.raises(lc.DataError) as caught:
        lc.load(folder)
    message = str(caught.value)
    assert f"events/{EVENT}.json" in message
    assert pointer in message
    assert not lc.validate(folder / "events" / f"{EVENT}.json").ok  # validate refuses it too


@pytest.mark.parametrize(
    ("what", "mutate", "pointer"), WRONG_TYPES, ids=[w[0] for w in WRONG_TYPES]
)
def test_load_of_json_lines_refuses_a_wrong_json_type_naming_line_and_field(
    tmp_path: Path, what: str, mutate: Mutation, pointer: str
) -> None:
    good = _event()
    bad = copy.deepcopy(good)
    bad["id"] = "2019-04-04-lna-tripoli-offensive-copy"
    mutate(bad)
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(lc.DataError) as caught:
        lc.load(path)
    assert "events.jsonl:2" in str(caught.value)
    assert pointer in str(caught.value)


def test_a_float_coordinate_takes_an_integer_as_json_does() -> None:
    place = json.loads((REPO / "data" / "places" / "tripoli.json").read_text())
    place["coordinates"]["lat"] = 33
    assert structure_record(place, "place").coordinates.lat == 33.0  # type: ignore[union-attr]


def test_a_whole_number_written_with_a_fraction_is_the_integer_as_json_schema_reads_it() -> None:
    document = _event()
    _figure(document)["low"] = 140000.0
    record = structure_record(document, "event")
    assert any(f.count.low == 140000 and type(f.count.low) is int for f in record.casualties)  # type: ignore[attr-defined]


def test_every_bundled_record_structures_back_to_its_own_json() -> None:
    for record in lc.load():
        path = REPO / "data" / record.collection / f"{record.id}.json"
        assert to_json(record) == json.loads(path.read_text())
