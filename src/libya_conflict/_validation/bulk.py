"""Bulk validation of JSON Lines files: the per-file validator applied line by line, streamed.

Every line goes through the same steps as a record file in :mod:`._validation`, with the same
functions: the strict parser under the limits (:func:`._jsonio.parse_json`), the schema check
(:meth:`._validation.Run.check_schema`: a jsonschema-rs screen, then jsonschema for the
messages), and the integrity checks (:func:`._integrity.check_record`), reported with the same
messages plus the line number. A record that refers to an ID not seen yet is put aside (its
line number only) and checked again at the end, when every ID is known; names
(``name-taken``) and repeated IDs (``duplicate-id``) are checked at the end too, reading again
only the lines concerned.

Memory grows with the IDs, not with the records: an index of each ID's type (one dict entry
per record), the names of the records that have names, the lines set aside and the problems.
With ``jobs`` > 1 the files are cut at line boundaries and the chunks run in worker
processes; the parent takes their IDs into the index in stream order.
"""

from __future__ import annotations

import array
import gc
import itertools
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .._loading.jsonio import JSONInputError, parse_json
from .._loading.jsonl import lines, type_from_name
from .._loading.limits import MAX_FILES, MAX_JOBS, MAX_PROBLEMS
from .._model.records import RECORD_CLASSES
from ..exceptions import UsageError
from . import integrity as _integrity
from .integrity import NameIndex
from .problems import Problem, Report, finding_problem
from .run import Input, Run, bundled_dataset, bundled_index, bundled_names
from .schemas import RECORD_TYPES

__all__ = ["validate_lines"]

StrPath = str | os.PathLike[str]

_KINDS = (*RECORD_TYPES, "tombstone")
_TYPE_CODES = {record_type: code for code, record_type in enumerate(_KINDS)}


class _Forward(Exception):
    """A record refers to an ID not seen yet; check it again at the end."""


_SEPARATOR = "\x00"  # between the IDs a worker sends back (an ID with one is sent as a list)


class _Index(Mapping[str, str]):
    """The IDs known so far, by record type, as :func:`._integrity.check_record` reads them.

    While streaming, looking up an unknown ID raises :class:`_Forward`, so the record is set
    aside instead of reported; once every ID is known it answers ``None`` like a dict.
    """

    def __init__(self, bundled: Mapping[str, str]) -> None:
        # Each ID's type as a small int (shared objects: a million IDs cost only the dict).
        # Where an ID was seen is not kept: a repeated one is placed by reading again.
        self.types = {i: _TYPE_CODES[t] for i, t in bundled.items()}
        self.streaming = True

    def __getitem__(self, key: str) -> str:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return str(found)

    def get(self, key: str, default: Any = None) -> Any:
        found = self.types.get(key)
        if found is None:
            if self.streaming:
                raise _Forward
            return default
        return _KINDS[found]

    def __contains__(self, key: object) -> bool:
        return key in self.types

    def __iter__(self) -> Iterator[str]:
        return iter(self.types)

    def __len__(self) -> int:
        return len(self.types)


@attrs.define
class _Chunk:
    """A part of one file: ``start``..``end`` bytes, whose first line is ``first_line``."""

    file_no: int
    shown: str
    path: str
    record_type: str
    start: int
    end: int
    first_line: int


