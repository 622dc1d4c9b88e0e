"""load() reads JSON Lines as well as record files, and imports nothing it does not need."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import libya_conflict as lc
from libya_conflict._loading.converter import to_json

REPO = Path(__file__).resolve().parents[1]


def _write_lines(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def test_load_imports_no_validator() -> None:
    """Loading valid data needs no JSON Schema validator, nor the modules of name lookup,
    query indexes and text checks."""
    code = "import sys, libya_conflict as lc; lc.load(); print('\\n'.join(sys.modules))"
    modules = set(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    for heavy in ("jsonschema", "jsonschema_rs", "orjson", "referencing"):
        assert heavy not in modules
    for lazy in ("_resolve", "_names", "_indexes", "_text"):
        assert f"libya_conflict.{lazy}" not in modules


def test_a_folder_of_json_lines_loads_like_the_same_records_as_files(tmp_path: Path) -> None:
    """``<collection>.jsonl`` in a data folder gives the same dataset as ``<collection>/``."""
    ds = lc.load()
    for collection in ("sources", "places", "actors", "armed_groups", "relations", "support"):
        shutil.copytree(REPO / "data" / collection, tmp_path / collection)
    _write_lines(tmp_path / "events.jsonl", [to_json(e) for e in ds.events])
    mixed = lc.load(tmp_path)
    assert list(mixed) == list(ds)


def test_one_json_lines_file_loads_as_its_collection(tmp_path: Path) -> None:
    """``load("actors.jsonl")`` reads the records of one collection."""
    actors = [to_json(a) for a in lc.load().actors]
    _write_lines(tmp_path / "actors.jsonl", actors)
    assert lc.load(tmp_path / "actors.jsonl").actors.ids() == tuple(a["id"] for a in actors)


def test_a_bad_line_is_a_data_error_naming_file_and_line(tmp_path: Path) -> None:
    """Broken JSON and records that do not fit the model name the file and the line."""
    actors = [to_json(a) for a in list(lc.load().actors)[:3]]
    path = tmp_path / "actors.jsonl"
    path.write_text(json.dumps(actors[0]) + "\n\n" + '{"id": "x", "id": "y"}\n')
    with pytest.raises(lc.DataError, match=r"actors\.jsonl:3: duplicate key 'id'"):
        lc.load(path)
    actors[1]["kind"] = "moon"
    _write_lines(path, actors)
    with pytest.raises(lc.DataError, match=r"actors\.jsonl:2: does not fit the model"):
        lc.load(path)


def test_a_json_lines_file_must_be_named_after_its_collection(tmp_path: Path) -> None:
    """Without a collection name the record type is unknown: a clear error."""
    path = tmp_path / "records.jsonl"
    path.write_text("{}\n")
    with pytest.raises(lc.DataError, match="name a JSON Lines file after its collection"):
        lc.load(path)


def _event_with_count(count: str) -> str:
    """An event's JSON text with a casualty figure whose best number is written as given."""
    event = next(e for e in (to_json(e) for e in lc.load().events) if "citations" in e)
    event["casualties"] = [
        {
            "kind": "killed",
            "count": {"qualifier": "exact", "best": 7, "as_reported": "many"},
            "citations": event["citations"][:1],
        }
    ]
    return json.dumps(event).replace('"best": 7', f'"best": {count}')


def _write_as(folder: Path, collection: str, text: str, form: str) -> None:
    """One record's text into a data folder, as a JSON Lines line or as a record file."""
    if form == "lines":
        (folder / f"{collection}.jsonl").write_text(text + "\n")
    else:
        (folder / collection).mkdir()
        (folder / collection / "record.json").write_text(text)


@pytest.mark.parametrize("form", ["lines", "files"])
def test_a_number_orjson_would_round_is_read_exactly(tmp_path: Path, form: str) -> None:
    """A whole number beyond 64 bits (orjson reads it as a float) keeps every digit."""
    text = _event_with_count(str(10**25 + 1))
    _write_as(tmp_path, "events", text, form)
    (event,) = lc.load(tmp_path).events
    assert event.casualties[0].count.best == 10**25 + 1


@pytest.mark.parametrize("form", ["lines", "files"])
def test_a_number_over_the_length_limit_is_refused(tmp_path: Path, form: str) -> None:
    text = _event_with_count("1" * 45)
    _write_as(tmp_path, "events", text, form)
    with pytest.raises(lc.DataError, match="characters"):
        lc.load(tmp_path)


@pytest.mark.parametrize("form", ["lines", "files"])
def test_a_coordinate_written_longer_than_the_limit_is_refused(tmp_path: Path, form: str) -> None:
    """41 characters with no long run of digits: still over the limit for numbers."""
    place = json.loads((REPO / "data" / "places" / "sirte.json").read_text())
    place["coordinates"]["lat"] = 32.5
    text = json.dumps(place).replace('"lat": 32.5', '"lat": -3.' + "2" * 18 + "e-" + "0" * 17 + "1")
    _write_as(tmp_path, "places", text, form)
    with pytest.raises(lc.DataError, match="41 characters"):
        lc.load(tmp_path)


