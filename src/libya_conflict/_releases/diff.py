"""``diff()``: what changed between two releases, record by record and field by field.

Records are compared as JSON, not through the model, so releases with different schema
versions can be compared. A changed record lists each changed value as a JSON pointer (RFC
6901) with its old and new values; arrays are compared item by item. This is what a release's
CHANGELOG entry is written from.

A release holding two records with one ID (two files, in one collection or two) is not
compared quietly on one of them: each such ID is reported (:class:`RepeatedID`) with its files,
and the diff is not empty. Text output shows every string read from the releases (IDs, paths,
values) on one line, with control, bidirectional and invisible characters escaped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any, Literal

import attrs

from .._loading.jsonio import json_pointer
from .._loading.release import (
    MANIFEST,
    TOMBSTONES,
    Release,
    display,
    open_release,
    read_manifest,
)
from .._model.records import COLLECTION_TYPES
from .._model.text import one_line

__all__ = ["CollectionDiff", "FieldChange", "RecordChange", "ReleaseDiff", "RepeatedID", "diff"]

_COLLECTIONS = (*COLLECTION_TYPES, TOMBSTONES)


@attrs.frozen(kw_only=True)
class FieldChange:
    """One changed value of a record: ``kind`` is ``added``, ``removed`` or ``changed``.

    ``old`` is ``None`` for an added value and ``new`` for a removed one.
    """

    pointer: str
    kind: Literal["added", "removed", "changed"]
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON: ``pointer``, ``kind``, and ``old``/``new`` where they exist."""
        result: dict[str, Any] = {"pointer": self.pointer, "kind": self.kind}
        if self.kind != "added":
            result["old"] = self.old
        if self.kind != "removed":
            result["new"] = self.new
        return result

    def __str__(self) -> str:
        pointer = one_line(self.pointer)
        if self.kind == "added":
            return f"{pointer}: added {_show(self.new)}"
        if self.kind == "removed":
            return f"{pointer}: removed {_show(self.old)}"
        if isinstance(self.old, str) and isinstance(self.new, str):
            old, new = _around_difference(self.old, self.new)
            return f"{pointer}: {one_line(old)} -> {one_line(new)}"
        return f"{pointer}: {_show(self.old)} -> {_show(self.new)}"


@attrs.frozen(kw_only=True)
class RepeatedID:
    """An ID that two or more files of one release (``old`` or ``new``) hold.

    The diff compares the first of them, in path order (``files`` are in that order).
    """

    release: Literal["old", "new"]
    id: str
    files: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """As JSON: ``release``, ``id`` and ``files``."""
        return {"release": self.release, "id": self.id, "files": list(self.files)}

    def __str__(self) -> str:
        files = ", ".join(one_line(f) for f in self.files)
        return f"! {self.release}: the ID {one_line(repr(self.id))} is held by {files}"


@attrs.frozen(kw_only=True)
class RecordChange:
    """A record present in both releases whose JSON differs."""

    id: str
    changes: tuple[FieldChange, ...]


