"""Fuzzing: whatever a file holds, validating it ends in a clean verdict.

Hypothesis feeds the validator arbitrary bytes, near-JSON token soup, arbitrary JSON values and
mutations of real bundled records (fields dropped, duplicated, retyped or swapped; odd Unicode;
huge numbers; deep nesting), through ``lc.validate``, through ``libya-conflict validate`` run
in-process (text and JSON output, written to a strict UTF-8 stream as a terminal would be) and
through ``lc.load(folder)``. The verdict is always a :class:`Report` of one-line problems, exit
status 0 or 1, or a :class:`DataError`; never a traceback.

The number of examples comes from a settings profile: ``ci`` by default, ``fuzz`` (long) when
``LIBYA_CONFLICT_FUZZ=long``; see docs/fuzzing.md.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import libya_conflict as lc
from libya_conflict._cli import main
from libya_conflict._loading.resources import bundle_folder, record_files
from libya_conflict._model.records import COLLECTION_TYPES
from libya_conflict._validation import bulk as _bulk
from libya_conflict._validation import run as _run
from libya_conflict._validation import validate as _validation

from .conftest import fuzz_profile

PROFILE = fuzz_profile("libya-conflict", ci_examples=600, long_examples=20_000)

COLLECTIONS = sorted(COLLECTION_TYPES)


def _bundled_documents() -> list[tuple[str, dict[str, Any]]]:
    return [
        (collection, json.loads(item.read_bytes()))
        for collection, _, item in record_files(bundle_folder("data"))
    ]


RECORDS = _bundled_documents()


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """A scratch folder; and the bundled ID index read once, not once per example."""
    folder = Path(tempfile.mkdtemp(prefix="libya-conflict-fuzz-"))
    index = _run.bundled_index(_run.bundled_dataset())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_validation, "bundled_index", lambda _: dict(index))
        patch.setattr(_bulk, "bundled_index", lambda _: dict(index))
        yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _write(workdir: Path, collection: str, name: str, data: bytes) -> Path:
    shutil.rmtree(workdir / "data", ignore_errors=True)
    folder = workdir / "data" / collection
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _run_cli(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process with stdout as strict UTF-8 bytes, as a real terminal is."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="\n")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = main(list(args), stdout=out)
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    out.flush()
    return code, raw.getvalue().decode("utf-8"), err.getvalue()


def assert_clean_verdict(path: Path) -> lc.Report:
    """The API, the CLI (text and JSON) and load() all end in a verdict, never a crash."""
    report = lc.validate([path])
    assert isinstance(report, lc.Report)
    assert report.files == 1
    assert report.records == 1 or not report.ok, "a file is valid only as a record checked"
    for problem in report.problems:
        line = str(problem)
        assert line.isprintable(), line
        assert problem.file == _validation._display(path)
        assert problem.message
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")

    code, out, err = _run_cli("validate", str(path))
    assert code == (0 if report.ok else 1), (out, err)
    assert "Traceback" not in err
    assert out.splitlines()[-1].startswith("1 files, ")
    assert len(out.splitlines()) == len(report.problems) + len(report.warnings) + 1

    code, out, err = _run_cli("validate", "--format", "json", str(path))
    assert code == (0 if report.ok else 1), err
    assert json.loads(out) == json.loads(json.dumps(report.to_dict()))

    message = ""
    try:
        lc.load(path.parent.parent)
    except lc.DataError as exc:
        message = str(exc)
    assert message.isprintable(), message
    return report


def record_verdict(report: lc.Report) -> None:
    """Tell Hypothesis's statistics which verdict an example got."""
    event("verdict: " + ("valid" if report.ok else report.problems[0].code))


# -- arbitrary bytes and near-JSON --------------------------------------------------------------

TOKENS = [
    b"{", b"}", b"[", b"]", b":", b",", b'"', b" ", b"\n", b"\\", b'"id"', b'"lna"', b"null",
    b"true", b"-0", b"1e999", b"-1e999", b"NaN", b"Infinity", b"1" * 50, b"0.1e-400",
    b'"\\ud800"', b'"\\udc00\\ud800"', b'"\\u0000"', b'"\\u202e"', b"\xef\xbb\xbf", b"\xff",
    b"\xc3", b"\xed\xa0\x80", b'"\xd0\xb0"', b"[" * 40, b"]" * 40, b'"name"', b'"citations"',
]  # fmt: skip


@PROFILE
@given(
    collection=st.sampled_from(COLLECTIONS),
    data=st.binary(max_size=400) | st.lists(st.sampled_from(TOKENS), max_size=40).map(b"".join),
)
def test_arbitrary_bytes_get_a_clean_verdict(workdir: Path, collection: str, data: bytes) -> None:
    record_verdict(assert_clean_verdict(_write(workdir, collection, "fuzzed.json", data)))