def test_lines_longer_than_a_block_are_read_whole(tmp_path: Path) -> None:
    from libya_conflict._loading.jsonl import lines

    text = b"first\n" + b"x" * 50 + b"\n\n  \nlast line\r\n" + b"y" * 23
    path = tmp_path / "t.jsonl"
    path.write_bytes(text)
    expected = [(1, b"first"), (2, b"x" * 50), (5, b"last line"), (6, b"y" * 23)]
    for block in (1, 3, 7, 64, 1 << 20):
        assert list(lines(path, block=block)) == expected


@pytest.mark.parametrize("form", ["lines", "files"])
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"aliases": [f"Alias {n}" for n in range(1001)]}, r"1,001 items .* \(at /aliases\)"),
        ({"description": "n" * 10_001}, r"10,001 characters .* \(at /description\)"),
    ],
)
def test_a_record_over_a_structural_limit_is_refused(
    tmp_path: Path, form: str, change: dict[str, object], message: str
) -> None:
    """Loading reads contributed records under the same limits as validating them."""
    actor = json.loads((REPO / "data" / "actors" / "khalifa-haftar.json").read_text())
    _write_as(tmp_path, "actors", json.dumps({**actor, **change}), form)
    with pytest.raises(lc.DataError, match=message):
        lc.load(tmp_path)


def test_a_line_over_the_size_limit_is_not_kept_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the file size limit the rest of a line is dropped: the parser refuses it unread."""
    from libya_conflict._loading import jsonl as _jsonl

    monkeypatch.setattr(_jsonl, "MAX_FILE_BYTES", 100)
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"{" + b" " * 5000 + b"}\n{}\n")
    found = list(_jsonl.lines(path, block=16))
    assert [number for number, _ in found] == [1, 2]
    assert 100 < len(found[0][1]) <= 101 + 16
    assert found[1][1] == b"{}"


@pytest.mark.parametrize("form", ["two files", "two lines", "two collections", "a lines file"])
def test_two_records_with_one_id_are_refused_naming_both(tmp_path: Path, form: str) -> None:
    """Data whose records share an ID is refused, naming the ID and both places, whether the
    two are files or lines of one collection or records of two: no record is silently lost."""
    event = to_json(next(iter(lc.load().events)))
    given = tmp_path
    if form == "two files":
        (tmp_path / "events").mkdir()
        for name in ("a.json", "b.json"):
            (tmp_path / "events" / name).write_text(json.dumps(event))
        first, second = "events/a.json", "events/b.json"
    elif form in ("two lines", "a lines file"):
        _write_lines(tmp_path / "events.jsonl", [event, event])
        first, second = "events.jsonl:1", "events.jsonl:2"
        given = tmp_path / "events.jsonl" if form == "a lines file" else tmp_path
    else:
        _write_lines(tmp_path / "events.jsonl", [event])
        place = to_json(next(iter(lc.load().places)))
        _write_lines(tmp_path / "places.jsonl", [{**place, "id": event["id"]}])
        first, second = "places.jsonl:1", "events.jsonl:1"
    expected = f"{second}: the ID '{event['id']}' is already used by .*{first}$"
    with pytest.raises(lc.DataError, match=expected):
        lc.load(given)


def test_a_dataset_refuses_records_sharing_an_id() -> None:
    event = next(iter(lc.load().events))
    with pytest.raises(ValueError, match="is used by two records"):
        lc.Dataset([event, event])


@pytest.mark.parametrize("kind", ["bad JSON", "folder", "named pipe"])
def test_a_record_file_that_cannot_be_read_is_a_data_error_naming_it(
    tmp_path: Path, kind: str
) -> None:
    """Whatever stands at ``events/x.json``, an error names that file, never a traceback."""
    (tmp_path / "events").mkdir()
    where = tmp_path / "events" / "x.json"
    if kind == "bad JSON":
        where.write_text("{")
    elif kind == "folder":
        where.mkdir()
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        os.mkfifo(where)
    message = "invalid JSON" if kind == "bad JSON" else "cannot read the file: .*not a regular file"
    with pytest.raises(lc.DataError, match=f"^{re.escape(str(where))}: {message}"):
        lc.load(tmp_path)


def test_a_repeated_id_gone_when_read_again_is_still_named() -> None:
    """The places of a repeated ID are found by reading again; data that changed meanwhile
    still gives the error, with the ID."""
    from libya_conflict._loading.load import _repeated_error

    event = next(iter(lc.load().events))
    error = _repeated_error([("events/a.json", event)], event.id, "data")
    assert str(error) == f"data: the ID {event.id!r} is used by two records"
