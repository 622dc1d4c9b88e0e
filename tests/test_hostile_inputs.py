"""Hostile input to the commands around validate: verify, diff, load, bulk validation, export.

Each test is one class of the security trial (issue 16): unbounded reads of archives, trust in
files the attacker chose, hidden records, wrong verdicts, terminal injection, memory, and
exports that destroy what is not theirs. The releases here are small and synthetic, with a
manifest written by :func:`_manifest`, so the tests do not depend on the bundled data.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._cli import main
from libya_conflict._loading import release as release_module
from libya_conflict._loading.release import sha256

from .conftest import REPO

ACTOR = {"id": "khalifa-haftar", "name": "Khalifa Haftar", "type": "person"}
PLACE = {"id": "sirte", "name": "Sirte"}


def _run(*argv: str, stdout: Any = None) -> tuple[int, str]:
    out = stdout if stdout is not None else io.StringIO()
    status = main(list(argv), stdout=out)
    if isinstance(out, io.TextIOWrapper):
        out.flush()
        return status, out.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]
    return status, out.getvalue()


def _manifest(files: dict[str, bytes]) -> bytes:
    """A manifest listing ``files`` (paths under the release's root) with their checksums."""
    listed = [
        {"path": name, "hash": sha256(content), "bytes": len(content)}
        for name, content in sorted(files.items())
    ]
    document = {"name": "libya-conflict", "version": "9.9.9", "resources": [{"files": listed}]}
    return json.dumps(document).encode()


def _release_files(records: dict[str, dict[str, Any]] | None = None) -> dict[str, bytes]:
    """A release's files: the records given (path under data/: record) and its manifest."""
    records = records or {"actors/khalifa-haftar.json": ACTOR, "places/sirte.json": PLACE}
    files = {f"data/{name}": json.dumps(record).encode() for name, record in records.items()}
    files["schemas/common.schema.json"] = b"{}"
    return {**files, "datapackage.json": _manifest(files)}


def _folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def _wheel(path: Path, files: dict[str, bytes], tamper: dict[str, bytes] | None = None) -> Path:
    """A wheel holding the release in libya_conflict/, with a RECORD of its files; ``tamper``
    replaces files after RECORD is written."""
    entries = {f"libya_conflict/{name}": content for name, content in files.items()}
    entries["libya_conflict/__init__.py"] = b"VERSION = '9.9.9'\n"
    info = "libya_conflict-9.9.9.dist-info"
    entries[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\n"
    lines = []
    for name, content in entries.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=")
        lines.append(f"{name},sha256={digest.decode()},{len(content)}")
    lines.append(f"{info}/RECORD,,")
    entries[f"{info}/RECORD"] = ("\n".join(lines) + "\n").encode()
    entries.update(tamper or {})
    return _zip(path, entries)


def _codes(report: lc.Report) -> set[str]:
    return {p.code for p in report.problems}


# -- (1) archives: bounded reads, a limit on entries, only the root manifest, RECORD ----------


def _lying_zip(path: Path, actual: bytes, declared: int) -> Path:
    """A release zip whose ``data/actors/khalifa-haftar.json`` expands to ``actual`` but whose
    headers declare ``declared`` bytes (a zip bomb's trick)."""
    files = _release_files()
    files["data/actors/khalifa-haftar.json"] = actual
    _zip(path, files)
    data = bytearray(path.read_bytes())
    target = b"data/actors/khalifa-haftar.json"
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(target.decode()).header_offset
    # local header: size at offset 22; central directory entry: size at offset 24
    struct.pack_into("<I", data, local + 22, declared)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == target:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def test_a_zip_entry_expanding_beyond_what_it_declares_is_a_problem_not_a_traceback(
    tmp_path: Path,
) -> None:
    bomb = _lying_zip(tmp_path / "bomb.zip", b"\0" * (20 * 1024 * 1024), declared=100)
    report = lc.verify(bomb)
    [problem] = [p for p in report.problems if "khalifa-haftar" in p.file]
    assert problem.code == "unreadable"
    with pytest.raises(lc.DataError, match=r"khalifa-haftar\.json: a damaged zip entry"):
        lc.diff(bomb, bomb)
    assert _run("diff", str(bomb), str(bomb))[0] == 2


def test_a_zip_entry_declaring_more_than_the_file_limit_is_never_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _release_files()
    files["data/actors/khalifa-haftar.json"] = b" " * (11 * 1024 * 1024)
    bomb = _zip(tmp_path / "big.zip", files)
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(getattr(name, "filename", name)))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with pytest.raises(lc.DataError, match="declares 11,534,336 bytes expanded, over the 10 MiB"):
        lc.diff(bomb, bomb)
    assert not [n for n in opened if "khalifa" in n]


def test_a_zip_of_too_many_entries_or_bytes_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _release_files()
    archive = _zip(tmp_path / "many.zip", {**files, **{f"x/{i}": b"" for i in range(20)}})
    monkeypatch.setattr(release_module, "MAX_RELEASE_FILES", 10)
    with pytest.raises(lc.DataError, match="holds 24 entries, over the limit of 10"):
        lc.verify(archive)
    monkeypatch.setattr(release_module, "MAX_RELEASE_FILES", 100)
    monkeypatch.setattr(release_module, "MAX_ARCHIVE_BYTES", 100)
    with pytest.raises(lc.DataError, match="zip bomb"):
        lc.verify(archive)
    assert _run("verify", str(archive))[0] == 2


def test_a_wheel_trusts_only_its_root_manifest(tmp_path: Path) -> None:
    files = _release_files()
    good = _wheel(tmp_path / "good-9.9.9-py3-none-any.whl", files)
    assert lc.verify(good).ok, str(lc.verify(good))
    # A decoy deeper in the package, listed in RECORD: an extra file, not a second truth.
    deeper = {**files, "_export/datapackage.json": _manifest({})}
    report = lc.verify(_wheel(tmp_path / "deeper-9.9.9-py3-none-any.whl", deeper))
    assert [(p.code, p.file.rsplit(".whl/", 1)[1]) for p in report.problems] == [
        ("extra-manifest", "libya_conflict/_export/datapackage.json")
    ]
    # A decoy at a shorter path that the release's data does not match: never the one read.
    tampered = {**files, "data/places/sirte.json": b'{"id": "sirte", "name": "Surt"}'}
    wheel = _wheel(tmp_path / "decoy-9.9.9-py3-none-any.whl", tampered)
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr("a/datapackage.json", _manifest({}))
    codes = _codes(lc.verify(wheel))
    assert {"extra-manifest", "checksum", "wheel-record"} <= codes


def test_a_wheel_file_that_differs_from_its_record_is_a_problem(tmp_path: Path) -> None:
    wheel = _wheel(
        tmp_path / "x-9.9.9-py3-none-any.whl",
        _release_files(),
        tamper={"libya_conflict/__init__.py": b"import os; os.system('true')\n"},
    )
    report = lc.verify(wheel)
    [problem] = report.problems
    assert problem.code == "wheel-record"
    assert problem.file.endswith("libya_conflict/__init__.py")
    assert "differs from the wheel's RECORD" in problem.message


def test_a_zip_holding_one_name_twice_is_a_problem(tmp_path: Path) -> None:
    files = _release_files()
    archive = _zip(tmp_path / "twice.zip", files)
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(archive, "a") as handle,
    ):
        handle.writestr("data/places/sirte.json", files["data/places/sirte.json"])
    assert "duplicate-entry" in _codes(lc.verify(archive))