# -- arbitrary JSON values --------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["lna", "khalifa-haftar", "2019-04-04", "/..", "confirmed", "../x"])
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=40,
)


@PROFILE
@given(collection=st.sampled_from(COLLECTIONS), value=JSON_VALUES, ascii=st.booleans())
def test_arbitrary_json_gets_a_clean_verdict(
    workdir: Path, collection: str, value: Any, ascii: bool
) -> None:
    data = json.dumps(value, ensure_ascii=ascii).encode("utf-8", "surrogatepass")
    record_verdict(assert_clean_verdict(_write(workdir, collection, "fuzzed.json", data)))


# -- mutations of real records ----------------------------------------------------------------

ODD_TEXT = [
    "\u0000", "\t", "\n", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u0430",
    "\u0391", "\uff28", "\U0001d407", "\ue000", "\U000e0041", "\u0378", "\ud800", "\udfff",
    "\u2028", "\u0301", "\u0644\u064a\u0628\u064a\u0627", "\U0001f600", "\\", '"', "~", "/",
    "../", "..", "%s", "{0}", "\x85", "x" * 5000, "\u00e9" * 300,
]  # fmt: skip
HUGE_NUMBERS = [
    "1" * 4301, "-" + "9" * 5000, "1e999", "-1e999", "1e-999", "123456789012345678901234567890",
    "1.7976931348623157e308", "4.9e-324", "-0", "0e0", "1E+2", "9" * 41,
]  # fmt: skip


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*prefix, i))


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _set(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    _get(value, path[:-1])[path[-1]] = new
    return value


def _drop(value: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return value
    del _get(value, path[:-1])[path[-1]]
    return value


MARK = "@@HUGE@@"


@st.composite
def mutated_records(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A bundled record, mutated one to four times, as the bytes of a file."""
    collection, original = draw(st.sampled_from(RECORDS))
    document = json.loads(json.dumps(original))
    raw_numbers: list[str] = []
    duplicate: str | None = None
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(document))
        path = draw(st.sampled_from(paths))
        operation = draw(
            st.sampled_from(
                [
                    "drop",
                    "retype",
                    "swap",
                    "unicode",
                    "huge",
                    "nest",
                    "duplicate",
                    "copy-id",
                    "odd-id",
                ]
            )
        )
        if operation == "drop":
            document = _drop(document, path)
        elif operation == "retype":
            document = _set(document, path, draw(JSON_VALUES))
        elif operation == "swap":
            other = draw(st.sampled_from(paths))
            if not (path[: len(other)] == other or other[: len(path)] == path):
                a, b = _get(document, path), _get(document, other)
                document = _set(_set(document, path, b), other, a)
        elif operation == "unicode":
            target = _get(document, path)
            text = target if isinstance(target, str) else ""
            at = draw(st.integers(0, len(text)))
            odd = draw(st.sampled_from(ODD_TEXT) | st.text(min_size=1, max_size=3))
            document = _set(document, path, text[:at] + odd + text[at:])
        elif operation == "huge":
            raw_numbers.append(draw(st.sampled_from(HUGE_NUMBERS)))
            document = _set(document, path, f"{MARK}{len(raw_numbers) - 1}")
        elif operation == "nest":
            depth = draw(st.sampled_from([2, 31, 32, 33, 200, 600]))
            wrapped: Any = _get(document, path)
            for _ in range(depth):
                wrapped = [wrapped] if draw(st.booleans()) else {"x": wrapped}
            document = _set(document, path, wrapped)
        elif operation == "duplicate" and isinstance(document, dict) and document:
            duplicate = draw(st.sampled_from(sorted(document)))
        elif operation == "copy-id" and isinstance(document, dict):
            document["id"] = draw(st.sampled_from(RECORDS))[1]["id"]
        elif operation == "odd-id" and isinstance(document, dict):
            odd = draw(st.sampled_from(ODD_TEXT) | st.text(max_size=3))
            document["id"] = f"{document.get('id')}{odd}"
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    for i, literal in enumerate(raw_numbers):
        text = text.replace(json.dumps(f"{MARK}{i}"), literal)
    if duplicate is not None and text.startswith("{") and len(text) > 2:
        text = "{" + json.dumps(duplicate) + ": null, " + text[1:]
    name = document.get("id") if isinstance(document, dict) else None
    file_name = f"{name}.json" if isinstance(name, str) and name.isascii() else "mutated.json"
    if "/" in file_name or "\x00" in file_name or len(file_name) > 200:
        file_name = "mutated.json"
    return collection, file_name, text.encode("utf-8", "surrogatepass")


@PROFILE
@given(mutated_records())
def test_mutated_real_records_get_a_clean_verdict(
    workdir: Path, mutated: tuple[str, str, bytes]
) -> None:
    collection, name, data = mutated
    record_verdict(assert_clean_verdict(_write(workdir, collection, name, data)))


def _problems_of(report: lc.Report) -> list[tuple[Any, ...]]:
    """What a problem says, apart from where (file, line, column) and the file-name check."""
    return [
        (p.code, p.message, p.record, p.pointer, p.hint)
        for p in report.problems
        if p.code != "id-filename"
    ]


def _assert_same_as_a_line(workdir: Path, collection: str, name: str, data: bytes) -> None:
    """Bulk validation of ``data`` as a JSON Lines line says what the per-file validator says
    of it as a record file."""
    if not data.strip(b" \t\r") or b"\n" in data or b"\r" in data:
        return  # not one line
    reference = lc.validate([_write(workdir, collection, name, data)])
    lines = workdir / "data" / f"{collection}.jsonl"
    lines.write_bytes(data + b"\n")
    bulk = lc.validate([lines])
    assert _problems_of(bulk) == _problems_of(reference)
    assert bulk.records == reference.records


@PROFILE
@given(mutated_records())
def test_a_record_as_a_json_lines_line_gets_the_same_problems(
    workdir: Path, mutated: tuple[str, str, bytes]
) -> None:
    """The fast paths of bulk validation change no verdict and no message."""
    _assert_same_as_a_line(workdir, *mutated)


@PROFILE
@given(
    collection=st.sampled_from(COLLECTIONS),
    data=st.binary(max_size=400) | st.lists(st.sampled_from(TOKENS), max_size=40).map(b"".join),
)
def test_arbitrary_bytes_as_a_json_lines_line_get_the_same_problems(
    workdir: Path, collection: str, data: bytes
) -> None:
    _assert_same_as_a_line(workdir, collection, "arbitrary.json", data)


@pytest.mark.parametrize(("collection", "document"), RECORDS[::97], ids=lambda v: str(v)[:30])
def test_unmutated_records_are_valid_through_the_same_harness(
    workdir: Path, collection: str, document: dict[str, Any]
) -> None:
    path = _write(workdir, collection, f"{document['id']}.json", json.dumps(document).encode())
    assert_clean_verdict(path)
    assert lc.validate([path]).ok


# -- arbitrary command lines ------------------------------------------------------------------

VALID = Path(__file__).parent / "fixtures" / "valid"
ARGUMENTS = st.sampled_from(
    ["--format", "json", "text", "--type", "event", "actor", "battle", "-h", "--version",
     "Hifter", "khalifa-haftar", "common", "-", "--", "", str(VALID)]
) | st.text(max_size=20).filter(lambda t: "\x00" not in t)  # fmt: skip


@PROFILE
@given(
    command=st.sampled_from(["validate", "show", "schema", "stats", "diff", ""]),
    arguments=st.lists(ARGUMENTS, max_size=4),
)
def test_arbitrary_command_lines_get_a_clean_exit_status(
    workdir: Path, command: str, arguments: list[str]
) -> None:
    if command == "validate":
        arguments = [*arguments, str(VALID)]  # not the whole bundle, again and again
    code, out, err = _run_cli(command, *arguments)
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err
    assert code == 0 or (err + out).strip(), "a failure says why"
    event(f"exit {code}")


# -- a few whole processes --------------------------------------------------------------------

NASTY_FILES = {
    "huge-integer": b'{"id": ' + b"1" * 5000 + b"}",
    "overflowing-float": b'{"id": "x", "n": 1e999}',
    "lone-surrogate": b'{"id": "\\ud800", "name": "\\udfff"}',
    "deep-nesting": b"[" * 50_000 + b"]" * 50_000,
    "garbage": bytes(range(256)),
    "bidi-name": '{"id": "x", "name": "Haftar\u202e"}'.encode(),
}


@pytest.mark.parametrize("name", sorted(NASTY_FILES))
def test_nasty_file_in_a_real_process_exits_1_without_a_traceback(
    tmp_path: Path, name: str
) -> None:
    events = tmp_path / "events"
    events.mkdir()
    (events / f"{name}.json").write_bytes(NASTY_FILES[name])
    for extra in ([], ["--format", "json"]):
        result = subprocess.run(
            [sys.executable, "-m", "libya_conflict", "validate", *extra, str(events)],
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        )
        assert result.returncode == 1, result.stderr
        assert b"Traceback" not in result.stderr
        assert f"{name}.json".encode() in result.stdout
