"""The validation engine behind :func:`libya_conflict.validate` and ``libya-conflict validate``.

Three layers, each reported in full: strict JSON syntax (:mod:`._jsonio`); the record type's
JSON Schema, every error and not just the first (:mod:`._schemas`); and the integrity checks
across records (:mod:`._integrity`), run against the records given plus the bundled dataset,
where a file given replaces the bundled record of the same ID. Files are only ever read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from .._loading.jsonio import JSONInputError, parse_json, read_bytes
from .._loading.limits import MAX_FILES
from .._loading.release import released_ids
from .._loading.resources import (
    MANIFEST,
    bundle_root,
    holds_collections,
    walk,
)
from .._model.records import COLLECTION_TYPES, RECORD_CLASSES, Record
from .._model.text import one_line
from ..exceptions import UsageError
from .problems import Report
from .run import (
    Input,
    Released,
    Run,
    bundled_dataset,
    bundled_index,
    bundled_inputs,
    bundled_names,
    collection_type,
)

if TYPE_CHECKING:
    pass

__all__ = ["UsageError", "validate"]

StrPath = str | os.PathLike[str]


def _released(manifest: Traversable, shown: str, folder: str) -> list[Released]:
    try:
        document = parse_json(read_bytes(manifest))  # bounded: it may be a stranger's
    except (OSError, JSONInputError):
        return []  # verify() reports a damaged manifest; validation checks records
    if not (isinstance(document, dict) and isinstance(document.get("released_ids"), list)):
        return []
    return [Released(shown, folder, released_ids(document))]


def _given_released(paths: Iterable[StrPath]) -> list[Released]:
    """The manifests beside data folders given whole (``data/`` next to datapackage.json)."""
    found: list[Released] = []
    for raw in paths:
        folder = Path(raw)
        manifest = folder.resolve().parent / MANIFEST
        if folder.is_dir() and manifest.is_file() and holds_collections(folder):
            found.extend(
                _released(manifest, os.fspath(Path(raw).parent / MANIFEST), os.fspath(folder))
            )
    return found


Lines = tuple[str, Path, str]
"""A folder's JSON Lines file: as shown, its path, its record type."""

_FOLDER_LINES = {f"{collection}.jsonl": rtype for collection, rtype in COLLECTION_TYPES.items()}
"""The JSON Lines files of a data folder that :func:`.._loading.load.load` reads."""


def _given_inputs(
    paths: Iterable[StrPath], record_type: str | None
) -> tuple[list[Input], list[Lines]]:
    known = (*RECORD_CLASSES, "tombstone")
    if record_type is not None and record_type not in known:
        raise UsageError(f"unknown record type {record_type!r}; choose one of: {', '.join(known)}")
    inputs: list[Input] = []
    lines: list[Lines] = []
    for raw in paths:
        if not os.fspath(raw):
            raise UsageError("an empty path was given; to validate this folder, give '.'")
        path = Path(raw)
        if path.is_dir():
            found, in_lines = _folder_files(path, MAX_FILES - len(inputs))
            lines.extend((_display(file), file, rtype) for file, rtype in in_lines)
        elif path.exists() or path.is_symlink():
            found = [(path, None)]
        else:
            raise UsageError(f"{_display(raw)}: no such file or folder")
        for file, refused in found:
            rtype = record_type or collection_type(file)
            inputs.append(Input(_display(file), file, rtype, refused))
        if len(inputs) > MAX_FILES:
            raise UsageError(f"{_display(raw)}: more than {MAX_FILES:,} record files in one run")
    if not inputs and not lines:
        shown = ", ".join(_display(p) for p in paths)
        raise UsageError(f"{shown}: no record files (*.json) to validate")
    return inputs, lines


def _display(path: StrPath) -> str:
    """The path as one printable line: undecodable bytes become ``\\xff``, a newline ``\\n``."""
    return one_line(os.fsencode(path).decode("utf-8", "backslashreplace"))


def _folder_files(
    folder: Path, room: int
) -> tuple[list[tuple[Path, str | None]], list[tuple[Path, str]]]:
    """The ``*.json`` files under ``folder`` in name order, each with why it is refused, if so
    (a link out of the folder: :func:`.._loading.resources.walk`), and its
    ``<collection>.jsonl`` files with their record type. Stops once more than ``room`` files
    are found."""
    found: list[tuple[Path, str | None]] = []
    lines: list[tuple[Path, str]] = []
    for name, _, refused in walk(folder):
        if refused is None and name in _FOLDER_LINES:
            lines.append((folder / name, _FOLDER_LINES[name]))
        elif name.endswith(".json") or refused is not None:
            found.append((folder / name, refused))
            if len(found) > room:
                break
    return sorted(found), lines


