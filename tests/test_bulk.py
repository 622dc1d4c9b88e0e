"""Bulk validation of JSON Lines gives the reference validator's verdict and problems."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

import libya_conflict as lc
from libya_conflict._cli import main

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[generate.Generated], Path]:
    """A mixed corpus (every record type, 10 % broken in every way) as JSON Lines and a folder."""
    items = list(generate.generate(1000, seed=7, invalid=0.1))
    root = tmp_path_factory.mktemp("corpus")
    generate.write_jsonl(items, root / "lines")
    return items, root


def _line_positions(items: list[generate.Generated], root: Path) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    positions = []
    for item in items:
        counts[item.record_type] += 1
        name = f"{generate.TYPE_COLLECTIONS[item.record_type]}.jsonl"
        positions.append((str(root / "lines" / name), counts[item.record_type]))
    return positions


def _jsonl_files(root: Path) -> list[str]:
    order = list(generate.TYPE_COLLECTIONS.values())
    files = sorted((root / "lines").glob("*.jsonl"), key=lambda p: order.index(p.stem))
    return [str(p) for p in files]


def test_bulk_validation_gives_the_reference_problems(corpus) -> None:
    """Every problem the reference finds in the folder form, bulk finds on the same line."""
    items, root = corpus
    paths = generate.write_folder(items, root / "folder")
    where = dict(zip(map(str, paths), _line_positions(items, root), strict=True))
    reference = lc.validate([root / "folder"])
    expected = Counter()
    for p in reference.problems:
        if p.code == "id-filename":
            continue  # JSON Lines records have no file name to match
        file, line = where[p.file]
        message = p.message
        for path, (other, other_line) in where.items():
            message = message.replace(f"used by {path}", f"used by {other}:{other_line}")
        expected[(file, line, p.record, p.code, p.pointer, message, p.hint, p.column)] += 1
    bulk = lc.validate(_jsonl_files(root))
    found = Counter(
        (p.file, p.line, p.record, p.code, p.pointer, p.message, p.hint, p.column)
        for p in bulk.problems
    )
    assert found == expected
    assert bulk.records == reference.records
    assert not bulk.ok


def test_parallel_bulk_validation_finds_the_same_problems(corpus) -> None:
    """Cutting the files into parts for worker processes changes nothing in the report."""
    _items, root = corpus
    one = lc.validate(_jsonl_files(root))
    two = lc.validate(_jsonl_files(root), jobs=2)
    assert two.problems == one.problems
    assert two.records == one.records


def test_generated_records_are_valid(tmp_path: Path) -> None:
    """The generator's records pass the reference validator as a data folder."""
    generate.write_folder(generate.generate(150, seed=3), tmp_path)
    report = lc.validate([tmp_path])
    assert report.ok, str(report)
    assert report.records == 150


def test_generated_invalid_records_fail_in_the_expected_way(corpus) -> None:
    """Each broken record is reported on its line with the problem its mutation causes."""
    items, root = corpus
    report = lc.validate(_jsonl_files(root))
    codes: dict[tuple[str, int], set[str]] = {}
    for p in report.problems:
        codes.setdefault((p.file, p.line or 0), set()).add(p.code)
    positions = _line_positions(items, root)
    broken = [(item, at) for item, at in zip(items, positions, strict=True) if item.mutation]
    assert {item.mutation for item, _ in broken} == set(generate.MUTATIONS)
    for item, at in broken:
        assert generate.EXPECTED_CODES[item.mutation] in codes.get(at, set()), item.mutation
    clean = {at for item, at in zip(items, positions, strict=True) if not item.mutation}
    assert not clean & set(codes)


def test_cli_validates_json_lines_with_jobs(corpus, capsys: pytest.CaptureFixture[str]) -> None:
    """``libya-conflict validate FILE.jsonl --jobs 2`` prints file:line problems, exit 1."""
    _items, root = corpus
    status = main(["validate", *_jsonl_files(root), "--jobs", "2"])
    out = capsys.readouterr().out
    assert status == 1
    assert ".jsonl:" in out.splitlines()[0]


