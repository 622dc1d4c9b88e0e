"""Reading a data folder into a :class:`~libya_conflict.Dataset`.

``load()`` reads the bundled release once per process (thread-safe) and caches it;
``load(path)`` reads a data folder (a fork, a checkout) or a JSON Lines file every time it is
called. Every record, bundled or not, goes the same way: read under the limits
(:func:`._jsonio.read_bytes`), parsed strictly (:func:`._jsonio.parse_json`), structured by the
strict converter (:mod:`._converter`). Loading does not run JSON Schema, but a record whose
JSON types the schema refuses does not fit the model either: it raises
:class:`~libya_conflict.DataError` naming the file (and the line, in JSON Lines) and the field.
"""

from __future__ import annotations

import _thread
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .._model.records import COLLECTION_TYPES, Record
from .._queries.dataset import Dataset, RepeatedID
from .._queries.gcpause import gc_paused
from ..exceptions import BundleError, DataError
from .jsonio import JSONInputError, parse_json, read_bytes
from .resources import (
    MANIFEST,
    TOMBSTONES,
    LinkOutside,
    bundle_root,
    holds_collections,
    links_outside,
    record_files,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from .._model.tombstones import Tombstone

__all__ = ["load"]

_lock = _thread.allocate_lock()  # what threading.Lock() gives, without importing threading
_bundled: Dataset | None = None

Placed = tuple[str, Record]
"""A record and where it was read: ``folder/events/x.json`` or ``events.jsonl:12``."""


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the bundled dataset (cached), or the data at ``path`` (not cached).

    ``path`` is a data folder or a JSON Lines file. A data folder holds, per collection, a
    sub-folder of ``<id>.json`` files (``events/``) and/or a JSON Lines file of one record per
    line (``events.jsonl``), plus ``tombstones/`` for removed IDs. A JSON Lines file given
    alone is named after its collection. Symbolic links out of the folder are refused.

    Raises :class:`~libya_conflict.DataError` for a missing folder, or a file or line that
    cannot be read into the model, naming it and the field; the bundled data's files are
    named by their installed path. Raises :class:`~libya_conflict.BundleError` when a
    collection folder is missing from the bundle.
    """
    global _bundled
    if path is not None:
        return _load_path(path)
    with _lock:
        if _bundled is None:
            _bundled = _load_bundled()
        return _bundled


def _load_path(path: str | os.PathLike[str]) -> Dataset:
    from pathlib import Path

    from .jsonl import is_json_lines, type_from_name

    folder = Path(path)
    shown = os.fspath(path)
    if folder.is_file() and is_json_lines(folder):
        record_type = type_from_name(folder)
        if record_type is None:
            raise DataError(f"{_shown(shown)}: name a JSON Lines file after its collection")
        return _dataset(lambda: _read_lines(folder, shown, record_type), shown)
    if not folder.is_dir():
        if folder.exists():
            raise DataError(f"{_shown(shown)}: not a data folder or a JSON Lines file")
        raise DataError(f"{_shown(shown)}: no such data folder")
    if not holds_collections(folder):
        hint = "; give its data/ folder" if (folder / "data").is_dir() else ""
        raise DataError(
            f"{_shown(shown)}: not a data folder: it holds no collection folder "
            f"({', '.join(f'{c}/' for c in COLLECTION_TYPES)}) or <collection>.jsonl{hint}"
        )

    inside = folder.resolve()

    def read() -> Iterator[Placed]:
        yield from _read_files(folder, shown)
        for collection, record_type in COLLECTION_TYPES.items():
            lines_file = folder / f"{collection}.jsonl"
            where = f"{shown}/{collection}.jsonl"
            if lines_file.is_symlink() and links_outside(lines_file, inside):
                raise DataError(
                    f"{_shown(where)}: a symbolic link out of the folder given; "
                    "links out of a folder are never followed"
                )
            if lines_file.is_file():
                yield from _read_lines(lines_file, where, record_type)

    return _dataset(read, shown, folder=folder, version=_version(folder.resolve().parent))


def _load_bundled() -> Dataset:
    """Read the bundled data; a damaged bundle raises :class:`~libya_conflict.BundleError`
    (a collection folder is missing) or :class:`~libya_conflict.DataError` naming the file and
    the installed files whose checksums differ from the release manifest."""
    root = bundle_root()
    data = root / "data"
    missing = [c for c in COLLECTION_TYPES if not (data / c).is_dir()]
    if missing:
        raise BundleError(
            f"the bundled data in {data} is damaged: no {', '.join(missing)} folder; "
            "reinstall libya-conflict"
        )
    try:
        return _dataset(
            lambda: _read_files(data, str(data)), str(data), folder=data, version=_version(root)
        )
    except DataError as exc:
        raise DataError(f"{exc}{_damage_note()}") from None


def _shown(text: str) -> str:
    """``text`` with unprintable characters escaped, for a message (:func:`._text.one_line`)."""
    from .._model.text import one_line

    return one_line(text)


def _read_files(folder: Traversable, shown: str) -> Iterator[Placed]:
    """``(where, record)`` for every ``<collection>/*.json`` of a data folder."""
    try:
        for collection, record_type, item in record_files(folder):
            where = f"{shown}/{collection}/{item.name}"
            yield where, _record(where, record_type, lambda: read_bytes(item))  # noqa: B023
    except LinkOutside as exc:
        raise DataError(_shown(str(exc))) from None


def _read_lines(path: Path, shown: str, record_type: str) -> Iterator[Placed]:
    """``(where, record)`` for the records of a JSON Lines file, one per line."""
    from .jsonl import lines

    try:
        for number, raw in lines(path):
            where = f"{shown}:{number}"
            yield where, _record(where, record_type, lambda: raw)  # noqa: B023
    except OSError as exc:
        raise DataError(f"{_shown(shown)}: cannot read the file: {exc}") from None


def _record(where: str, record_type: str, read: Callable[[], bytes]) -> Record:
    """The record the text ``read`` gives holds; a :class:`DataError` naming ``where`` and the
    field if it cannot be read, is not strict JSON within the limits, or does not fit."""
    from .converter import error_fields, structure_record

    try:
        document = parse_json(read())
    except OSError as exc:
        raise DataError(f"{_shown(where)}: cannot read the file: {exc}") from None
    except JSONInputError as exc:
        at = f" (at {_shown(exc.pointer)})" if exc.pointer else ""
        raise DataError(f"{_shown(where)}: {exc.message}{at}") from None
    if type(document) is not dict:
        raise DataError(f"{_shown(where)}: a record must be a JSON object")
    try:
        return structure_record(document, record_type)
    except Exception as exc:  # cattrs' validation errors, and TypeError/ValueError beneath
        fields = error_fields(exc)
        detail = "; ".join(f"{pointer or '/'}: {message}" for pointer, message in fields)
        raise DataError(
            f"{_shown(where)}: does not fit the model: {_shown(detail)}; "
            "run 'libya-conflict validate' on it for every problem"
        ) from None


def _dataset(
    read: Callable[[], Iterable[Placed]],
    shown: str,
    *,
    folder: Traversable | None = None,
    version: str | None = None,
) -> Dataset:
    """Build a dataset from the records ``read`` yields, with the cyclic GC paused.

    Records are immutable trees without cycles; collecting while building 100,000 of them
    would triple the time. The tombstones come from ``folder``. Two records sharing an ID are
    named by where they are, found by reading again (only then: a load does not keep every
    record's place).
    """
    with gc_paused():
        try:
            tombstones = _read_tombstones(folder, shown) if folder is not None else []
            records = (record for _, record in read())
            return Dataset(records, tombstones=tombstones, version=version)
        except RepeatedID as exc:
            raise _repeated_error(read(), exc.record_id, shown) from None
        except ValueError as exc:
            raise DataError(_shown(f"{shown}: {exc}")) from None


def _repeated_error(placed: Iterable[Placed], record_id: str, shown: str) -> DataError:
    """The error naming the first two places of the records with this ID (when the data no
    longer holds two, it changed meanwhile: the error says only that the ID is repeated)."""
    found = list(itertools.islice((w for w, r in placed if r.id == record_id), 2))
    if len(found) < 2:
        return DataError(_shown(f"{shown}: the ID {record_id!r} is used by two records"))
    first, second = map(_shown, found)
    return DataError(f"{second}: the ID {record_id!r} is already used by {first}")


def _read_tombstones(folder: Traversable, shown: str) -> list[Tombstone]:
    """The tombstones in ``folder/tombstones/``, by file name."""
    from .._model.tombstones import tombstone_from_json

    tombstone_folder = folder / TOMBSTONES
    if not tombstone_folder.is_dir():
        return []
    tombstones: list[Tombstone] = []
    inside = _resolved(folder)
    for item in sorted(tombstone_folder.iterdir(), key=lambda t: t.name):
        if not item.name.endswith(".json"):
            continue
        if inside is not None and links_outside(item, inside):  # type: ignore[arg-type]
            where = _shown(f"{shown}/{TOMBSTONES}/{item.name}")
            raise DataError(
                f"{where}: a symbolic link out of the folder given; links out of a "
                "folder are never followed"
            )
        try:
            tombstones.append(tombstone_from_json(parse_json(read_bytes(item))))
        except (OSError, TypeError, ValueError) as exc:
            where = _shown(f"{shown}/{TOMBSTONES}/{item.name}")
            if isinstance(exc, OSError):
                raise DataError(f"{where}: cannot read the file: {exc}") from None
            if isinstance(exc, JSONInputError):
                raise DataError(f"{where}: {exc.message}") from None
            raise DataError(f"{where}: not a tombstone ({_shown(str(exc))})") from None
    return tombstones


def _resolved(folder: Traversable) -> Path | None:
    """The folder on disk, resolved; ``None`` for a zipped install (no links there)."""
    if not isinstance(folder, os.PathLike):
        return None
    from pathlib import Path

    return Path(os.fspath(folder)).resolve()


def _version(release_root: Traversable) -> str | None:
    """The version in the manifest beside a data folder, if there is a readable one."""
    manifest = release_root / MANIFEST
    linked = getattr(manifest, "is_symlink", lambda: False)()  # a link is never followed out
    try:
        document = parse_json(read_bytes(manifest)) if manifest.is_file() and not linked else None
    except (OSError, JSONInputError):
        return None
    version: Any = document.get("version") if isinstance(document, dict) else None
    return version if isinstance(version, str) else None


def _damage_note() -> str:
    """What the manifest says of the installed files, when a bundled file cannot be read."""
    from .release import open_release, read_manifest, unpinned

    try:
        release = open_release(bundle_root())
        damaged = [
            release.where(name)
            for name, code, _ in unpinned(release, read_manifest(release))
            if code in ("checksum", "missing-file")
        ]
    except DataError:
        return ""
    if not damaged:
        return ""
    shown = ", ".join(damaged[:3]) + (", ..." if len(damaged) > 3 else "")
    return (
        f"; {len(damaged)} installed file(s) differ from the release manifest's checksums "
        f"({shown}): reinstall libya-conflict"
    )
