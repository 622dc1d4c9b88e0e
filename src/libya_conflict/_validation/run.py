"""One validation run over parsed record files: the steps every record goes through.

:class:`Run` parses each input strictly (:func:`.._loading.jsonio.parse_json`), checks its
identity (the ID and the file name, repeated IDs), its schema (:meth:`Run.check_schema`: the
compiled screen, then jsonschema for the messages) and the integrity rules of
:mod:`.integrity`, against the records given plus the bundled dataset. Record files
(:mod:`.validate`) and JSON Lines (:mod:`.bulk`) both go through these methods.
"""

from __future__ import annotations

import difflib
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs

from .._loading.jsonio import JSONInputError, json_pointer, parse_json, read_bytes
from .._loading.resources import TOMBSTONES, bundle_folder, record_files
from .._model.records import COLLECTION_TYPES, Record
from . import integrity as _integrity
from .problems import Problem, Report, finding_problem
from .quotes import SourceTexts
from .schemas import screen_for, validator_for

if TYPE_CHECKING:
    from jsonschema import ValidationError

    from .._queries.dataset import Dataset

__all__ = [
    "Input",
    "Released",
    "Run",
    "bundled_dataset",
    "bundled_index",
    "bundled_inputs",
    "bundled_names",
    "bundled_sources",
    "collection_type",
    "id_of",
]


@attrs.frozen
class Input:
    shown: str  # the path as the user will read it
    resource: Traversable
    record_type: str | None
    refused: str | None = None  # why the file is not read at all


def collection_type(path: Traversable) -> str | None:
    """The record type named by the folder a file is in (``.../events/x.json`` -> event)."""
    parent = Path(str(path)).parent.name
    if not parent and isinstance(path, Path):  # a file of the current folder
        parent = Path(os.path.realpath(path)).parent.name
    return "tombstone" if parent == TOMBSTONES else COLLECTION_TYPES.get(parent)


def bundled_inputs() -> list[Input]:
    data = bundle_folder("data")
    inputs = [
        Input(f"data/{collection}/{item.name}", item, record_type)
        for collection, record_type, item in record_files(data)
    ]
    if (data / TOMBSTONES).is_dir():
        inputs.extend(
            Input(f"data/{TOMBSTONES}/{item.name}", item, "tombstone")
            for item in sorted((data / TOMBSTONES).iterdir(), key=lambda t: t.name)
            if item.name.endswith(".json")
        )
    return inputs


@attrs.frozen
class Released:
    """The released IDs a data folder must still hold, as records or tombstones."""

    manifest: str  # the manifest's path as the user will read it
    folder: str  # the data folder's path as shown, a prefix of its files' paths
    ids: frozenset[str]


def id_of(document: Any) -> str | None:
    if isinstance(document, dict) and isinstance(document.get("id"), str):
        return str(document["id"])
    return None


def bundled_index(dataset: Dataset | None) -> dict[str, str]:
    """Every bundled record's ID and type (a tombstone's is ``tombstone``).

    Taken from the loaded bundle, ``dataset`` (:func:`bundled_dataset`); when it could not be
    loaded (``None``), from its files one by one, skipping the ones the strict parser refuses.
    (A bundled file over a limit, which the release checks refuse, counts in the first case
    and not in the second.)
    """
    if dataset is not None:
        index = {record.id: COLLECTION_TYPES[record.collection] for record in dataset}
        index.update(dict.fromkeys(dataset.tombstones, "tombstone"))
        return index
    index = {}
    for item in bundled_inputs():
        try:
            record_id = id_of(parse_json(read_bytes(item.resource)))
        except (OSError, JSONInputError):
            continue
        if record_id is not None and item.record_type is not None:
            index[record_id] = item.record_type
    return index


def bundled_dataset() -> Dataset | None:
    """The bundled dataset (:func:`.load`, cached), or ``None`` when it cannot be loaded."""
    from .._loading.load import load
    from ..exceptions import LibyaConflictError

    try:
        return load()
    except LibyaConflictError:
        return None


def bundled_names(dataset: Dataset | None) -> dict[tuple[str, str], set[str]]:
    """The names of the bundled records, for :func:`._integrity.check_names`.

    Empty when the bundle cannot be loaded: validating contributed files does not depend on it.
    """
    if dataset is None:
        return {}
    return _integrity.taken_names(
        (
            COLLECTION_TYPES[r.collection],
            r.id,
            {"name": getattr(r, "name", None), "aliases": getattr(r, "aliases", ())},
        )
        for r in dataset
    )


def bundled_sources(dataset: Dataset | None) -> dict[str, str]:
    """Each bundled source's ID and ``text_file``, for :class:`.quotes.SourceTexts`."""
    return {} if dataset is None else {s.id: s.text_file for s in dataset.sources}


_THING = {
    "events": "kind of event, parties and dates, and a like title",
    "support": "supporter, recipient, status and kind of support over the same period",
    "relations": "relation between the same parties over the same period",
}

_LOOK_ALIKE_TYPES = frozenset({"event", "support", "relation"})
"""The record types the look-alike warning compares (:mod:`.lookalikes`)."""


def _typed(document: dict[str, Any], record_type: str) -> list[Record]:
    """The typed record of a schema-valid document (none if the model refuses it)."""
    from .._loading.converter import structure_record

    try:
        return [structure_record(document, record_type)]
    except Exception:
        return []


_UNREAD = object()
"""What :meth:`Run._parse` returns for a file it could not read (JSON ``null`` is ``None``)."""


