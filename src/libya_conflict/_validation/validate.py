"""The validation engine behind :func:`libya_conflict.validate` and ``libya-conflict validate``.

Three layers, each reported in full: strict JSON syntax (:mod:`._jsonio`); the record type's
JSON Schema, every error and not just the first (:mod:`._schemas`); and the integrity checks
across records (:mod:`._integrity`), run against the records given plus the bundled dataset,
where a file given replaces the bundled record of the same ID. Files are only ever read.
"""

from __future__ import annotations

import difflib
import itertools
import os
from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs

from .._loading.jsonio import JSONInputError, json_pointer, parse_json, read_bytes
from .._loading.limits import MAX_FILES
from .._loading.resources import (
    MANIFEST,
    TOMBSTONES,
    bundle_folder,
    bundle_root,
    holds_collections,
    links_outside,
    record_files,
)
from .._model.records import COLLECTION_TYPES, RECORD_CLASSES
from .._model.text import confusable_key, one_line
from .._releases.manifest import released_ids
from ..exceptions import UsageError
from . import integrity as _integrity
from .problems import Problem, Report
from .schemas import screen_for, validator_for

if TYPE_CHECKING:
    from jsonschema import ValidationError

    from .._queries.dataset import Dataset

__all__ = ["UsageError", "validate"]

StrPath = str | os.PathLike[str]


@attrs.frozen
class _Input:
    shown: str  # the path as the user will read it
    resource: Traversable
    record_type: str | None
    refused: str | None = None  # why the file is not read at all


def _collection_type(path: Traversable) -> str | None:
    """The record type named by the folder a file is in (``.../events/x.json`` -> event)."""
    parent = Path(str(path)).parent.name
    return "tombstone" if parent == TOMBSTONES else COLLECTION_TYPES.get(parent)


def _bundled_inputs() -> list[_Input]:
    data = bundle_folder("data")
    inputs = [
        _Input(f"data/{collection}/{item.name}", item, record_type)
        for collection, record_type, item in record_files(data)
    ]
    if (data / TOMBSTONES).is_dir():
        inputs.extend(
            _Input(f"data/{TOMBSTONES}/{item.name}", item, "tombstone")
            for item in sorted((data / TOMBSTONES).iterdir(), key=lambda t: t.name)
            if item.name.endswith(".json")
        )
    return inputs


@attrs.frozen
class _Released:
    """The released IDs a data folder must still hold, as records or tombstones."""

    manifest: str  # the manifest's path as the user will read it
    folder: str  # the data folder's path as shown, a prefix of its files' paths
    ids: frozenset[str]


def _released(manifest: Traversable, shown: str, folder: str) -> list[_Released]:
    try:
        document = parse_json(manifest.read_bytes())
    except (OSError, JSONInputError):
        return []  # verify() reports a damaged manifest; validation checks records
    if not (isinstance(document, dict) and isinstance(document.get("released_ids"), list)):
        return []
    return [_Released(shown, folder, released_ids(document))]


def _given_released(paths: Iterable[StrPath]) -> list[_Released]:
    """The manifests beside data folders given whole (``data/`` next to datapackage.json)."""
    found: list[_Released] = []
    for raw in paths:
        folder = Path(raw)
        manifest = folder.resolve().parent / MANIFEST
        if folder.is_dir() and manifest.is_file() and holds_collections(folder):
            found.extend(
                _released(manifest, os.fspath(Path(raw).parent / MANIFEST), os.fspath(folder))
            )
    return found


