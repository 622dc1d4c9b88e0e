"""The validation engine behind :func:`libya_conflict.validate` and ``libya-conflict validate``.

Three layers, each reported in full: strict JSON syntax (:mod:`._jsonio`); the record type's
JSON Schema, every error and not just the first (:mod:`._schemas`); and the integrity checks
across records (:mod:`._integrity`), run against the records given, then the other records of
the data folder they are in (a fork's ``data/``: the folder above ``<collection>/``), then the
bundled dataset; a record replaces one of the same ID further down that list. With ``texts``,
every quote is also checked against the source texts (:mod:`.quotes`). Files are only ever read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._loading.jsonio import JSONInputError, parse_json, read_bytes
from .._loading.jsonl import is_json_lines, type_from_name
from .._loading.limits import MAX_FILES, MAX_PROBLEMS
from .._loading.release import released_ids
from .._loading.resources import (
    MANIFEST,
    TOMBSTONES,
    bundle_root,
    holds_collections,
    walk,
)
from .._model.records import COLLECTION_TYPES, RECORD_CLASSES, Record
from .._model.text import one_line
from ..exceptions import UsageError
from .integrity import NAMESPACES, taken_names
from .problems import Problem, Report, finding_problem
from .quotes import SourceTexts, line_findings
from .run import (
    Input,
    Released,
    Run,
    bundled_dataset,
    bundled_index,
    bundled_inputs,
    bundled_names,
    bundled_sources,
    collection_type,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable as _Traversable

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
        if not folder.is_dir():  # a link loop is no folder, and resolve() would raise
            continue
        manifest = folder.resolve().parent / MANIFEST
        if manifest.is_file() and not manifest.is_symlink() and holds_collections(folder):
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
            if (folder / name).is_file():  # as load() reads them: a pipe or device is skipped
                lines.append((folder / name, _FOLDER_LINES[name]))
        elif name.endswith(".json") or refused is not None:
            found.append((folder / name, refused))
            if len(found) > room:
                break
    return sorted(found), lines


_KINDS = {**COLLECTION_TYPES, TOMBSTONES: "tombstone"}
"""A data folder's sub-folders and the record type of the files in each."""


class _Surroundings:
    """The records of the data folders the files given are in, besides those files: a fork's
    other records, which references, IDs and names are checked against before the bundle's."""

    def __init__(self) -> None:
        self.index: dict[str, str] = {}  # ID -> record type
        self.origins: dict[str, str] = {}  # ID -> its file, as shown
        self.named: list[tuple[str, str, dict[str, Any]]] = []  # (type, ID, document)
        self.sources: dict[str, str] = {}  # source ID -> text_file

    def take(self, record_type: str, document: Any, shown: str) -> None:
        if type(document) is not dict or type(document.get("id")) is not str:
            return  # not a record: reported when that file is validated itself
        record_id: str = document["id"]
        if record_id in self.index:
            return  # the first wins, as in load(); validating the folder reports the repeat
        self.index[record_id] = record_type
        self.origins[record_id] = shown
        if record_type in NAMESPACES:
            self.named.append((record_type, record_id, document))
        if record_type == "source" and isinstance(document.get("text_file"), str):
            self.sources[record_id] = document["text_file"]


def _real(path: StrPath) -> Path:
    """The path with links resolved; a link loop stays as it is (it is reported, not raised)."""
    return Path(os.path.realpath(path))


def _data_folder(path: Path) -> tuple[Path, str] | None:
    """The data folder a file or folder given is inside, resolved and as shown: ``data/`` for
    ``data/events/x.json``, ``data/events/`` or ``data/events.jsonl``; ``None`` when it is not
    in one (or is one: then every file of it is given)."""
    real = _real(path)
    if path.is_dir():
        inside = real.name in _KINDS
    elif is_json_lines(path):
        inside = path.name in _FOLDER_LINES
        real = real / "x"  # so that .parent is the folder holding the file
    else:
        inside = real.parent.name in _KINDS
    folder = real.parent if path.is_dir() or is_json_lines(path) else real.parent.parent
    if not (inside and holds_collections(folder)):
        return None
    levels = ".." if path.is_dir() or is_json_lines(path) else os.path.join("..", "..")
    return folder, os.path.normpath(os.path.join(path, levels))


def _surroundings(paths: Iterable[StrPath], given: Iterable[StrPath]) -> _Surroundings:
    """The records of the data folders ``paths`` are in, other than the files ``given``."""
    from .._loading.jsonl import lines as read_lines

    found = _Surroundings()
    given_real = {_real(p) for p in given}
    folders: dict[Path, str] = {}
    for raw in paths:
        where = _data_folder(Path(raw))
        if where is not None and where[0] not in given_real:
            folders.setdefault(*where)
    wholly = {_real(p) for p in paths if Path(p).is_dir()}
    for folder, shown in folders.items():
        if folder in wholly:
            continue
        for name, item, refused in walk(folder, limit=MAX_FILES * 2):
            path = folder / name
            if refused is not None or _real(path) in given_real:
                continue
            parts = name.split("/")
            shown_file = _display(os.path.join(shown, name))
            if len(parts) == 2 and parts[0] in _KINDS and name.endswith(".json"):
                try:
                    document = parse_json(read_bytes(item))
                except (OSError, JSONInputError):
                    continue
                found.take(_KINDS[parts[0]], document, shown_file)
            elif len(parts) == 1 and name in _FOLDER_LINES:
                try:  # a pipe or device of that name is an OSError, skipped as load() does
                    for _, raw_line in read_lines(path):
                        try:
                            document = parse_json(raw_line)
                        except JSONInputError:
                            continue
                        found.take(_FOLDER_LINES[name], document, shown_file)
                except OSError:
                    continue
    return found


