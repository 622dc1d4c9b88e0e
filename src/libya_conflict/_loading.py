"""Reading a data folder into a :class:`~libya_conflict.Dataset`.

``load()`` reads the bundled release once per process (thread-safe) and caches it;
``load(path)`` reads a data folder (a fork, a checkout) or a JSON Lines file every time it is
called. Loading does not run JSON Schema: the bundled data was validated before release. A
record that cannot be read into the model raises :class:`~libya_conflict.DataError` naming the
file (and the line, in JSON Lines); for the bundled data, it also names the installed files
whose checksums differ from the release manifest.

Records are structured by generated functions (:mod:`._structure`); cattrs is imported only to
explain a record that does not fit.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._dataset import Dataset
from ._gcpause import gc_paused
from ._jsonio import JSONInputError, parse_json, read_bytes
from ._model import COLLECTION_TYPES, Record
from ._resources import (
    MANIFEST,
    TOMBSTONES,
    bundle_folder,
    bundle_root,
    holds_collections,
    links_outside,
    record_files,
)
from ._structure import structure_record
from ._text import one_line
from ._tombstones import Tombstone, tombstone_from_json
from .exceptions import BundleError, DataError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["load"]

_lock = threading.Lock()
_bundled: Dataset | None = None


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the bundled dataset (cached), or the data at ``path`` (not cached).

    ``path`` is a data folder or a JSON Lines file. A data folder holds, per collection, a
    sub-folder of ``<id>.json`` files (``events/``) and/or a JSON Lines file of one record per
    line (``events.jsonl``), the faster form for large data, plus ``tombstones/`` for removed
    IDs. A JSON Lines file given alone is named after its collection. Symbolic links out of the
    folder are refused. Raises :class:`~libya_conflict.DataError` for a missing folder, or a
    file or line that cannot be read into the model, naming it; the bundled data's files are
    named by their installed path. Raises :class:`~libya_conflict.BundleError` when a
    collection folder is missing from the bundle.
    """
    global _bundled
    if path is not None:
        folder = Path(path)
        shown = os.fspath(path)
        from ._jsonl import is_json_lines, type_from_name  # imports orjson: not for load()

        if folder.is_file() and is_json_lines(folder):
            record_type = type_from_name(folder)
            if record_type is None:
                raise DataError(f"{shown}: name a JSON Lines file after its collection")
            return _dataset(lambda: _read_lines(folder, shown, record_type), shown)
        if not folder.is_dir():
            if folder.exists():
                raise DataError(f"{shown}: not a data folder or a JSON Lines file")
            raise DataError(f"{shown}: no such data folder")
        if not holds_collections(folder):
            hint = "; give its data/ folder" if (folder / "data").is_dir() else ""
            raise DataError(
                f"{shown}: not a data folder: it holds no collection folder "
                f"({', '.join(f'{c}/' for c in COLLECTION_TYPES)}) or <collection>.jsonl{hint}"
            )
        inside = folder.resolve()
        return _dataset(
            lambda: _read(folder, shown, parse_json, read_bytes, contained_in=inside),
            shown,
            folder=folder,
            release_root=inside.parent,
        )
    with _lock:
        if _bundled is None:
            bundle = bundle_folder("data")
            missing = [c for c in COLLECTION_TYPES if not (bundle / c).is_dir()]
            if missing:
                raise BundleError(
                    f"the bundled data in {bundle} is damaged: no {', '.join(missing)} folder; "
                    "reinstall libya-conflict"
                )
            try:
                _bundled = _dataset(
                    lambda: _read(bundle, str(bundle), _trusted, _read_trusted),
                    str(bundle),
                    folder=bundle,
                    release_root=bundle_root(),
                    parse=_trusted,
                )
            except DataError as exc:
                raise DataError(f"{exc}{_damage_note()}") from None
        return _bundled


def _read_trusted(item: Traversable) -> bytes:
    """Read a bundled file: checked when released, so without the size check of ``read_bytes``."""
    return item.read_bytes()


def _trusted(data: bytes) -> Any:
    """Parse a bundled file: checked when released, so plain ``json.loads`` (twice as fast).

    Anything it refuses goes to the strict parser for the message.
    """
    try:
        return json.loads(data)
    except ValueError:
        return parse_json(data)


def _dataset(
    read: Callable[[], Iterable[Record]],
    shown: str,
    *,
    folder: Traversable | None = None,
    release_root: Traversable | None = None,
    parse: Callable[[bytes], Any] = parse_json,
) -> Dataset:
    """Build a dataset from the records ``read`` yields, with the cyclic GC paused.

    Records are immutable trees without cycles; collecting while building 100,000 of them
    would triple the time. The tombstones come from ``folder``, the version from the manifest
    in ``release_root`` (read with ``parse``).
    """
    with gc_paused():
        try:
            tombstones = _read_tombstones(folder, shown) if folder is not None else []
            version = _version(release_root, parse) if release_root is not None else None
            return Dataset(read(), tombstones=tombstones, version=version)
        except ValueError as exc:
            raise DataError(one_line(f"{shown}: {exc}")) from None