def _given_inputs(paths: Iterable[StrPath], record_type: str | None) -> list[_Input]:
    known = (*RECORD_CLASSES, "tombstone")
    if record_type is not None and record_type not in known:
        raise UsageError(f"unknown record type {record_type!r}; choose one of: {', '.join(known)}")
    inputs: list[_Input] = []
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
            rtype = record_type or _collection_type(file)
            inputs.append(_Input(_display(file), file, rtype, refused))
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
    """The ``*.json`` files under ``folder`` in name order, each with why it is refused, if so.

    Symbolic links are never followed out of ``folder``: a link to a file outside it is
    refused (and not read), a link to a folder is not entered. Stops once more than ``room``
    files are found.
    """
    root = folder.resolve()
    found: list[tuple[Path, str | None]] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames.sort()
        for name in dirnames:
            linked = Path(dirpath, name)
            if linked.is_symlink() and links_outside(linked, root):
                found.append((linked, _outside(linked, root)))
        for name in filenames:
            file = Path(dirpath, name)
            if not name.endswith(".json"):
                continue
            if file.is_symlink() and links_outside(file, root):
                found.append((file, _outside(file, root)))
            else:
                found.append((file, None))
        if len(found) > room:
            break
    return sorted(found)


def _outside(link: Path, root: Path) -> str:
    return (
        f"a symbolic link to {_display(os.readlink(link))}, outside the folder given "
        f"({_display(root)}); links out of a folder are never followed"
    )


def _id_of(document: Any) -> str | None:
    if isinstance(document, dict) and isinstance(document.get("id"), str):
        return str(document["id"])
    return None


def _bundled_index(dataset: Dataset | None) -> dict[str, str]:
    """Every bundled record's ID and type (a tombstone's is ``tombstone``).

    Taken from the loaded bundle, ``dataset`` (:func:`_bundled_dataset`); when it could not be
    loaded (``None``), from its files one by one, skipping the ones the strict parser refuses.
    (A bundled file over a limit, which the release checks refuse, counts in the first case
    and not in the second.)
    """
    if dataset is not None:
        index = {record.id: COLLECTION_TYPES[record.collection] for record in dataset}
        index.update(dict.fromkeys(dataset.tombstones, "tombstone"))
        return index
    index = {}
    for item in _bundled_inputs():
        try:
            record_id = _id_of(parse_json(read_bytes(item.resource)))
        except (OSError, JSONInputError):
            continue
        if record_id is not None and item.record_type is not None:
            index[record_id] = item.record_type
    return index


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
        inputs = _bundled_inputs()
        index: dict[str, str] = {}
        root = bundle_root()
        released = (
            _released(root / MANIFEST, MANIFEST, "data") if (root / MANIFEST).is_file() else []
        )
        names: dict[tuple[str, str], set[str]] = {}
    else:
        paths = list(paths)
        inputs = _given_inputs(paths, record_type)
        bundle = _bundled_dataset()
        index = _bundled_index(bundle)
        released = _given_released(paths)
        names = _bundled_names(bundle)
    return _Run(inputs, index, released, names).report()


def _bundled_dataset() -> Dataset | None:
    """The bundled dataset (:func:`.load`, cached), or ``None`` when it cannot be loaded."""
    from .._loading.load import load
    from ..exceptions import LibyaConflictError

    try:
        return load()
    except LibyaConflictError:
        return None


def _bundled_names(dataset: Dataset | None) -> dict[tuple[str, str], set[str]]:
    """The names of the bundled records, for :func:`._integrity.check_names`.

    Empty when the bundle cannot be loaded: validating contributed files does not depend on it.
    """
    if dataset is None:
        return {}
    taken: dict[tuple[str, str], set[str]] = {}
    for record in dataset:
        fields = {"name": getattr(record, "name", None), "aliases": getattr(record, "aliases", ())}
        for _, namespace, name in _integrity.names(COLLECTION_TYPES[record.collection], fields):
            taken.setdefault((namespace, confusable_key(name)), set()).add(record.id)
    return taken


_UNREAD = object()
"""What :meth:`_Run._parse` returns for a file it could not read (JSON ``null`` is ``None``)."""