# -- (2) hidden records and wrong verdicts --------------------------------------------------


def test_diff_reports_an_id_held_by_two_files_instead_of_hiding_one(tmp_path: Path) -> None:
    old = _folder(tmp_path / "old", _release_files())
    twin = {**PLACE, "name": "Surt"}  # a second file with the ID sirte, in another collection
    new = _folder(
        tmp_path / "new",
        _release_files(
            {
                "actors/khalifa-haftar.json": ACTOR,
                "places/sirte.json": PLACE,
                "events/sirte.json": twin,
            }
        ),
    )
    result = lc.diff(old, new)
    assert result, "a repeated ID is a difference"
    [repeated] = result.repeated
    assert (repeated.release, repeated.id) == ("new", "sirte")
    assert [f.rsplit("/data/", 1)[1] for f in repeated.files] == [
        "events/sirte.json",
        "places/sirte.json",
    ]
    status, text = _run("diff", str(old), str(new))
    assert status == 1
    assert "! new: the ID 'sirte' is held by" in text
    assert text.rstrip().endswith("1 repeated IDs")
    document = json.loads(_run("diff", str(old), str(new), "--format", "json")[1])
    assert document["repeated"][0]["id"] == "sirte"


def test_validate_folder_checks_the_json_lines_files_load_reads(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "actors.jsonl").write_text('{"id": "x", "name": \n', encoding="utf-8")
    report = lc.validate(folder)
    assert not report.ok
    assert [(p.code, p.line) for p in report.problems] == [("json", 1)]
    # One ID in a record file and in a JSON Lines file is a repeated ID, across the forms.
    (folder / "actors").mkdir()
    (folder / "actors" / "x.json").write_text(json.dumps({"id": "x"}), encoding="utf-8")
    (folder / "actors.jsonl").write_text(json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    report = lc.validate(folder)
    duplicates = [p for p in report.problems if p.code == "duplicate-id"]
    assert [(Path(p.file).name, p.line) for p in duplicates] == [("actors.jsonl", 1)]
    assert report.files == 2


# -- (3) terminal injection, non-UTF-8 output --------------------------------------------------

HOSTILE_ID = "x\x1b[2J\rrecords: 0 added, 0 removed, 0 changed\u202e"


def test_diff_and_verify_show_strings_from_files_escaped(tmp_path: Path) -> None:
    old = _folder(tmp_path / "old", _release_files())
    hostile = {**ACTOR, "id": HOSTILE_ID, "name": "Khalifa \u202eHaftar\u200b"}
    records = {"actors/khalifa-haftar.json": hostile, "places/sirte.json": PLACE}
    new = _folder(tmp_path / "new", _release_files(records))
    status, text = _run("diff", str(old), str(new))
    assert status == 1
    for raw in ("\x1b", "\r", "\u202e", "\u200b"):
        assert raw not in text
    assert "\\x1b[2J\\rrecords" in text
    assert [line for line in text.splitlines() if line.startswith("records:")] == [
        "records: 1 added, 1 removed, 0 changed"  # the forged summary stays inside its line
    ]
    # JSON output stays JSON, with the strings as they are.
    document = json.loads(_run("diff", str(old), str(new), "--format", "json")[1])
    assert document["collections"]["actors"]["added"] == [HOSTILE_ID]
    # An archive entry's name is shown escaped by verify.
    files = _release_files()
    files["data/events/\x1b]0;owned\x07.json"] = b"{}"
    status, text = _run("verify", str(_zip(tmp_path / "r.zip", files)))
    assert status == 1
    assert "\x1b" not in text and "\x07" not in text
    assert "data/events/\\x1b]0;owned\\x07.json" in text


def test_a_stream_that_is_not_utf8_gets_escapes_not_a_traceback(tmp_path: Path) -> None:
    old = _folder(tmp_path / "old", _release_files())
    arabic = {**ACTOR, "name": "\u062e\u0644\u064a\u0641\u0629 \u062d\u0641\u062a\u0631"}
    records = {"actors/khalifa-haftar.json": arabic, "places/sirte.json": PLACE}
    new = _folder(tmp_path / "new", _release_files(records))
    for form in ("text", "json"):
        ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
        status, text = _run("diff", str(old), str(new), "--format", form, stdout=ascii_out)
        assert status == 1
        assert "\\u062e" in text
        if form == "json":
            changed = json.loads(text)["collections"]["actors"]["changed"]
            assert changed[0]["changes"][0]["new"] == arabic["name"]


# -- (4) memory: problems capped, --jobs capped, a long line never read whole ----------------


def test_bulk_validation_keeps_a_bounded_number_of_problems_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from libya_conflict._validation import bulk

    monkeypatch.setattr(bulk, "MAX_PROBLEMS", 5)
    lines = tmp_path / "events.jsonl"
    lines.write_text("{\n" * 20, encoding="utf-8")
    report = lc.validate(lines)
    assert [p.line for p in report.problems] == [1, 2, 3, 4, 5]
    assert report.omitted == 15 and not report.ok
    assert "... and 15 more problems" in str(report)
    assert str(report).endswith("20 problems")
    status, output = _run("validate", str(lines), "--format", "json")
    assert status == 1 and json.loads(output)["omitted"] == 15


def test_jobs_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from libya_conflict._loading.limits import MAX_JOBS
    from libya_conflict._validation import bulk

    asked: list[int] = []
    real = bulk._chunks

    def spy(files: Any, jobs: int) -> Any:
        asked.append(jobs)
        return real(files, jobs)

    monkeypatch.setattr(bulk, "_chunks", spy)
    lines = tmp_path / "events.jsonl"
    lines.write_text("{\n", encoding="utf-8")
    lc.validate(lines, jobs=100_000)
    assert asked and asked[0] <= min(MAX_JOBS, os.cpu_count() or 1)


def test_cutting_a_file_for_jobs_never_reads_a_line_without_newline_whole(tmp_path: Path) -> None:
    import tracemalloc

    from libya_conflict._validation import bulk

    lines = tmp_path / "events.jsonl"
    lines.write_bytes(b"{" + b" " * (40 * 1024 * 1024))
    tracemalloc.start()
    try:
        chunks = bulk._chunks([("events.jsonl", lines, "event")], 4)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, f"{peak:,} bytes"
    assert [c.start for c in chunks] == [0]


# -- (5) exports write only what they own -------------------------------------------------------


def test_a_folder_export_replaces_only_a_folder_it_wrote(tmp_path: Path) -> None:
    from libya_conflict._export.atomic import OWNED_MARKER, atomic_folder

    output = tmp_path / "csv"
    with atomic_folder(output, owned=(".csv",)) as folder:  # new: written, and marked
        (folder / "events.csv").write_text("first")
    assert sorted(p.name for p in output.iterdir()) == [OWNED_MARKER, "events.csv"]
    with atomic_folder(output, owned=(".csv",)) as folder:  # its own: replaced
        (folder / "events.csv").write_text("second")
    assert (output / "events.csv").read_text() == "second"
    (output / "budget.csv").write_text("the user's")  # a file it did not write, even a .csv
    with (
        pytest.raises(lc.ExportError, match=r"did not write \(budget\.csv\)"),
        atomic_folder(output, owned=(".csv",)) as folder,
    ):
        (folder / "events.csv").write_text("third")
    assert (output / "budget.csv").read_text() == "the user's"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "events.csv").write_text("the user's, unmarked")
    with pytest.raises(lc.ExportError), atomic_folder(mine, owned=(".csv",)):
        pass
    assert (mine / "events.csv").read_text() == "the user's, unmarked"


