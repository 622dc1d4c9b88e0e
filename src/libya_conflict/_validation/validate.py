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

from .._loading.jsonio import JSONInputError, parse_json
from .._loading.limits import MAX_FILES
from .._loading.release import released_ids
from .._loading.resources import (
    MANIFEST,
    bundle_root,
    holds_collections,
    walk,
)
from .._model.records import RECORD_CLASSES, Record
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
        document = parse_json(manifest.read_bytes())
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


def _given_inputs(paths: Iterable[StrPath], record_type: str | None) -> list[Input]:
    known = (*RECORD_CLASSES, "tombstone")
    if record_type is not None and record_type not in known:
        raise UsageError(f"unknown record type {record_type!r}; choose one of: {', '.join(known)}")
    inputs: list[Input] = []
    for raw in paths:
        if not os.fspath(raw):
            raise UsageError("an empty path was given; to validate this folder, give '.'")
        path = Path(raw)
        if path.is_dir():
            found = _folder_files(path, MAX_FILES - len(inputs))
        elif path.exists() or path.is_symlink():
            found = [(path, None)]
        else:
            raise UsageError(f"{_display(raw)}: no such file or folder")
        for file, refused in found:
            rtype = record_type or collection_type(file)
            inputs.append(Input(_display(file), file, rtype, refused))
        if len(inputs) > MAX_FILES:
            raise UsageError(f"{_display(raw)}: more than {MAX_FILES:,} record files in one run")
    if not inputs:
        shown = ", ".join(_display(p) for p in paths)
        raise UsageError(f"{shown}: no record files (*.json) to validate")
    return inputs


def _display(path: StrPath) -> str:
    """The path as one printable line: undecodable bytes become ``\\xff``, a newline ``\\n``."""
    return one_line(os.fsencode(path).decode("utf-8", "backslashreplace"))


def _folder_files(folder: Path, room: int) -> list[tuple[Path, str | None]]:
    """The ``*.json`` files under ``folder`` in name order, each with why it is refused, if so
    (a link out of the folder: :func:`.._loading.resources.walk`). Stops once more than
    ``room`` files are found."""
    found: list[tuple[Path, str | None]] = []
    for name, _, refused in walk(folder):
        if name.endswith(".json") or refused is not None:
            found.append((folder / name, refused))
            if len(found) > room:
                break
    return sorted(found)


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
        inputs = _given_inputs(paths, record_type)
        bundle = bundled_dataset()
        index = bundled_index(bundle)
        released = _given_released(paths)
        names = bundled_names(bundle)
        bundled = bundle if bundle is not None else ()
    return Run(inputs, index, released, names, bundled).report()