class _Capped(list[Problem]):
    """A list of problems that keeps the first :data:`MAX_PROBLEMS` and counts the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.cap = MAX_PROBLEMS
        self.omitted = 0

    def append(self, problem: Problem) -> None:
        if len(self) < self.cap:
            super().append(problem)
        else:
            self.omitted += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __reduce__(self) -> tuple[Any, ...]:  # to and from a worker process, as it is
        return (_capped, (list(self), self.cap, self.omitted))


def _capped(problems: list[Problem], cap: int, omitted: int) -> _Capped:
    restored = _Capped()
    restored.cap, restored.omitted = cap, omitted
    list.extend(restored, problems)
    return restored


@attrs.define
class _Outcome:
    """What checking a chunk found: problems, the IDs in order (workers only), lines set aside."""

    problems: _Capped = attrs.Factory(_Capped)
    ids: list[str] = attrs.Factory(list)
    id_lines: list[int] = attrs.Factory(list)
    packed: tuple[str, bytes] | None = None  # the IDs and lines, compact, from a worker
    deferred: list[int] = attrs.Factory(list)
    named: list[int] = attrs.Factory(list)  # valid records whose names must be checked
    records: int = 0

    def pack(self) -> None:
        """Turn the IDs into one string and one array: a tenth of the memory of the lists."""
        joined = _SEPARATOR.join(self.ids)
        if joined.count(_SEPARATOR) == max(len(self.ids) - 1, 0):
            self.packed = (joined, array.array("q", self.id_lines).tobytes())
            self.ids, self.id_lines = [], []

    def unpack(self) -> Iterator[tuple[str, int]]:
        """The IDs and their lines, in order, packed or not."""
        if self.packed is None:
            yield from zip(self.ids, self.id_lines, strict=True)
            return
        joined, packed_lines = self.packed
        numbers = array.array("q")
        numbers.frombytes(packed_lines)
        start = 0
        for line in numbers:
            end = joined.find(_SEPARATOR, start)
            yield joined[start : end if end >= 0 else len(joined)], line
            start = end + 1


def _lines(chunk: _Chunk, wanted: set[int] | None = None) -> Iterator[tuple[int, bytes]]:
    for number, raw in lines(chunk.path, chunk.start, chunk.end, chunk.first_line):
        if wanted is None or number in wanted:
            yield number, raw


class _Checker:
    """Checks the records of a stream against an index of the IDs seen so far.

    With ``identity`` it also notes the records whose ID was known already, for
    :func:`_duplicate_ids` (one process); without, it only collects the IDs for the parent,
    which takes them into its index in stream order (a worker).
    """

    def __init__(self, bundled: Mapping[str, str], shown: Sequence[str], identity: bool) -> None:

        self.shown = shown
        self.identity = identity
        self.index = _Index(bundled)
        # (file, line, ID, record type) of every record whose ID was known already, in order
        self.repeated: list[tuple[int, int, str, str]] = []
        self.reference = Run([], {}, [])
        self.inputs: dict[tuple[str, str], Input] = {}

    def schema_problems(self, chunk: _Chunk, line: int, document: Any, out: _Outcome) -> bool:
        """The per-file validator's schema check of one line's record: its verdict and problems."""
        self.reference.problems = []
        key = (chunk.shown, chunk.record_type)
        item = self.inputs.get(key) or self.inputs.setdefault(
            key, Input(chunk.shown, Path(chunk.shown), chunk.record_type)
        )
        valid = self.reference.check_schema(item, document)
        out.problems.extend(attrs.evolve(p, line=line) for p in self.reference.problems)
        return valid

    def integrity(self, chunk: _Chunk, line: int, document: Any, out: _Outcome) -> None:
        """Run the integrity checks; set the record aside if it refers to an unknown ID."""
        try:
            findings = list(_integrity.check_record(chunk.record_type, document, self.index))
        except _Forward:
            out.deferred.append(line)
            return
        out.problems.extend(_problems(chunk, line, document["id"], findings))

    def chunk(self, chunk: _Chunk) -> _Outcome:
        """Check every line of a chunk, adding its IDs to the index as they come."""
        out = _Outcome()
        types, problems, repeated = self.index.types, out.problems, self.repeated
        file_no, code = chunk.file_no, _TYPE_CODES[chunk.record_type]
        named = chunk.record_type in _integrity.NAMESPACES
        for line, raw in lines(chunk.path, chunk.start, chunk.end, chunk.first_line):
            try:
                document = parse_json(raw)
            except JSONInputError as exc:
                problems.append(
                    Problem(
                        file=chunk.shown,
                        code=exc.code,
                        message=exc.message,
                        record=exc.record,
                        pointer=exc.pointer,
                        line=line,
                        column=exc.column,
                    )
                )
                continue
            out.records += 1
            record_id = document.get("id") if type(document) is dict else None
            again = False  # the ID was seen before: perhaps a bundled record's, with its names
            if type(record_id) is str:
                again = record_id in types
                if not self.identity:
                    out.ids.append(record_id)
                    out.id_lines.append(line)
                elif again:
                    repeated.append((file_no, line, record_id, chunk.record_type))
                types[record_id] = code
            if not self.schema_problems(chunk, line, document, out):
                continue
            if named or again:
                out.named.append(line)
            self.integrity(chunk, line, document, out)
        return out

    def adopt(self, chunk: _Chunk, out: _Outcome) -> None:
        """Take a worker's IDs into the index in stream order, noting those known already."""
        types, code = self.index.types, _TYPE_CODES[chunk.record_type]
        for record_id, line in out.unpack():
            if record_id in types:
                self.repeated.append((chunk.file_no, line, record_id, chunk.record_type))
            types[record_id] = code
        out.ids, out.id_lines, out.packed = [], [], None

    def deferred(self, chunk: _Chunk, lines: list[int], out: _Outcome) -> None:
        """Check the integrity of the lines set aside, now that every ID is known."""
        self.index.streaming = False
        for line, raw in _lines(chunk, set(lines)):
            self.integrity(chunk, line, parse_json(raw), out)