def test_an_export_never_replaces_a_link_or_a_device(tmp_path: Path) -> None:
    from libya_conflict._export.atomic import atomic_file, atomic_folder

    target = tmp_path / "precious.txt"
    target.write_text("precious")
    link = tmp_path / "out.geojson"
    link.symlink_to(target)
    with pytest.raises(lc.ExportError, match="symbolic link"), atomic_file(link) as temporary:
        temporary.write_text("x")
    assert link.is_symlink() and target.read_text() == "precious"
    folder_link = tmp_path / "csv"
    folder_link.symlink_to(tmp_path)
    with (
        pytest.raises(lc.ExportError, match="symbolic link"),
        atomic_folder(folder_link, (".csv",)),
    ):
        pass
    if os.path.exists("/dev/null"):
        with (
            pytest.raises(lc.ExportError, match="not a regular file"),
            atomic_file(Path("/dev/null")),
        ):
            pass
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(lc.ExportError, match="not a regular file"), atomic_file(fifo):
        pass
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_export_never_writes_into_the_data_it_reads(tmp_path: Path) -> None:
    data = _folder(tmp_path / "data", {"actors/khalifa-haftar.json": json.dumps(ACTOR).encode()})
    record = data / "actors" / "khalifa-haftar.json"
    before = record.read_bytes()
    for output, fmt in ((record, "acled"), (data, "csv"), (data / "events.geojson", "geojson")):
        out = io.StringIO()
        status = main(
            ["export", "--format", fmt, "--output", str(output), "--data", str(data)], out
        )
        assert status == 2
    assert record.read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["actors"]
    from libya_conflict._loading.resources import bundle_path

    root = bundle_path()
    if root is not None:
        with pytest.raises(lc.ExportError, match="data this export reads"):
            lc.export("geojson", Path(root) / "data" / "x.geojson", dataset=None)