class _Run:
    """One validation run: the inputs, the ID index, and the problems found so far."""

    def __init__(
        self,
        inputs: list[_Input],
        bundled_index: dict[str, str],
        released: list[_Released],
        bundled_names: dict[tuple[str, str], set[str]] | None = None,
    ) -> None:
        self.inputs = inputs
        self.bundled_index = bundled_index
        self.released = released
        self.bundled_names = bundled_names or {}
        self.problems: list[Problem] = []

    def report(self) -> Report:
        parsed = [(item, self._parse(item)) for item in self.inputs]
        index = dict(self.bundled_index)
        seen: dict[str, str] = {}
        valid: list[tuple[_Input, str, dict[str, Any]]] = []
        records = 0
        for item, document in parsed:
            if document is _UNREAD or item.record_type is None:
                continue
            records += 1
            record_id = _id_of(document)
            if record_id is not None:
                self._check_identity(item, record_id, seen, index)
                seen[record_id] = item.shown
                index[record_id] = item.record_type
            if self._check_schema(item, document):
                valid.append((item, item.record_type, document))
        taken = self._name_index(valid)
        for item, rtype, document in valid:
            findings = itertools.chain(
                _integrity.check_record(rtype, document, index),
                _integrity.check_names(rtype, document, taken),
            )
            for pointer, code, message, hint in findings:
                self._add(item, code, message, record=document["id"], pointer=pointer, hint=hint)
        self._check_released(seen)
        order = {item.shown: i for i, item in enumerate(self.inputs)}
        problems = sorted(self.problems, key=lambda p: order.get(p.file, len(order)))
        return Report(problems=tuple(problems), files=len(self.inputs), records=records)

    def _check_released(self, seen: dict[str, str]) -> None:
        """Every released ID still has a record or a tombstone in its data folder."""
        for released in self.released:
            prefix = released.folder.rstrip("/") + "/"
            present = {i for i, shown in seen.items() if shown.startswith(prefix)}
            for record_id in sorted(released.ids - present):
                self.problems.append(
                    Problem(
                        file=released.manifest,
                        code="released-id",
                        message=f"the released ID {record_id!r} has neither a record nor a "
                        "tombstone",
                        record=record_id,
                        hint=f"restore its record, or add {TOMBSTONES}/{record_id}.json naming "
                        "its successor; see docs/releasing.md",
                    )
                )

    def _name_index(
        self, valid: list[tuple[_Input, str, dict[str, Any]]]
    ) -> dict[tuple[str, str], set[str]]:
        """Who uses which name: the bundled records not replaced by a file given, and those."""
        given = {document["id"] for _, _, document in valid}
        taken = {key: ids - given for key, ids in self.bundled_names.items()}
        for _, rtype, document in valid:
            for _, namespace, name in _integrity.names(rtype, document):
                taken.setdefault((namespace, confusable_key(name)), set()).add(document["id"])
        return taken

    def _add(self, item: _Input, code: str, message: str, **fields: Any) -> None:
        self.problems.append(Problem(file=item.shown, code=code, message=message, **fields))

    def _parse(self, item: _Input) -> Any:
        """The file's JSON document, or ``_UNREAD`` once the reason is reported."""
        if item.refused is not None:
            self._add(item, "outside-folder", item.refused)
            return _UNREAD
        try:
            document = parse_json(read_bytes(item.resource))
        except OSError as exc:
            self._add(item, "unreadable", f"cannot read the file: {exc.strerror or exc}")
            return _UNREAD
        except JSONInputError as exc:
            self._add(
                item,
                exc.code,
                exc.message,
                record=exc.record,
                line=exc.line,
                column=exc.column,
                pointer=exc.pointer,
            )
            return _UNREAD
        if item.record_type is None:
            known = ", ".join(f"{c}/" for c in sorted(COLLECTION_TYPES))
            self._add(
                item,
                "record-type",
                "cannot tell the record type from the folder the file is in",
                record=_id_of(document),
                hint=f"put it in one of {known} or pass --type",
            )
        return document

    def _check_identity(
        self, item: _Input, record_id: str, seen: dict[str, str], index: dict[str, str]
    ) -> None:
        stem = Path(str(item.resource)).name.removesuffix(".json")
        if record_id != stem:
            self._add(
                item,
                "id-filename",
                f"the ID {record_id!r} differs from the file name {stem!r}",
                record=record_id,
                pointer="/id",
                hint=f"rename the file to {record_id}.json or set the ID to {stem!r}",
            )
        if record_id in seen:
            self._add(
                item,
                "duplicate-id",
                f"the ID {record_id!r} is already used by {seen[record_id]}",
                record=record_id,
                pointer="/id",
            )
        elif (
            record_id in self.bundled_index
            and self.bundled_index[record_id] != item.record_type
            and item.record_type != "tombstone"  # a tombstone replaces a removed record
        ):
            other = self.bundled_index[record_id].replace("_", " ")
            self._add(
                item,
                "duplicate-id",
                f"the ID {record_id!r} is already used by the bundled {other} record",
                record=record_id,
                pointer="/id",
                hint="IDs are unique across all collections; choose another",
            )

    def _check_schema(self, item: _Input, document: Any) -> bool:
        assert item.record_type is not None
        if screen_for(item.record_type)(document):
            return True
        errors = sorted(
            validator_for(item.record_type).iter_errors(document),
            key=lambda e: (list(map(str, e.absolute_path)), e.validator),
        )
        for error in errors:
            if error.validator == "pattern" and error.instance == "":
                continue  # the minLength error already says it is empty
            message, hint = _describe(error)
            self._add(
                item,
                str(error.validator),
                message,
                record=_id_of(document),
                pointer=json_pointer(error.absolute_path),
                hint=hint,
            )
        return not errors


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_PATTERN_HINTS = {
    "Record ID": "IDs are lowercase kebab-case: a-z, 0-9 and single hyphens, "
    "like 'misratan-brigades'",
    "Reference": "references are record IDs: lowercase kebab-case, like 'khalifa-haftar'",
    "Partial date": "write YYYY, YYYY-MM or YYYY-MM-DD, optionally ending in ~ (approximate), "
    "? (uncertain) or % (both)",
    "Period": "write START/END with partial dates, '..' for open ('2014-05/..') and an empty "
    "side for unknown ('/2011')",
}