def _problems(
    chunk: _Chunk, line: int, record_id: str, findings: Iterable[_integrity.Finding]
) -> Iterator[Problem]:
    """The problems for a record's integrity findings, at its line."""
    return (finding_problem(chunk.shown, record_id, f, line) for f in findings)


def _duplicate_ids(
    chunks: list[_Chunk], checker: _Checker, bundled: Mapping[str, str]
) -> list[Problem]:
    """The reference's ``duplicate-id`` problems for the records whose ID was known already.

    Each names the place the ID was last used before: an earlier line, or the bundled record
    of another type (a bundled record of the same type is being given a new version). The
    first line of an ID that was not bundled is found by reading the stream again.
    """
    if not checker.repeated:
        return []
    last: dict[str, tuple[int, int] | None] = {i: None for _, _, i, _ in checker.repeated}
    last.update(_first_lines(chunks, {i for i in last if i not in bundled}))
    problems = []
    for file_no, line, record_id, record_type in checker.repeated:
        before, last[record_id] = last[record_id], (file_no, line)
        if before is not None:
            where = f"{checker.shown[before[0]]}:{before[1]}"
            message, hint = f"the ID {record_id!r} is already used by {where}", None
        elif bundled.get(record_id, record_type) != record_type:
            other = bundled[record_id].replace("_", " ")
            message = f"the ID {record_id!r} is already used by the bundled {other} record"
            hint = "IDs are unique across all collections; choose another"
        else:
            continue  # a new version of a bundled record
        problems.append(
            Problem(
                file=checker.shown[file_no],
                code="duplicate-id",
                message=message,
                record=record_id,
                pointer="/id",
                hint=hint,
                line=line,
            )
        )
    return problems


def _first_lines(chunks: list[_Chunk], wanted: set[str]) -> dict[str, tuple[int, int]]:
    """``(file, line)`` of the first record with each of these IDs, reading the stream again.

    Lines are parsed under the same limits as the first reading (a line it refused holds no
    record); with a few IDs to find, only the lines that hold one of them as written are
    parsed.
    """
    found: dict[str, tuple[int, int]] = {}
    written = [json.dumps(i).encode() for i in wanted] if len(wanted) <= 32 else None
    for chunk in chunks:
        for line, raw in _lines(chunk):
            if written is not None and b"\\" not in raw and not any(w in raw for w in written):
                continue
            try:
                document = parse_json(raw)
            except JSONInputError:
                continue
            record_id = document.get("id") if type(document) is dict else None
            if record_id in wanted and record_id not in found:
                found[record_id] = (chunk.file_no, line)
                if len(found) == len(wanted):
                    return found
    return found


def _check_names(chunks: list[_Chunk], outcomes: list[_Outcome], bundled_names: NameIndex) -> None:
    """The reference's ``name-taken`` check, once every name in the stream is known.

    Only the valid records with names (and any whose ID was known already, which may replace
    a bundled record and its names) are read again, so a file of events costs nothing here.
    """

    def given() -> Iterator[tuple[_Chunk, _Outcome, int, dict[str, Any]]]:
        for chunk, out in zip(chunks, outcomes, strict=True):
            if out.named:
                for line, raw in _lines(chunk, set(out.named)):
                    yield chunk, out, line, parse_json(raw)

    # Read twice rather than kept: the names of a million places fit in memory, not the places.
    named = ((chunk.record_type, document["id"], document) for chunk, _, _, document in given())
    taken = _integrity.taken_names(named, bundled_names)
    for chunk, out, line, document in given():
        findings = _integrity.check_names(chunk.record_type, document, taken)
        out.problems.extend(_problems(chunk, line, document["id"], findings))