def test_graphml_text_is_xml_1_0_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as ET

    from libya_conflict._export import graphml as module

    hostile = "a\x00b\x1b[2J\x0bc\ufffe\r\nd"
    monkeypatch.setattr(module, "nodes", lambda ds: [(f"n{hostile}", {"name": hostile})])
    monkeypatch.setattr(module, "edges", lambda ds: [])
    root = ET.fromstring(module.graphml(None))  # type: ignore[arg-type]
    [node] = root.iter("{http://graphml.graphdrawing.org/xmlns}node")
    [value] = [d.text for d in node]
    assert value == "a\\u0000b\\u001b[2J\\u000bc\\ufffe\r\nd"
    assert node.get("id") == "na\\u0000b\\u001b[2J\\u000bc\\ufffe\r\nd"


# -- (6) invisible characters from the Unicode data ---------------------------------------------


@pytest.mark.parametrize(
    "ch",
    [
        "\ufe0f",  # VARIATION SELECTOR-16 (Mn: Python counts it printable)
        "\U000e0100",  # VARIATION SELECTOR-17
        "\u034f",  # COMBINING GRAPHEME JOINER
        "\u3164",  # HANGUL FILLER (Lo: a letter that shows as nothing)
        "\uffa0",  # HALFWIDTH HANGUL FILLER
        "\u17b4",  # KHMER VOWEL INHERENT AQ
        "\u180b",  # MONGOLIAN FREE VARIATION SELECTOR ONE
    ],
)
def test_default_ignorable_code_points_are_refused_escaped_and_ignored_in_names(ch: str) -> None:
    from libya_conflict._model.text import confusable_key, one_line, text_findings

    name = f"Khalifa Haf{ch}tar"
    assert "invisible-character" in [code for _, code, _, _ in text_findings({"name": name})]
    assert confusable_key(name) == confusable_key("Khalifa Haftar")
    shown = one_line(name)
    assert ch not in shown
    assert shown == name.replace(ch, ch.encode("unicode_escape").decode("ascii"))