def _read(
    folder: Traversable,
    shown: str,
    parse: Callable[[bytes], Any],
    read: Callable[[Traversable], bytes],
    contained_in: Path | None = None,
) -> Iterator[Record]:
    """The records of a data folder: ``<collection>/*.json``, then ``<collection>.jsonl``.

    Files are read with ``read`` and parsed with ``parse``; with ``contained_in``, a symbolic
    link leading out of that folder is refused.
    """
    for collection, record_type, item in record_files(folder):
        where = one_line(f"{shown}/{collection}/{item.name}")
        if (
            contained_in is not None
            and isinstance(item, Path)
            and (item.is_symlink() or item.parent.is_symlink())
            and links_outside(item, contained_in)
        ):
            raise DataError(
                f"{where}: a symbolic link to a file outside the data folder; "
                "links out of the folder are never followed"
            )
        try:
            document = parse(read(item))
        except OSError as exc:
            raise DataError(f"{where}: cannot read the file: {exc}") from None
        except JSONInputError as exc:
            at = f" (at {one_line(exc.pointer)})" if exc.pointer else ""
            raise DataError(f"{where}: {exc.message}{at}") from None
        yield _record(document, record_type, where)
    if isinstance(folder, Path):
        for collection, record_type in COLLECTION_TYPES.items():
            lines_file = folder / f"{collection}.jsonl"
            if lines_file.is_file():
                yield from _read_lines(lines_file, f"{shown}/{collection}.jsonl", record_type)


def _read_tombstones(folder: Traversable, shown: str) -> list[Tombstone]:
    """The tombstones in ``folder/tombstones/``, by file name."""
    tombstones: list[Tombstone] = []
    tombstone_folder = folder / TOMBSTONES
    if not tombstone_folder.is_dir():
        return tombstones
    for item in sorted(tombstone_folder.iterdir(), key=lambda t: t.name):
        if item.name.endswith(".json"):
            where = one_line(f"{shown}/{TOMBSTONES}/{item.name}")
            try:
                tombstones.append(tombstone_from_json(parse_json(read_bytes(item))))
            except OSError as exc:
                raise DataError(f"{where}: cannot read the file: {exc}") from None
            except JSONInputError as exc:
                raise DataError(f"{where}: {exc.message}") from None
            except (TypeError, ValueError) as exc:
                raise DataError(f"{where}: not a tombstone ({one_line(str(exc))})") from None
    return tombstones


def _version(release_root: Traversable, parse: Callable[[bytes], Any]) -> str | None:
    """The version in the manifest beside a data folder, if there is a readable one."""
    manifest = release_root / MANIFEST
    try:
        document = parse(read_bytes(manifest)) if manifest.is_file() else None
    except (OSError, JSONInputError):
        return None
    version = document.get("version") if isinstance(document, dict) else None
    return version if isinstance(version, str) else None


def _damage_note() -> str:
    """What the manifest says of the installed files, when a bundled file cannot be read."""
    from ._verify import verify
    from .exceptions import LibyaConflictError

    try:
        report = verify()
    except LibyaConflictError:
        return ""
    damaged = [p.file for p in report.problems if p.code in ("checksum", "missing-file")]
    if not damaged:
        return ""
    shown = ", ".join(damaged[:3]) + (", ..." if len(damaged) > 3 else "")
    return (
        f"; {len(damaged)} installed file(s) differ from the release manifest's checksums "
        f"({shown}): reinstall libya-conflict"
    )


def _read_lines(path: Path, shown: str, record_type: str) -> Iterator[Record]:
    """The records of a JSON Lines file, one per line; errors name the file and the line."""
    from ._jsonl import lines, parse_line

    try:
        for number, raw in lines(path):
            try:
                document = parse_line(raw)
            except JSONInputError as exc:
                raise DataError(f"{shown}:{number}: {exc.message}") from None
            yield _record(document, record_type, f"{shown}:{number}")
    except OSError as exc:
        raise DataError(f"{shown}: cannot read the file: {exc}") from None


def _record(document: Any, record_type: str, where: str) -> Record:
    if not isinstance(document, dict):
        raise DataError(f"{where}: a record must be a JSON object")
    try:
        return structure_record(document, record_type)
    except (ExceptionGroup, ValueError, TypeError) as exc:
        raise DataError(
            f"{where}: does not fit the model ({one_line(_detail(exc))}); "
            "run 'libya-conflict validate' on it for details"
        ) from None


def _detail(exc: Exception) -> str:
    """What cattrs (imported only now, on this error path) says is wrong with a record."""
    import cattrs

    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc))
    return str(exc)
