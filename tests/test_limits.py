"""Resource limits: oversized files, numbers, strings, arrays, objects, nesting and file counts
are refused early, with a one-line problem naming the file and where in it."""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._cli import main
from libya_conflict._loading import jsonio as _jsonio
from libya_conflict._loading import limits as _limits
from libya_conflict._loading.converter import to_json
from libya_conflict._loading.jsonio import JSONInputError, LimitExceeded, parse_json, read_bytes
from libya_conflict._validation import validate as _validation


def _event_file(tmp_path: Path, data: bytes, name: str = "x") -> Path:
    folder = tmp_path / "events"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.json"
    path.write_bytes(data)
    return path


def _only_problem(path: Path) -> lc.Problem:
    report = lc.validate([path])
    assert len(report.problems) == 1, report
    problem = report.problems[0]
    assert problem.file == str(path)
    assert "\n" not in str(problem)
    return problem


def test_limits_are_far_above_the_bundled_data() -> None:
    depth = strings = arrays = members = 0

    def walk(value: Any, level: int) -> None:
        nonlocal depth, strings, arrays, members
        if isinstance(value, dict):
            depth, members = max(depth, level), max(members, len(value))
            for item in value.values():
                walk(item, level + 1)
        elif isinstance(value, list):
            depth, arrays = max(depth, level), max(arrays, len(value))
            for item in value:
                walk(item, level + 1)
        elif isinstance(value, str):
            strings = max(strings, len(value))

    for record in lc.load():
        walk(to_json(record), 1)
    assert depth * 4 <= _limits.MAX_DEPTH
    assert strings * 3 <= _limits.MAX_STRING_CHARS
    assert arrays * 10 <= _limits.MAX_ARRAY_ITEMS
    assert members * 10 <= _limits.MAX_OBJECT_MEMBERS


# -- file size: stat first, bounded read ----------------------------------------------------------


class _Spy:
    """Stands in for ``os.read`` in _jsonio and records every read size asked for."""

    def __init__(self) -> None:
        self.reads: list[int] = []
        self.real = os.read

    def read(self, fd: int, size: int) -> bytes:
        self.reads.append(size)
        return self.real(fd, size)


def test_an_oversized_file_is_refused_from_its_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events" / "big.json"
    path.parent.mkdir()
    with path.open("wb") as handle:  # sparse: 11 MiB on paper, nothing on disk
        handle.truncate(_limits.MAX_FILE_BYTES + 1024 * 1024)
    problem = _only_problem(path)
    assert problem.code == "limit"
    assert "larger than the 10 MiB limit (11,534,336 bytes)" in problem.message
    spy = _Spy()
    monkeypatch.setattr(_jsonio.os, "read", spy.read)
    with pytest.raises(LimitExceeded):
        read_bytes(path)
    assert spy.reads == []


def test_a_file_that_grows_past_the_limit_is_still_read_only_up_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _event_file(tmp_path, b" " * 5000)
    monkeypatch.setattr(_jsonio, "MAX_FILE_BYTES", 1000)
    real_fstat = os.fstat
    monkeypatch.setattr(
        _jsonio.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, 0, 0, 0))
    )
    spy = _Spy()
    monkeypatch.setattr(_jsonio.os, "read", spy.read)
    with pytest.raises(LimitExceeded, match="larger than"):
        read_bytes(path)
    assert sum(spy.reads) == 1001


def test_a_named_pipe_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    pipe = tmp_path / "events" / "pipe.json"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    reports: list[lc.Report] = []
    worker = threading.Thread(target=lambda: reports.append(lc.validate([pipe])), daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(pipe, "wb"):
            pass
        pytest.fail("validating a named pipe blocked")
    (problem,) = reports[0].problems
    assert problem.code == "unreadable"
    assert "not a regular file" in problem.message


# -- numbers ------------------------------------------------------------------------------------


def test_an_integer_of_thousands_of_digits_is_refused_not_a_traceback(tmp_path: Path) -> None:
    # Regression (found by fuzzing): Python's int() raised a bare ValueError past 4,300 digits.
    path = _event_file(tmp_path, b'{"id": "x", "n": ' + b"1" * 5000 + b"}")
    problem = _only_problem(path)
    assert problem.code == "limit"
    assert "a number of 5,000 characters is longer than the limit of 40" in problem.message
    assert (problem.line, problem.column) == (1, 18)
    out = io.StringIO()
    assert main(["validate", str(path)], stdout=out) == 1


def test_a_number_that_overflows_to_infinity_is_refused(tmp_path: Path) -> None:
    # Regression: json.loads read 1e999 as float('inf'), which is not JSON.
    problem = _only_problem(_event_file(tmp_path, b'{"id": "x", "n": -1e999}'))
    assert problem.code == "json"
    assert "-1e999 is too large for a JSON number" in problem.message


@pytest.mark.parametrize("literal", ["12345678901234567890", "1.5e300", "-0.000001", "4.9e-324"])
def test_ordinary_numbers_parse(literal: str) -> None:
    assert parse_json(literal.encode()) == json.loads(literal)


# -- strings, arrays, objects, nesting -----------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "pointer", "message"),
    [
        ({"id": "x", "name": "a" * 10_001}, "/name", "a string of 10,001 characters"),
        ({"id": "x", "b" * 10_001: 1}, "", "a field name of 10,001 characters"),
        ({"id": "x", "aliases": ["a"] * 1_001}, "/aliases", "an array of 1,001 items"),
        ({"id": "x", "f": {str(i): i for i in range(201)}}, "/f", "an object of 201 fields"),
    ],
    ids=["string", "field-name", "array", "object"],
)
def test_values_beyond_a_limit_are_refused_with_a_pointer(
    tmp_path: Path, document: dict[str, Any], pointer: str, message: str
) -> None:
    problem = _only_problem(_event_file(tmp_path, json.dumps(document).encode()))
    assert problem.code == "limit"
    assert problem.record == "x"
    assert problem.pointer == pointer
    assert problem.message.startswith(message)