def test_load_never_follows_a_link_out_to_json_lines_or_tombstones(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jsonl").write_text("", encoding="utf-8")
    (outside / "x.json").write_text('{"id": "x", "reason": "r"}', encoding="utf-8")
    folder = tmp_path / "data"
    (folder / "actors").mkdir(parents=True)
    (folder / "events.jsonl").symlink_to(outside / "secret.jsonl")
    with pytest.raises(lc.DataError, match=r"events\.jsonl: a symbolic link out of the folder"):
        lc.load(folder)
    (folder / "events.jsonl").unlink()
    (folder / "tombstones").mkdir()
    (folder / "tombstones" / "x.json").symlink_to(outside / "x.json")
    with pytest.raises(lc.DataError, match=r"x\.json: a symbolic link out of the folder"):
        lc.load(folder)


def test_validate_of_a_link_loop_is_a_verdict_not_a_traceback(tmp_path: Path) -> None:
    """Found by tests/test_fuzz_archives.py: a folder given that is a link to itself made
    ``validate`` raise RuntimeError ("Symlink loop") while looking for a manifest beside it."""
    (tmp_path / "datapackage.json").write_bytes(_manifest({}))
    (tmp_path / "data").symlink_to(tmp_path / "data")
    try:
        outcome: object = lc.validate([tmp_path / "data"])
    except lc.LibyaConflictError as exc:
        outcome = exc
    assert isinstance(outcome, lc.Report | lc.LibyaConflictError)
    assert _run("validate", str(tmp_path / "data"))[0] in (1, 2)


@pytest.mark.parametrize("name", [".", "./", "x/"])
def test_a_zip_entry_without_a_name_part_is_a_verdict_not_a_traceback(
    tmp_path: Path, name: str
) -> None:
    """Found by tests/test_fuzz_archives.py: a zip entry named ``.`` made verify, diff and load
    raise IndexError."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(name)
        info.filename = name
        archive.writestr(info, json.dumps(ACTOR))
    archive_path = tmp_path / "odd.zip"
    archive_path.write_bytes(buffer.getvalue())
    with pytest.raises(lc.DataError, match="not a release"):
        lc.verify(archive_path)
    with pytest.raises(lc.DataError):
        lc.diff(archive_path, archive_path)
    assert _run("verify", str(archive_path))[0] == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_as_a_folders_json_lines_file_is_no_hang(tmp_path: Path) -> None:
    """Found by tests/test_fuzz_archives.py: ``validate FOLDER`` opened a named pipe called
    ``actors.jsonl`` blocking, and hung; it is skipped now, as load() skips it."""
    folder = tmp_path / "data"
    (folder / "actors").mkdir(parents=True)
    (folder / "actors" / "khalifa-haftar.json").write_text(json.dumps(ACTOR), encoding="utf-8")
    os.mkfifo(folder / "actors.jsonl")
    assert lc.validate([folder]).records == 1
    assert lc.validate([folder / "actors"]).records == 1  # the pipe beside, among the records
    from libya_conflict._loading.jsonl import lines

    with pytest.raises(OSError, match="not a regular file"):
        list(lines(folder / "actors.jsonl"))


def test_validating_many_large_files_keeps_no_document_past_its_checks(tmp_path: Path) -> None:
    """Documents are not kept until the report ends: 40 files of 2 MB each cost one at a time."""
    import tracemalloc

    folder = tmp_path / "actors"
    folder.mkdir()
    filler = ["x" * 10_000] * 200  # 2 MB of text per file, under every limit
    for number in range(40):
        record = {"id": f"big-{number}", "name": f"Big {number}", "kind": "person", "x": filler}
        (folder / f"big-{number}.json").write_text(json.dumps(record), encoding="utf-8")
    tracemalloc.start()
    try:
        report = lc.validate(folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not report.ok and report.records == 40
    assert peak < 30 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB for 80 MB of files"


def test_a_file_that_changes_between_the_two_passes_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from libya_conflict._validation import run as run_module

    source = REPO / "data" / "actors" / "khalifa-haftar.json"
    target = tmp_path / "actors" / "khalifa-haftar.json"
    target.parent.mkdir()
    target.write_bytes(source.read_bytes())
    real = run_module.read_bytes
    reads: list[object] = []

    def changing(resource: object) -> bytes:
        reads.append(resource)
        if len(reads) == 2:  # the second pass finds another record in the file
            return json.dumps({"id": "someone-else"}).encode()
        return real(resource)  # type: ignore[arg-type]

    monkeypatch.setattr(run_module, "read_bytes", changing)
    report = lc.validate(target)
    assert [p.message for p in report.problems] == ["the file changed while it was being validated"]


def test_a_manifest_beside_the_data_folder_that_links_out_is_never_read(tmp_path: Path) -> None:
    """Found by the folder-tree fuzzing: ``datapackage.json`` linking out of the root."""
    outside = tmp_path / "outside.json"
    outside.write_text('{"version": "9.9.9", "released_ids": ["secret-id"], "resources": []}')
    root = tmp_path / "root"
    (root / "data" / "actors").mkdir(parents=True)
    source = REPO / "data" / "actors" / "khalifa-haftar.json"
    (root / "data" / "actors" / "khalifa-haftar.json").write_bytes(source.read_bytes())
    (root / "datapackage.json").symlink_to(outside)
    assert lc.load(root / "data").version is None  # the outside manifest's version is not read
    report = lc.validate(root / "data")
    assert all("secret-id" not in p.message for p in report.problems)


def test_a_zip_entry_whose_name_is_a_nul_byte_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """Found by the archive fuzzing: zipfile cuts the name at the NUL, leaving none."""
    path = tmp_path / "release.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("datapackage.json", json.dumps(ACTOR))
        archive.writestr("NAMELESS", json.dumps(ACTOR))
    # the same length of NUL bytes in both headers: zipfile reads the name as ""
    path.write_bytes(path.read_bytes().replace(b"NAMELESS", b"\x00" * 8))
    for call in (lambda: lc.verify(path), lambda: lc.load(path), lambda: lc.diff(path, path)):
        with contextlib.suppress(lc.LibyaConflictError):  # an error, or a verdict
            call()