def test_json_lines_need_a_known_record_type(tmp_path: Path) -> None:
    """A .jsonl file not named after a collection, without --type, is a usage error."""
    path = tmp_path / "records.jsonl"
    path.write_text("{}\n")
    with pytest.raises(lc.UsageError, match="--type"):
        lc.validate([path])


def test_the_reference_decides_when_the_screen_refuses(tmp_path: Path) -> None:
    """An ID ending in a newline: Python's ``$`` accepts it, jsonschema-rs does not.

    The reference validator's verdict (valid) wins, so the record still gets the integrity
    checks, and the report equals the per-file validator's.
    """
    record = json.loads(next(generate.generate(1, types=("event",))).text)
    record["participants"][0]["ref"] = "lna\n"
    record["places"] = ["no-such-place"]
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / f"{record['id']}.json").write_text(json.dumps(record))
    (tmp_path / "events.jsonl").write_text(json.dumps(record) + "\n")
    bulk = lc.validate([tmp_path / "events.jsonl"])
    reference = lc.validate([tmp_path / "events"])
    assert [p.code for p in bulk.problems] == [p.code for p in reference.problems]
    assert [p.message for p in bulk.problems] == [p.message for p in reference.problems]
    assert "dangling-reference" in [p.code for p in bulk.problems]


def _same_report_as_files(tmp_path: Path, record: dict[str, object], text: str) -> list[str]:
    """Validate one event as a record file and as a JSON Lines line; return the codes."""
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / f"{record['id']}.json").write_text(text)
    (tmp_path / "events.jsonl").write_text(text.replace("\n", " ") + "\n")
    bulk = lc.validate([tmp_path / "events.jsonl"])
    reference = lc.validate([tmp_path / "events"])
    assert [(p.code, p.message) for p in bulk.problems] == [
        (p.code, p.message) for p in reference.problems
    ]
    return [p.code for p in bulk.problems]


def test_a_schema_valid_record_over_a_limit_gets_the_reference_verdict(tmp_path: Path) -> None:
    """1,001 places pass the schema (it sets no maximum) but not the parser's array limit."""
    record = json.loads(next(generate.generate(1, types=("event",))).text)
    record["places"] = record["places"][:1] * 1001
    assert _same_report_as_files(tmp_path, record, json.dumps(record)) == ["limit"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"casualties": [{"kind": "killed", "count": {"qualifier": "exact",
          "best": 10**25, "as_reported": "many"}}]}, "required"),
        ({"title": "A \ud800 lone surrogate"}, "json"),
        # white space to Python's re (the reference), not to jsonschema-rs's \S
        ({"title": "\x1c"}, "pattern"),
        ({"title": "\x85"}, "pattern"),
    ],
)  # fmt: skip
def test_numbers_and_escapes_orjson_reads_differently_get_the_reference_verdict(
    tmp_path: Path, change: dict[str, object], code: str
) -> None:
    record = json.loads(next(generate.generate(1, types=("event",))).text)
    record.update(change)
    assert code in _same_report_as_files(tmp_path, record, json.dumps(record))


def test_a_line_nested_deeper_than_orjson_writes_is_a_limit_problem(tmp_path: Path) -> None:
    record = json.loads(next(generate.generate(1, types=("event",))).text)
    text = '{"x": ' * 600 + json.dumps(record) + "}" * 600
    assert _same_report_as_files(tmp_path, record, text) == ["limit"]


def test_jobs_must_be_positive(corpus) -> None:
    """``--jobs 0`` is a usage error, not a hang."""
    _items, root = corpus
    with pytest.raises(lc.UsageError, match="--jobs"):
        lc.validate(_jsonl_files(root), jobs=0)


def test_workers_send_back_any_id(tmp_path: Path) -> None:
    """IDs with the separator workers use, or non-ASCII, still meet as duplicates."""
    for name, ids in (("actors", ["a\u0000b", "ḥaftar"]), ("armed_groups", ["ḥaftar", "a\u0000b"])):
        (tmp_path / f"{name}.jsonl").write_text(
            "".join(json.dumps({"id": i}) + "\n" for i in ids), encoding="utf-8"
        )
    files = [tmp_path / "actors.jsonl", tmp_path / "armed_groups.jsonl"]
    one, two = lc.validate(files), lc.validate(files, jobs=2)
    assert two.problems == one.problems
    assert sum(p.code == "duplicate-id" for p in two.problems) == 2