class Run:
    """One validation run: the inputs, the ID index, and the problems found so far."""

    def __init__(
        self,
        inputs: list[Input],
        bundled_index: dict[str, str],
        released: list[Released],
        bundled_names: dict[tuple[str, str], set[str]] | None = None,
        bundled: Iterable[Record] = (),
        *,
        origins: Mapping[str, str] | None = None,
        texts: SourceTexts | None = None,
    ) -> None:
        self.inputs = inputs
        # Every known ID's type: the records of the data folder the files are in (``origins``:
        # ID -> its file, as shown) over the bundled ones
        self.bundled_index = bundled_index
        self.origins = dict(origins or {})
        self.texts = texts
        self.released = released
        self.bundled_names = bundled_names or {}
        self.bundled = bundled
        self.problems: list[Problem] = []
        # IDs held beside the inputs (a folder's JSON Lines), by where: for the released IDs
        self.elsewhere: dict[str, str] = {}
        self.seen: dict[str, str] = {}  # the inputs' IDs, by file, once reported

    def report(self) -> Report:
        """Check every input and return the report.

        Two passes, so that no parsed document is kept longer than its own checks: the first
        parses each file and checks its identity and schema, keeping of a valid record only
        what the cross-record checks need (its ID and names; a source's text file; the typed
        record of an event, support or relation, for the look-alike warnings); the second
        parses each valid file again for the integrity, name and quote checks.
        """
        index = dict(self.bundled_index)
        seen: dict[str, str] = {}
        valid: list[tuple[Input, str, str]] = []
        named: list[tuple[str, str, dict[str, Any]]] = []
        sources: list[dict[str, Any]] = []
        alike: list[tuple[Input, Record]] = []
        records = 0
        for item in self.inputs:
            document = self._parse(item)
            if document is _UNREAD or item.record_type is None:
                continue
            records += 1
            record_id = id_of(document)
            if record_id is not None:
                self._check_identity(item, record_id, seen, index)
                seen[record_id] = item.shown
                index[record_id] = item.record_type
            if not self.check_schema(item, document):
                continue
            rtype = item.record_type
            valid.append((item, rtype, document["id"]))
            if rtype in _integrity.NAMESPACES:
                fields = {k: document[k] for k in ("name", "aliases") if k in document}
                named.append((rtype, document["id"], fields))
            if rtype == "source":
                sources.append(document)
            elif rtype in _LOOK_ALIKE_TYPES:
                alike.extend((item, r) for r in _typed(document, rtype))
        taken = _integrity.taken_names(named, self.bundled_names)
        if self.texts is not None:
            self.texts.add(sources)
        for item, rtype, record_id in valid:
            document = self._reparse(item, record_id)
            if document is None:
                continue
            findings = itertools.chain(
                _integrity.check_record(rtype, document, index),
                _integrity.check_names(rtype, document, taken),
                self.texts.check(document) if self.texts is not None else (),
            )
            self.problems.extend(finding_problem(item.shown, record_id, f) for f in findings)
        self.seen = seen
        self._check_released({**self.elsewhere, **seen})
        order = {item.shown: i for i, item in enumerate(self.inputs)}
        problems = sorted(self.problems, key=lambda p: order.get(p.file, len(order)))
        warnings = tuple(self._look_alikes(alike))
        return Report(
            problems=tuple(problems), files=len(self.inputs), records=records, warnings=warnings
        )

    def _reparse(self, item: Input, record_id: str) -> dict[str, Any] | None:
        """A valid file's document, read again; ``None`` (reported) if it changed meanwhile."""
        try:
            document = parse_json(read_bytes(item.resource))
        except (OSError, JSONInputError):
            document = None
        if not (isinstance(document, dict) and document.get("id") == record_id):
            self._add(
                item,
                "unreadable",
                "the file changed while it was being validated",
                record=record_id,
                hint="validate it again",
            )
            return None
        return document

    def _look_alikes(self, given: list[tuple[Input, Record]]) -> Iterator[Problem]:
        """A ``looks-like`` warning for each record given that looks like another record."""
        from .lookalikes import look_alikes

        shown = {record.id: item.shown for item, record in given}
        for record, other in look_alikes((r for _, r in given), self.bundled):
            where = shown.get(other.id, f"the bundled {COLLECTION_TYPES[other.collection]}")
            yield Problem(
                file=shown[record.id],
                code="looks-like",
                message=f"looks like {other.id!r} ({where}): the same {_THING[record.collection]}",
                record=record.id,
                hint=f"if it is the same, add this record's citations to {other.id!r} instead",
            )

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

    def _add(self, item: Input, code: str, message: str, **fields: Any) -> None:
        self.problems.append(Problem(file=item.shown, code=code, message=message, **fields))

    def _parse(self, item: Input) -> Any:
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
                record=id_of(document),
                hint=f"put it in one of {known} or pass --type",
            )
        return document

    def _check_identity(
        self, item: Input, record_id: str, seen: dict[str, str], index: dict[str, str]
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
            where = self.origins.get(record_id)
            self._add(
                item,
                "duplicate-id",
                f"the ID {record_id!r} is already used by "
                + (f"the {other} record {where}" if where else f"the bundled {other} record"),
                record=record_id,
                pointer="/id",
                hint="IDs are unique across all collections; choose another",
            )

    def check_schema(self, item: Input, document: Any) -> bool:
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
                record=id_of(document),
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
