"""Release bundles: the files of one release, read from a folder, a zip or a wheel alike.

A release holds ``datapackage.json`` (the manifest), ``data/<collection>/<id>.json`` and
``schemas/*.schema.json`` side by side. It can be a checkout, the installed package, an
unpacked or zipped data bundle (``libya-conflict-data-<version>.zip``), or a wheel, where the
release sits inside ``libya_conflict/``. A bare data folder (one holding ``events/``,
``actors/``, ...) is a release without a manifest or schemas.

:func:`write_bundle` writes the standalone zip for users outside Python, byte for byte the same
for the same files.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .._loading.jsonio import JSONInputError, parse_json
from .._loading.resources import MANIFEST, TOMBSTONES
from .._model.records import COLLECTION_TYPES
from ..exceptions import DataError, ExportError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["MANIFEST", "TOMBSTONES", "Release", "open_release", "write_bundle"]

_Reader = Callable[[], bytes]

_BUNDLE_EXTRAS = ("CHANGELOG.md", "LICENSE", "LICENSE-DATA")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no build time leaks in


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
        except OSError as exc:
            raise DataError(f"{self.where(name)}: cannot read the file: {exc}") from None

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
    files = dict(_walk(path, ""))
    return _release(files, label)


def _walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, _Reader]]:
    for item in folder.iterdir():
        name = f"{prefix}{item.name}"
        if item.is_dir():
            if not item.name.startswith(".") and item.name != "__pycache__":
                yield from _walk(item, f"{name}/")
        else:
            yield name, item.read_bytes


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


def write_bundle(root: str | os.PathLike[str], output: str | os.PathLike[str]) -> Path:
    """Write the standalone data bundle of the checkout at ``root`` into the folder ``output``.

    The zip holds ``libya-conflict-data-<version>/`` with the manifest, ``data/``,
    ``schemas/``, CHANGELOG.md and the licences: exactly the files the manifest lists, plus
    those. Entries are sorted and timestamped 1980-01-01, so the same files give the same
    bytes. Returns the zip's path. The zip is written to a temporary name and renamed.
    Raises :class:`~libya_conflict.DataError` when the manifest is stale (it must describe
    exactly the files bundled) or a file is missing, and
    :class:`~libya_conflict.ExportError` when the zip cannot be written.
    """
    import zipfile

    from .._export.atomic import atomic_file
    from .manifest import build_manifest, listed_files, manifest_bytes, read_manifest

    release = open_release(root)
    manifest = read_manifest(release)
    if manifest_bytes(build_manifest(release)) != release.read(MANIFEST):
        raise DataError(
            f"{release.where(MANIFEST)}: stale: it does not match the files of the checkout; "
            "regenerate it with 'libya-conflict manifest' first"
        )
    top = f"libya-conflict-data-{manifest['version']}"
    names = [*listed_files(manifest), MANIFEST, *_BUNDLE_EXTRAS]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=_FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, release.read(name))
    target = Path(output) / f"{top}.zip"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{target}: cannot create the folder: {exc.strerror or exc}") from None
    with atomic_file(target) as temporary:
        temporary.write_bytes(buffer.getvalue())
    return target