def _chunks(files: list[tuple[str, Path, str]], jobs: int) -> list[_Chunk]:
    """Cut every file into about ``jobs`` parts at line boundaries, counting lines."""
    chunks: list[_Chunk] = []
    for file_no, (shown, path, record_type) in enumerate(files):
        size = path.stat().st_size
        cuts = [0]
        if jobs > 1 and size > 1 << 20:
            with open(path, "rb") as handle:
                for part in range(1, jobs):
                    cuts.append(_next_line(handle, size * part // jobs, size))
        cuts.append(size)
        cuts = sorted(set(cuts))
        first_line = 1
        with open(path, "rb") as handle:
            for start, end in itertools.pairwise(cuts):
                chunks.append(
                    _Chunk(file_no, shown, os.fspath(path), record_type, start, end, first_line)
                )
                if end < size:
                    handle.seek(start)
                    first_line += _newlines(handle, end - start)
    return chunks


def _next_line(handle: Any, position: int, size: int, block: int = 1 << 16) -> int:
    """Where the line after ``position`` starts (``size`` if none does), read a block at a
    time: a line without a newline is never read whole."""
    handle.seek(position)
    while position < size:
        data = handle.read(block)
        if not data:
            break
        found: int = data.find(b"\n")
        if found >= 0:
            return position + found + 1
        position += len(data)
    return size


def _newlines(handle: Any, size: int, block: int = 1 << 20) -> int:
    """How many newlines the next ``size`` bytes of a file hold, read a block at a time."""
    count = 0
    while size > 0:
        data = handle.read(min(block, size))
        if not data:
            break
        count += data.count(b"\n")
        size -= len(data)
    return count


def _worker(chunk: _Chunk, bundled: dict[str, str], shown: list[str]) -> _Outcome:
    """Check one chunk in a worker process, against the bundled IDs and its own."""
    gc.disable()
    out = _Checker(bundled, shown, identity=False).chunk(chunk)
    out.pack()
    return out


def validate_lines(
    paths: Sequence[StrPath],
    *,
    record_type: str | None = None,
    jobs: int = 1,
    known: Mapping[str, str] | None = None,
) -> Report:
    """Validate JSON Lines files, one record per line, with every check of :func:`validate`.

    A file's record type is ``record_type``, or named by the file (``events.jsonl``,
    ``event.jsonl``). References resolve among all the files given plus the bundled data.
    Problems carry the file and the line number. ``jobs`` > 1 checks parts of the files in
    that many processes (at most :data:`~.._loading.limits.MAX_JOBS` and the CPU count).
    ``known`` are the IDs and types of records given beside the files (a data folder's record
    files), which references may name. Raises :class:`~libya_conflict.UsageError` for a
    missing file, an unknown record type or a file whose type cannot be told.
    """

    if record_type is not None and record_type not in RECORD_CLASSES:
        raise UsageError(
            f"unknown record type {record_type!r}; choose one of: {', '.join(RECORD_CLASSES)}"
        )
    if jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {jobs}")
    jobs = min(jobs, MAX_JOBS, os.cpu_count() or 1)  # more processes only cost memory
    if len(paths) > MAX_FILES:
        raise UsageError(f"give at most {MAX_FILES:,} JSON Lines files at once")
    files: list[tuple[str, Path, str]] = []
    for raw_path in paths:
        path = Path(raw_path)
        if not path.is_file():
            raise UsageError(f"{os.fspath(raw_path)}: no such file")
        found = record_type or type_from_name(path)
        if found is None:
            raise UsageError(
                f"{os.fspath(raw_path)}: cannot tell the record type from the file name; "
                "name it after its collection (events.jsonl) or pass --type"
            )
        files.append((os.fspath(raw_path), path, found))
    bundle = bundled_dataset()
    bundled = {**bundled_index(bundle), **(known or {})}
    shown = [entry[0] for entry in files]
    chunks = _chunks(files, jobs)
    enabled = gc.isenabled()
    gc.disable()  # records are dropped as soon as checked; there are no cycles to collect
    try:
        if jobs > 1 and len(chunks) > 1:
            checker = _Checker(bundled, shown, identity=False)
            outcomes = _run_parallel(chunks, bundled, shown, jobs, checker)
        else:
            checker = _Checker(bundled, shown, identity=True)
            outcomes = [checker.chunk(chunk) for chunk in chunks]
        for chunk, out in zip(chunks, outcomes, strict=True):
            if out.deferred:
                checker.deferred(chunk, out.deferred, out)
        _check_names(chunks, outcomes, bundled_names(bundle))
        problems = _duplicate_ids(chunks, checker, bundled)
    finally:
        if enabled:
            gc.enable()
    problems += [p for out in outcomes for p in out.problems]
    # Per line, as the reference orders them: ID problems, then schema, then integrity.
    order: dict[str, int] = {}
    for i, name in enumerate(shown):
        order.setdefault(name, i)
    problems.sort(key=lambda p: (order[p.file], p.line or 0, p.code != "duplicate-id"))
    # Each chunk kept its first problems, so the first MAX_PROBLEMS of all are among them.
    omitted = sum(out.problems.omitted for out in outcomes)
    omitted += max(len(problems) - MAX_PROBLEMS, 0)
    records = sum(out.records for out in outcomes)
    return Report(
        problems=tuple(problems[:MAX_PROBLEMS]), files=len(files), records=records, omitted=omitted
    )


def _run_parallel(
    chunks: list[_Chunk], bundled: dict[str, str], shown: list[str], jobs: int, checker: _Checker
) -> list[_Outcome]:
    """Check the chunks in ``jobs`` processes; adopt their IDs in order, as they come."""
    from concurrent.futures import ProcessPoolExecutor

    outcomes = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_worker, chunk, bundled, shown) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            out = future.result()
            checker.adopt(chunk, out)
            outcomes.append(out)
    return outcomes