@attrs.frozen(kw_only=True)
class CollectionDiff:
    """The records of one collection added, removed and changed, each sorted by ID."""

    name: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[RecordChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@attrs.frozen(kw_only=True)
class ReleaseDiff:
    """The differences between an old and a new release, collection by collection."""

    old: str
    new: str
    old_version: str | None
    new_version: str | None
    collections: tuple[CollectionDiff, ...]
    repeated: tuple[RepeatedID, ...] = ()

    def __bool__(self) -> bool:
        """Whether anything differs, or a release holds an ID twice."""
        return any(self.collections) or bool(self.repeated)

    def collection(self, name: str) -> CollectionDiff:
        """The diff of one collection (``"events"``); ``KeyError`` for an unknown name."""
        for item in self.collections:
            if item.name == name:
                return item
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The diff as a JSON-ready dict."""
        return {
            "old": {"path": self.old, "version": self.old_version},
            "new": {"path": self.new, "version": self.new_version},
            "collections": {
                c.name: {
                    "added": list(c.added),
                    "removed": list(c.removed),
                    "changed": [
                        {"id": r.id, "changes": [f.to_dict() for f in r.changes]} for r in c.changed
                    ],
                }
                for c in self.collections
            },
            "repeated": [r.to_dict() for r in self.repeated],
        }

    def __str__(self) -> str:
        old = one_line(f"{self.old} ({self.old_version or 'no version'})")
        new = one_line(f"{self.new} ({self.new_version or 'no version'})")
        lines = [f"--- {old}", f"+++ {new}"]
        lines.extend(str(r) for r in self.repeated)
        for c in self.collections:
            if not c:
                continue
            lines.append(
                f"{c.name}: {len(c.added)} added, {len(c.removed)} removed, "
                f"{len(c.changed)} changed"
            )
            lines.extend(f"  + {one_line(record_id)}" for record_id in c.added)
            lines.extend(f"  - {one_line(record_id)}" for record_id in c.removed)
            for record in c.changed:
                lines.append(f"  ~ {one_line(record.id)}")
                lines.extend(f"      {change}" for change in record.changes)
        records = [c for c in self.collections if c.name != TOMBSTONES]
        added, removed, changed = (
            sum(len(getattr(c, kind)) for c in records) for kind in ("added", "removed", "changed")
        )
        summary = f"records: {added} added, {removed} removed, {changed} changed"
        if self.repeated:
            summary += f", {len(self.repeated)} repeated IDs"
        lines.append(summary)
        return "\n".join(lines)


def diff(old: str | os.PathLike[str], new: str | os.PathLike[str]) -> ReleaseDiff:
    """Compare two releases: data folders, checkouts, data bundles (folder or zip) or wheels.

    Raises :class:`~libya_conflict.DataError` naming the file when a release or one of its
    records cannot be read.
    """
    before, after = open_release(old), open_release(new)
    repeated: list[RepeatedID] = []
    old_records = _records(before, "old", repeated)
    new_records = _records(after, "new", repeated)
    collections = []
    for name in _COLLECTIONS:
        a, b = old_records.get(name, {}), new_records.get(name, {})
        changed = [
            RecordChange(id=record_id, changes=tuple(_changes(a[record_id], b[record_id])))
            for record_id in sorted(a.keys() & b.keys())
            if a[record_id] != b[record_id] or _typed(a[record_id]) != _typed(b[record_id])
        ]
        collections.append(
            CollectionDiff(
                name=name,
                added=tuple(sorted(b.keys() - a.keys())),
                removed=tuple(sorted(a.keys() - b.keys())),
                changed=tuple(r for r in changed if r.changes),
            )
        )
    return ReleaseDiff(
        old=display(before.shown),
        new=display(after.shown),
        old_version=_version(before),
        new_version=_version(after),
        collections=tuple(collections),
        repeated=tuple(repeated),
    )


def _version(release: Release) -> str | None:
    if MANIFEST not in release:
        return None
    version = read_manifest(release).get("version")
    return str(version) if version is not None else None


def _records(
    release: Release, side: Literal["old", "new"], repeated: list[RepeatedID]
) -> dict[str, dict[str, Any]]:
    """The records of a release by collection and ID; an ID held by two files (in any
    collections) is added to ``repeated``, and the first file's record kept."""
    found: dict[str, dict[str, Any]] = {}
    where: dict[str, list[str]] = {}
    for collection, name in release.record_files():
        document = release.read_record(name)
        record_id = document["id"]
        files = where.setdefault(record_id, [])
        files.append(release.where(name))
        if len(files) == 1:
            found.setdefault(collection, {})[record_id] = document
    repeated.extend(
        RepeatedID(release=side, id=record_id, files=tuple(files))
        for record_id, files in sorted(where.items())
        if len(files) > 1
    )
    return found


def _typed(value: Any) -> Any:
    """The value with each scalar tagged by its JSON type, so 1, 1.0 and true differ."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def _changes(old: Any, new: Any, where: str = "") -> Iterator[FieldChange]:
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [*old, *(k for k in new if k not in old)]
        for key in keys:
            pointer = where + json_pointer((key,))
            if key not in new:
                yield FieldChange(pointer=pointer, kind="removed", old=old[key])
            elif key not in old:
                yield FieldChange(pointer=pointer, kind="added", new=new[key])
            else:
                yield from _changes(old[key], new[key], pointer)
    elif isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            pointer = f"{where}/{i}"
            if i >= len(new):
                yield FieldChange(pointer=pointer, kind="removed", old=old[i])
            elif i >= len(old):
                yield FieldChange(pointer=pointer, kind="added", new=new[i])
            else:
                yield from _changes(old[i], new[i], pointer)
    elif _typed(old) != _typed(new):
        yield FieldChange(pointer=where, kind="changed", old=old, new=new)


def _around_difference(old: str, new: str, limit: int = 80) -> tuple[str, str]:
    """Both strings as JSON, cut around where they first differ when they are too long."""
    shown_old, shown_new = json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)
    if max(len(shown_old), len(shown_new)) <= limit:
        return shown_old, shown_new
    first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    start = max(0, (min(len(old), len(new)) if first is None else first) - limit // 3)

    def window(text: str) -> str:
        part = json.dumps(text[start : start + limit], ensure_ascii=False)[1:-1]
        return (
            '"'
            + ("..." if start else "")
            + part
            + ("..." if start + limit < len(text) else "")
            + '"'
        )

    return window(old), window(new)


def _show(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return one_line(text if len(text) <= limit else text[: limit - 3] + "...")
