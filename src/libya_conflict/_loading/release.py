"""The files of one release, read alike from a folder, a zip or a wheel, and its manifest.

A release holds ``datapackage.json`` (the manifest), ``data/<collection>/<id>.json`` and
``schemas/*.schema.json`` side by side. It can be a checkout, the installed package, an
unpacked or zipped data bundle (``libya-conflict-data-<version>.zip``), or a wheel, where the
release sits inside ``libya_conflict/``. A bare data folder (one holding ``events/``,
``actors/``, ...) is a release without a manifest or schemas. The one reader of releases and
of manifests: ``verify``, ``diff``, the bundle writer and validation all read through it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .._model.records import COLLECTION_TYPES
from ..exceptions import DataError
from .jsonio import JSONInputError, parse_json, read_bytes
from .resources import MANIFEST, TOMBSTONES, LinkOutside, walk

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "MANIFEST",
    "TOMBSTONES",
    "Release",
    "listed_files",
    "open_release",
    "read_manifest",
    "released_ids",
    "sha256",
    "unpinned",
]

_Reader = Callable[[], bytes]


class Release:
    """The files of one release, by path relative to its root (``data/events/x.json``)."""

    def __init__(self, shown: str, files: dict[str, _Reader], data_prefix: str) -> None:
        self.shown = shown
        self._files = files
        self.data_prefix = data_prefix

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def names(self) -> list[str]:
        """Every file's path relative to the root, sorted."""
        return sorted(self._files)

    def read(self, name: str) -> bytes:
        """The bytes of one file; :class:`~libya_conflict.DataError` naming it if unreadable."""
        try:
            return self._files[name]()
        except KeyError:
            raise DataError(f"{self.where(name)}: no such file in the release") from None
        except LinkOutside as exc:
            raise DataError(f"{self.where(name)}: {exc}") from None
        except OSError as exc:
            raise DataError(f"{self.where(name)}: cannot read the file: {exc}") from None
        except JSONInputError as exc:  # over the size limit
            raise DataError(f"{self.where(name)}: {exc.message}") from None

    def read_json(self, name: str) -> Any:
        """Parse one file as strict JSON; :class:`~libya_conflict.DataError` naming it if not."""
        try:
            return parse_json(self.read(name))
        except JSONInputError as exc:
            raise DataError(f"{self.where(name)}: {exc.message}") from None

    def read_record(self, name: str) -> dict[str, Any]:
        """Parse one record file (strict JSON) that must be an object with a string ``id``.

        Raises :class:`~libya_conflict.DataError` naming the file otherwise.
        """
        document = self.read_json(name)
        if not (isinstance(document, dict) and isinstance(document.get("id"), str)):
            raise DataError(f"{self.where(name)}: the record is not an object with a string 'id'")
        return document

    def where(self, name: str) -> str:
        """How to show a file of the release to the user."""
        return f"{self.shown.rstrip('/')}/{name}" if self.shown not in ("", ".") else name

    def record_files(self) -> Iterator[tuple[str, str]]:
        """Yield ``(collection, path)`` for every record file, tombstones included."""
        for name in self.names():
            parts = PurePosixPath(name[len(self.data_prefix) :]).parts
            if (
                name.startswith(self.data_prefix)
                and len(parts) == 2
                and (parts[0] in COLLECTION_TYPES or parts[0] == TOMBSTONES)
                and parts[1].endswith(".json")
            ):
                yield parts[0], name


def open_release(path: str | os.PathLike[str] | Traversable, shown: str | None = None) -> Release:
    """Open a release: a folder, a zip bundle, a wheel, or a bare data folder.

    Raises :class:`~libya_conflict.DataError` when the path is none of these.
    """
    if isinstance(path, str | os.PathLike):
        label = shown if shown is not None else os.fspath(path)
        path = Path(path)
        if path.is_file():
            return _open_zip(path, label)
        if not path.is_dir():
            raise DataError(f"{label}: no such folder or file")
    else:
        label = shown if shown is not None else str(path)
    files = {name: _reader(item, refused) for name, item, refused in walk(path)}
    return _release(files, label)


def _reader(item: Traversable, refused: str | None) -> _Reader:
    """Read a file of a folder under the size limit, or refuse it (a link out of the folder)."""

    def read() -> bytes:
        if refused is not None:
            raise LinkOutside(refused)
        return read_bytes(item)

    return read


def _open_zip(path: Path, label: str) -> Release:
    import zipfile  # only for zips: it costs 3 ms to import

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(f"{label}: not a data folder, a zip bundle or a wheel ({exc})") from None
    names = [i.filename for i in archive.infolist() if not i.is_dir()]
    manifests = sorted((n for n in names if PurePosixPath(n).name == MANIFEST), key=len)
    prefix = manifests[0][: -len(MANIFEST)] if manifests else ""

    def reader(member: str) -> _Reader:
        return lambda: archive.read(member)

    files = {n[len(prefix) :]: reader(n) for n in names if n.startswith(prefix)}
    return _release(files, label)


def _release(files: dict[str, _Reader], label: str) -> Release:
    if MANIFEST in files or any(n.startswith("data/") for n in files):
        return Release(label, files, "data/")
    if any(PurePosixPath(n).parts[0] in COLLECTION_TYPES for n in files):
        return Release(label, files, "")
    raise DataError(
        f"{label}: not a release: it holds no {MANIFEST}, no data/ folder and no collection "
        f"folders ({', '.join(f'{c}/' for c in COLLECTION_TYPES)})"
    )


def sha256(content: bytes) -> str:
    """The checksum as the manifest writes it: ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(content).hexdigest()


def read_manifest(release: Release) -> dict[str, Any]:
    """Read a release's manifest; :class:`~libya_conflict.DataError` naming it if damaged."""
    manifest = release.read_json(MANIFEST)
    if not (isinstance(manifest, dict) and isinstance(manifest.get("resources"), list)):
        raise DataError(
            f"{release.where(MANIFEST)}: not a libya-conflict manifest (no 'resources' list)"
        )
    return manifest


def listed_files(manifest: dict[str, Any]) -> Iterator[str]:
    """Every file path the manifest's resources list."""
    for resource in manifest["resources"]:
        for entry in resource.get("files", []):
            yield str(PurePosixPath(entry["path"]))


def released_ids(manifest: dict[str, Any]) -> frozenset[str]:
    """The IDs the manifest records as released."""
    return frozenset(str(i) for i in manifest.get("released_ids", []))


def unpinned(release: Release, manifest: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """``(file, code, message)`` for each file the manifest lists that the release does not
    hold as pinned: ``missing-file``, ``unreadable`` or ``checksum`` (its size or sha256
    differs). The one comparison of files with their checksums."""
    for resource in manifest["resources"]:
        for entry in resource.get("files", []):
            name = str(entry["path"])
            if name not in release:
                yield name, "missing-file", "listed in the manifest but missing"
                continue
            try:
                content = release.read(name)
            except DataError as exc:
                yield name, "unreadable", str(exc).split(": ", 1)[-1]
                continue
            actual = sha256(content)
            if actual != entry.get("hash") or len(content) != entry.get("bytes"):
                yield (
                    name,
                    "checksum",
                    f"the file differs from the release: {actual} ({len(content)} bytes), "
                    f"the manifest says {entry.get('hash')} ({entry.get('bytes')} bytes)",
                )
