"""Reading a data folder into a :class:`~libya_conflict.Dataset`.

``load()`` reads the bundled release once per process (thread-safe) and caches it;
``load(path)`` reads a data folder (a fork, a checkout) every time it is called. Loading does not
run JSON Schema: the bundled data was validated before release. A record that cannot be read
into the model raises :class:`~libya_conflict.DataError` naming the file.
"""

from __future__ import annotations

import os
import threading
from importlib.resources.abc import Traversable
from pathlib import Path

import cattrs

from ._bundles import MANIFEST, TOMBSTONES
from ._converter import structure_record
from ._dataset import Dataset
from ._jsonio import JSONInputError, parse_json, read_bytes
from ._model import COLLECTION_TYPES, Record
from ._resources import bundle_folder, bundle_root, links_outside, record_files
from ._text import one_line
from ._tombstones import Tombstone, tombstone_from_json
from .exceptions import BundleError, DataError

__all__ = ["load"]

_lock = threading.Lock()
_bundled: Dataset | None = None


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the bundled dataset (cached), or the data folder at ``path`` (not cached).

    A data folder holds one sub-folder per collection (``actors/``, ``events/``, ...) of
    ``<id>.json`` files. Raises :class:`~libya_conflict.DataError` for a missing folder or a
    file that cannot be read into the model, naming the file; the bundled data's files are
    named by their installed path. Raises :class:`~libya_conflict.BundleError` when a
    collection folder is missing from the bundle.
    """
    global _bundled
    if path is not None:
        folder = Path(path)
        if not folder.is_dir():
            raise DataError(f"{os.fspath(path)}: no such data folder")
        return _read(
            folder, os.fspath(path), folder.resolve().parent, contained_in=folder.resolve()
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
                _bundled = _read(bundle, str(bundle), bundle_root())
            except DataError as exc:
                raise DataError(f"{exc}{_damage_note()}") from None
        return _bundled


def _read(
    folder: Traversable,
    shown: str,
    release_root: Traversable,
    contained_in: Path | None = None,
) -> Dataset:
    """The dataset in ``folder``; with ``contained_in``, refusing links that lead out of it."""
    records: list[Record] = []
    tombstones: list[Tombstone] = []
    root = contained_in
    for collection, record_type, item in record_files(folder):
        where = one_line(f"{shown}/{collection}/{item.name}")
        if (
            root is not None
            and isinstance(item, Path)
            and (item.is_symlink() or item.parent.is_symlink())
            and links_outside(item, root)
        ):
            raise DataError(
                f"{where}: a symbolic link to a file outside the data folder; "
                "links out of the folder are never followed"
            )
        try:
            document = parse_json(read_bytes(item))
            if not isinstance(document, dict):
                raise DataError(f"{where}: a record must be a JSON object")
            records.append(structure_record(document, record_type))
        except OSError as exc:
            raise DataError(f"{where}: cannot read the file: {exc}") from None
        except JSONInputError as exc:
            at = f" (at {one_line(exc.pointer)})" if exc.pointer else ""
            raise DataError(f"{where}: {exc.message}{at}") from None
        except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
            detail = (
                "; ".join(cattrs.transform_error(exc))
                if isinstance(exc, cattrs.BaseValidationError)
                else str(exc)
            )
            raise DataError(
                f"{where}: does not fit the model ({one_line(detail)}); "
                "run 'libya-conflict validate' on the folder for details"
            ) from None
    tombstone_folder = folder / TOMBSTONES
    if tombstone_folder.is_dir():
        for item in sorted(tombstone_folder.iterdir(), key=lambda t: t.name):
            if item.name.endswith(".json"):
                where = f"{shown}/{TOMBSTONES}/{item.name}"
                try:
                    tombstones.append(tombstone_from_json(parse_json(read_bytes(item))))
                except OSError as exc:
                    raise DataError(f"{where}: cannot read the file: {exc}") from None
                except JSONInputError as exc:
                    raise DataError(f"{where}: {exc.message}") from None
                except (TypeError, ValueError) as exc:
                    raise DataError(f"{where}: not a tombstone ({exc})") from None
    try:
        return Dataset(records, tombstones=tombstones, version=_version(release_root))
    except ValueError as exc:
        raise DataError(one_line(f"{shown}: {exc}")) from None


def _version(release_root: Traversable) -> str | None:
    """The version in the manifest beside a data folder, if there is a readable one."""
    manifest = release_root / MANIFEST
    try:
        document = parse_json(manifest.read_bytes()) if manifest.is_file() else None
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