def test_values_at_a_limit_are_accepted() -> None:
    document = {
        "s": "a" * _limits.MAX_STRING_CHARS,
        "a": [0] * _limits.MAX_ARRAY_ITEMS,
        "o": {str(i): i for i in range(_limits.MAX_OBJECT_MEMBERS)},
    }
    assert parse_json(json.dumps(document).encode()) == document


def _nested(depth: int) -> bytes:
    return b'{"id": "x", "n": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


def test_nesting_at_the_depth_limit_is_accepted() -> None:
    parse_json(_nested(_limits.MAX_DEPTH))


@pytest.mark.parametrize("depth", [_limits.MAX_DEPTH + 1, 800, 100_000])
def test_nesting_beyond_the_depth_limit_is_refused_at_its_position(
    tmp_path: Path, depth: int
) -> None:
    problem = _only_problem(_event_file(tmp_path, _nested(depth)))
    assert problem.code == "limit"
    assert problem.message == "nesting is too deep: more than 32 levels of arrays and objects"
    assert (problem.line, problem.column) == (1, 18 + _limits.MAX_DEPTH - 1)


def test_a_lone_surrogate_escape_is_refused(tmp_path: Path) -> None:
    # Regression (found by fuzzing): "\ud800" parsed into a str that cannot be printed or
    # written as UTF-8, so the CLI died with UnicodeEncodeError while printing the record ID.
    path = _event_file(tmp_path, b'{"id": "x", "name": "a\\ud800"}')
    problem = _only_problem(path)
    assert problem.code == "json"
    assert problem.pointer == "/name"
    assert "\\ud800, a lone surrogate" in problem.message
    assert parse_json(b'"\\ud83d\\ude00 \\\\ud800"') == "\U0001f600 \\ud800"


def test_a_string_that_merely_mentions_a_surrogate_escape_is_fine() -> None:
    with pytest.raises(JSONInputError):
        parse_json(b'["\\udc00"]')
    assert parse_json(b'["\\\\udc00"]') == ["\\udc00"]


# -- number of files ----------------------------------------------------------------------------


def test_too_many_files_in_one_run_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(5):
        _event_file(tmp_path, b"{}", name=f"e{i}")
    monkeypatch.setattr(_validation, "MAX_FILES", 3)
    with pytest.raises(lc.UsageError, match="more than 3 record files in one run"):
        lc.validate([tmp_path])
    assert main(["validate", str(tmp_path)]) == 2
    assert "more than 3 record files" in capsys.readouterr().err


def test_the_bundle_is_within_the_file_limit() -> None:
    assert lc.validate().files <= _limits.MAX_FILES


def test_a_pointer_through_a_field_name_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    path = _event_file(tmp_path, json.dumps({"a\nb": [0] * 1_001}).encode())
    problem = lc.validate([path]).problems[0]
    assert problem.pointer == "/a\nb"
    assert str(problem) == (
        f"{path}: /a\\nb: an array of 1,001 items is over the limit of 1,000 [limit]"
    )


@pytest.mark.parametrize("document", [b"null", b"0", b'"x"', b"[]"])
def test_a_file_that_is_not_an_object_is_a_problem(tmp_path: Path, document: bytes) -> None:
    # Regression (found by fuzzing): a file holding JSON null was reported valid, with 0 records
    # checked, because null was taken for "could not be read".
    report = lc.validate([_event_file(tmp_path, document)])
    assert not report.ok
    assert report.records == 1
    assert report.problems[0].code == "type"


@pytest.mark.parametrize("json_format", [False, True])
def test_a_lone_surrogate_in_the_id_is_not_echoed_into_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], json_format: bool
) -> None:
    # Regression: naming the record of a limit problem by its ID put "\ud800" into the report,
    # and printing the report as JSON to a UTF-8 terminal raised UnicodeEncodeError.
    path = _event_file(tmp_path, b'{"id": "\\ud800", "name": "\\udfff"}')
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    args = ["validate", *(["--format", "json"] if json_format else []), str(path)]
    assert main(args, stdout=out) == 1
    out.flush()
    assert b"lone surrogate" in raw.getvalue()
    assert lc.validate([path]).problems[0].record is None


def test_a_file_read_in_short_pieces_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read may return less than asked (a network file system, a signal): read on."""
    path = _event_file(tmp_path, b" " * 300)
    real = os.read
    monkeypatch.setattr(_jsonio.os, "read", lambda fd, size: real(fd, min(size, 7)))
    assert read_bytes(path) == path.read_bytes()