def test_a_duplicate_names_the_right_file_among_many(tmp_path: Path) -> None:
    """With dozens of files, the first use of a duplicated ID is still named exactly."""
    files = []
    for number in range(40):
        folder = tmp_path / f"part{number}"
        folder.mkdir()
        path = folder / "actors.jsonl"
        record_id = "same-id" if number in (33, 38) else f"actor-{number}"
        path.write_text(json.dumps({"id": record_id}) + "\n")
        files.append(path)
    report = lc.validate(files)
    duplicates = [p for p in report.problems if p.code == "duplicate-id"]
    assert [p.file for p in duplicates] == [str(files[38])]
    assert duplicates[0].message == f"the ID 'same-id' is already used by {files[33]}:1"


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_repeat_of_an_id_names_the_line_it_was_last_used_on(tmp_path: Path, jobs: int) -> None:
    """New, bundled and repeated IDs: each repeat names the use just before it, as the
    per-file validator does; a bundled record of the same type is given a new version."""
    actor = json.loads((REPO / "data" / "actors" / "khalifa-haftar.json").read_text())
    del actor["aliases"]  # or every copy's names would pass for every other's
    filler = [{**actor, "id": f"filler-{n}", "name": f"Filler {n}"} for n in range(3000)]
    lines = [
        {**actor, "id": "new-actor", "name": "New Actor"},  # 1
        *filler,  # 2 .. 3001: cut into parts for the workers
        {**actor, "name": "Khalifa Haftar"},  # 3002: a new version of a bundled actor
        {**actor, "id": "new-actor", "name": "New Actor"},  # 3003: repeats line 1
        {**actor, "id": "lna", "name": "Not the LNA"},  # 3004: the LNA is an armed group
        {**actor, "name": "Khalifa Haftar"},  # 3005: repeats line 3002
        {**actor, "id": "new-actor", "name": "New Actor"},  # 3006: repeats line 3003
    ]
    path = tmp_path / "actors.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    report = lc.validate([path], jobs=jobs)
    found = [(p.line, p.message) for p in report.problems if p.code == "duplicate-id"]
    assert found == [
        (3003, f"the ID 'new-actor' is already used by {path}:1"),
        (3004, "the ID 'lna' is already used by the bundled armed group record"),
        (3005, f"the ID 'khalifa-haftar' is already used by {path}:3002"),
        (3006, f"the ID 'new-actor' is already used by {path}:3003"),
    ]


def _bundled_record(collection: str, name: str) -> dict[str, object]:
    return dict(json.loads((REPO / "data" / collection / f"{name}.json").read_text()))


@pytest.mark.parametrize(
    ("collection", "change"),
    [
        ("sources", {"text_file": "a" * 10_001 + ".txt"}),  # a string the schema leaves long
        ("places", {"coordinates": {"lat": 32.5, "lon": 13.1, "precision": "city"}}),
    ],
)
def test_a_record_over_a_limit_the_schema_allows_gets_the_reference_verdict(
    tmp_path: Path, collection: str, change: dict[str, object]
) -> None:
    """Strings and numbers past the parser's limits, in fields the schema does not bound."""
    name = "fp-2019-haftar-miscalculated-attack" if collection == "sources" else "sirte"
    record = {**_bundled_record(collection, name), "id": "syn-over-the-limit", **change}
    text = json.dumps(record)
    if collection == "places":  # 41 characters: few digits in a row, but over the limit
        text = text.replace('"lat": 32.5', '"lat": -3.' + "2" * 18 + "e-" + "0" * 17 + "1")
    (tmp_path / collection).mkdir()
    (tmp_path / collection / "syn-over-the-limit.json").write_text(text)
    lines_file = tmp_path / f"{collection}.jsonl"
    lines_file.write_text(text + "\n" + text + "\n")  # twice: the repeat must not crash
    reference = lc.validate([tmp_path / collection])
    bulk = lc.validate([lines_file])
    assert [p.code for p in reference.problems] == ["limit"]
    assert [(p.code, p.message) for p in bulk.problems] == [
        (p.code, p.message) for p in reference.problems
    ] * 2