def _describe(error: ValidationError) -> tuple[str, str | None]:
    """A short message and a hint for one JSON Schema error."""
    keyword = error.validator
    instance = error.instance
    subschema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    if keyword == "enum":
        allowed = [str(v) for v in cast(list[Any], error.validator_value)]
        close = difflib.get_close_matches(str(instance), allowed, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else None
        return f"{_short(instance)} is not one of {allowed}", hint
    if keyword == "additionalProperties":
        known = sorted(subschema.get("properties", {}))
        extra = sorted(set(instance) - set(known)) if isinstance(instance, dict) else []
        hints = []
        for key in extra:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            if close:
                hints.append(f"did you mean {close[0]!r} for {key!r}?")
        names = ", ".join(_short(k) for k in extra[:5]) + (", ..." if len(extra) > 5 else "")
        noun = "field" if len(extra) == 1 else "fields"
        if "$ref" in extra:
            hints.insert(
                0, "'$ref' is never followed: a record is self-contained and nothing is fetched"
            )
        return f"unknown {noun} {names}", " ".join(hints) or f"the fields are: {', '.join(known)}"
    if keyword == "type":
        expected = error.validator_value
        return f"{_short(instance)} is not of type {expected!r}", None
    if keyword == "pattern" and error.validator_value == "\\S":
        return "must not be only whitespace", None
    if keyword == "pattern":
        hint = _PATTERN_HINTS.get(str(subschema.get("title")))
        return f"{_short(instance)} does not match the required pattern", hint
    if keyword == "minItems" and error.validator_value == 1:
        return "must not be empty", None
    if keyword == "minLength" and error.validator_value == 1:
        return "must not be empty", None
    if keyword == "minimum":
        return f"{_short(instance)} is less than the minimum of {error.validator_value}", None
    message = error.message
    if len(message) > 200:
        message = message[:197] + "..."
    return message, None