def _source_texts(
    texts: StrPath | None, sources: dict[str, str] | None = None
) -> SourceTexts | None:
    if texts is None:
        return None
    if not os.fspath(texts) or not Path(texts).is_dir():
        raise UsageError(
            f"{_display(texts)}: no such folder (--texts names the folder of the source texts)"
        )
    return SourceTexts(texts, sources or {})


def validate(
    paths: StrPath | Iterable[StrPath] | None = None,
    *,
    record_type: str | None = None,
    jobs: int = 1,
    texts: StrPath | None = None,
) -> Report:
    """Validate record files and return a :class:`Report` of every problem found.

    ``paths`` are files or folders (searched for ``*.json``), or one path; with none, the
    bundled dataset is validated. A file's record type comes from the folder it is in
    (``events/``, ``actors/``, ..., ``tombstones/``) unless ``record_type`` (``"event"``,
    ``"actor"``, ...) is given. References are resolved among the files given, then the other
    records of the data folder they are in (the folder above ``<collection>/``: a fork's
    ``data/``), then the bundled dataset; repeated IDs and names taken are checked the same way.

    ``texts`` is a folder of source texts: every citation's quote is then checked against the
    text its source names (``text_file``), with whitespace and typographic quotes normalised
    and ``...`` joining fragments in order; a quote not found is a ``quote-not-found`` problem
    whose hint is the closest passage of the text.

    JSON Lines files (``.jsonl``, one record per line) are streamed by the bulk validator
    (:mod:`._bulk`): same checks and messages, with line numbers; ``jobs`` > 1 uses that many
    processes. Give either JSON Lines files or record files and folders, not both.

    Raises :class:`UsageError` for a path that does not exist, paths that hold no record file,
    or an unknown record type.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    source_texts = _source_texts(texts)
    if paths is not None:
        paths = list(paths)
        lines = [p for p in paths if is_json_lines(p)]
        if lines and len(lines) < len(paths):
            raise UsageError("give either JSON Lines files or record files and folders, not both")
        if lines:
            return _lines_given(lines, record_type, jobs, source_texts)
    if paths is None:
        inputs = bundled_inputs()
        index: dict[str, str] = {}
        root = bundle_root()
        released = (
            _released(root / MANIFEST, MANIFEST, "data") if (root / MANIFEST).is_file() else []
        )
        names: dict[tuple[str, str], set[str]] = {}
        bundled: Iterable[Record] = ()
        around = _Surroundings()
        folder_lines: list[Lines] = []
    else:
        inputs, folder_lines = _given_inputs(paths, record_type)
        around = _surroundings(paths, [_path(i.resource) for i in inputs])
        bundle = bundled_dataset()
        index = {**bundled_index(bundle), **around.index}
        released = _given_released(paths)
        names = taken_names(around.named, bundled_names(bundle))
        bundled = bundle if bundle is not None else ()
        if source_texts is not None:
            source_texts.sources = {**bundled_sources(bundle), **around.sources}
    run = Run(inputs, index, released, names, bundled, origins=around.origins, texts=source_texts)
    if folder_lines:
        return _with_lines(run, folder_lines, jobs)
    return run.report()


def _path(resource: _Traversable) -> str:
    return os.fspath(resource) if isinstance(resource, os.PathLike) else str(resource)


def _lines_given(
    paths: list[StrPath], record_type: str | None, jobs: int, texts: SourceTexts | None
) -> Report:
    """JSON Lines files given: streamed by the bulk validator, against the records of the data
    folder they are in, then the bundle's; then their quotes, with ``texts``."""
    from .bulk import validate_lines

    around = _surroundings(paths, paths)
    report = validate_lines(paths, record_type=record_type, jobs=jobs, known=around.index)
    if texts is None:
        return report
    texts.sources = {**bundled_sources(bundled_dataset()), **around.sources}
    files = []
    for raw in paths:
        rtype = record_type or type_from_name(raw)
        if rtype is not None:
            files.append((_display(raw), Path(raw), rtype))
    return _with_quotes(report, files, texts)


def _with_quotes(report: Report, files: list[Lines], texts: SourceTexts) -> Report:
    """``report`` and the quote problems of the JSON Lines ``files``."""
    found = [
        finding_problem(shown, record_id, finding, number)
        for shown, number, record_id, finding in line_findings(files, texts)
    ]
    room = max(MAX_PROBLEMS - len(report.problems), 0)
    return attrs.evolve(
        report,
        problems=(*report.problems, *found[:room]),
        omitted=report.omitted + max(len(found) - room, 0),
    )


def _with_lines(run: Run, lines: list[Lines], jobs: int) -> Report:
    """Validate a data folder's record files (``run``) and its ``<collection>.jsonl`` files,
    as :func:`.._loading.load.load` reads them together: references, released IDs and repeated
    IDs are checked across both forms."""
    from .._loading.jsonl import lines as read_lines
    from .bulk import validate_lines

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
    report = Report(
        problems=(*files.problems, *both, *from_lines),
        files=files.files + streamed.files,
        records=files.records + streamed.records,
        warnings=files.warnings,
        omitted=streamed.omitted,
    )
    return report if run.texts is None else _with_quotes(report, lines, run.texts)