def validate(
    paths: StrPath | Iterable[StrPath] | None = None,
    *,
    record_type: str | None = None,
    jobs: int = 1,
) -> Report:
    """Validate record files and return a :class:`Report` of every problem found.

    ``paths`` are files or folders (searched for ``*.json``), or one path; with none, the
    bundled dataset is validated. A file's record type comes from the folder it is in
    (``events/``, ``actors/``, ..., ``tombstones/``) unless ``record_type`` (``"event"``,
    ``"actor"``, ...) is given. References are resolved among the files given plus the bundled
    dataset.

    JSON Lines files (``.jsonl``, one record per line) are streamed by the bulk validator
    (:mod:`._bulk`): same checks and messages, with line numbers; ``jobs`` > 1 uses that many
    processes. Give either JSON Lines files or record files and folders, not both.

    Raises :class:`UsageError` for a path that does not exist, paths that hold no record file,
    or an unknown record type.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if paths is not None:
        from .._loading.jsonl import is_json_lines

        paths = list(paths)
        lines = [p for p in paths if is_json_lines(p)]
        if lines and len(lines) < len(paths):
            raise UsageError("give either JSON Lines files or record files and folders, not both")
        if lines:
            from .bulk import validate_lines

            return validate_lines(lines, record_type=record_type, jobs=jobs)
    if paths is None:
        inputs = bundled_inputs()
        index: dict[str, str] = {}
        root = bundle_root()
        released = (
            _released(root / MANIFEST, MANIFEST, "data") if (root / MANIFEST).is_file() else []
        )
        names: dict[tuple[str, str], set[str]] = {}
        bundled: Iterable[Record] = ()
    else:
        paths = list(paths)
        inputs, folder_lines = _given_inputs(paths, record_type)
        bundle = bundled_dataset()
        index = bundled_index(bundle)
        released = _given_released(paths)
        names = bundled_names(bundle)
        bundled = bundle if bundle is not None else ()
        if folder_lines:
            run = Run(inputs, index, released, names, bundled)
            return _with_lines(run, folder_lines, jobs)
    return Run(inputs, index, released, names, bundled).report()


def _with_lines(run: Run, lines: list[Lines], jobs: int) -> Report:
    """Validate a data folder's record files (``run``) and its ``<collection>.jsonl`` files,
    as :func:`.._loading.load.load` reads them together: references, released IDs and repeated
    IDs are checked across both forms."""
    from .._loading.jsonl import lines as read_lines
    from .bulk import validate_lines
    from .problems import Problem

    in_lines: dict[str, tuple[str, str, int]] = {}  # ID -> (type, file, line)
    for shown, path, rtype in lines:
        for number, raw in read_lines(path):
            try:
                document = parse_json(raw)
            except JSONInputError:
                continue  # the bulk validator reports it
            record_id = document.get("id") if type(document) is dict else None
            if type(record_id) is str and record_id not in in_lines:
                in_lines[record_id] = (rtype, shown, number)
    run.bundled_index = {**run.bundled_index, **{i: t for i, (t, _, _) in in_lines.items()}}
    run.elsewhere = {i: shown for i, (_, shown, _) in in_lines.items()}
    files = run.report()
    types = {item.shown: item.record_type for item in run.inputs}
    known = {i: str(types[shown]) for i, shown in run.seen.items() if types.get(shown)}
    streamed = validate_lines([path for _, path, _ in lines], jobs=jobs, known=known)
    both = [
        Problem(
            file=shown,
            code="duplicate-id",
            message=f"the ID {record_id!r} is already used by {run.seen[record_id]}",
            record=record_id,
            pointer="/id",
            line=number,
        )
        for record_id, (_, shown, number) in in_lines.items()
        if record_id in run.seen
    ]
    from_lines = [
        p for p in streamed.problems if not (p.code == "duplicate-id" and p.record in run.seen)
    ]
    return Report(
        problems=(*files.problems, *both, *from_lines),
        files=files.files + streamed.files,
        records=files.records + streamed.records,
        warnings=files.warnings,
        omitted=streamed.omitted,
    )
