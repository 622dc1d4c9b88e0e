"""The files of one release, read alike from a folder, a zip or a wheel, and its manifest.

A release holds ``datapackage.json`` (the manifest), ``data/<collection>/<id>.json`` and
``schemas/*.schema.json`` side by side. It can be a checkout, the installed package, an
unpacked or zipped data bundle (``libya-conflict-data-<version>.zip``), or a wheel, where the
release sits inside ``libya_conflict/``. A bare data folder (one holding ``events/``,
``actors/``, ...) is a release without a manifest or schemas. The one reader of releases and
of manifests: ``verify``, ``diff``, the bundle writer and validation all read through it.

Files are read under the limits of :mod:`.limits`: a folder's through :func:`.resources.walk`
(links out of it refused) and :func:`.jsonio.read_bytes` (regular files only, the size checked
before reading); a zip's entries only if stored or deflated, declared within
:data:`~.limits.MAX_FILE_BYTES`, and expanding to exactly the size they declare (read bounded,
so a zip bomb is an error naming the entry, not a memory error). A zip of more than
:data:`~.limits.MAX_RELEASE_FILES` entries, or declaring more than
:data:`~.limits.MAX_ARCHIVE_BYTES` expanded, is not opened. The release's root in an archive
is where its kind puts it (``libya_conflict/`` in a wheel; the zip's root or its one top
folder in a bundle), never where a manifest happens to be: any other ``datapackage.json`` is
an anomaly :func:`verify` reports, not a manifest to trust.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .._model.records import COLLECTION_TYPES
from ..exceptions import DataError
from .jsonio import JSONInputError, LimitExceeded, parse_json, read_bytes
from .limits import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES, MAX_RELEASE_FILES
from .resources import MANIFEST, TOMBSTONES, LinkOutside, walk

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "MANIFEST",
    "TOMBSTONES",
    "BadEntry",
    "Release",
    "display",
    "listed_files",
    "open_release",
    "read_manifest",
    "released_ids",
    "sha256",
    "unpinned",
]

_Reader = Callable[[], bytes]

_WHEEL_PACKAGE = "libya_conflict/"
"""Where the release sits in a wheel."""


class BadEntry(ValueError):
    """A zip entry that is not read: damaged, compressed in a way not read, or not the size it
    declares."""


class Release:
    """The files of one release, by path relative to its root (``data/events/x.json``).

    ``kind`` is ``folder``, ``zip`` or ``wheel``. For an archive, ``entries`` are all its files
    by their name in the archive (the release's and any others: a wheel's code and
    ``.dist-info``), and ``anomalies`` ``(entry, code, message)`` for what a release must not
    hold: a second manifest (``extra-manifest``), one name twice (``duplicate-entry``).
    """

    def __init__(
        self,
        shown: str,
        files: dict[str, _Reader],
        data_prefix: str,
        *,
        kind: str = "folder",
        entries: dict[str, _Reader] | None = None,
        anomalies: tuple[tuple[str, str, str], ...] = (),
    ) -> None:
        self.shown = shown
        self._files = files
        self.data_prefix = data_prefix
        self.kind = kind
        self._entries = entries or {}
        self.anomalies = anomalies

    def entries(self) -> list[str]:
        """Every file of an archive by its name in the archive, sorted (none for a folder)."""
        return sorted(self._entries)

    def read_entry(self, name: str) -> bytes:
        """The bytes of an archive's file by its name in the archive; :class:`DataError` if
        unreadable."""
        return self._read(self._entries, name, self.where_entry(name))

    def where_entry(self, name: str) -> str:
        """How to show a file of an archive, by its name in the archive, to the user."""
        return display(f"{self.shown.rstrip('/')}/{name}")

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def names(self) -> list[str]:
        """Every file's path relative to the root, sorted."""
        return sorted(self._files)

    def read(self, name: str) -> bytes:
        """The bytes of one file; :class:`~libya_conflict.DataError` naming it if unreadable."""
        return self._read(self._files, name, self.where(name))

    @staticmethod
    def _read(files: dict[str, _Reader], name: str, where: str) -> bytes:
        try:
            reader = files[name]
        except KeyError:
            raise DataError(f"{where}: no such file in the release") from None
        try:
            return reader()
        except (LinkOutside, BadEntry) as exc:
            raise DataError(f"{where}: {display(str(exc))}") from None
        except OSError as exc:
            raise DataError(f"{where}: cannot read the file: {exc.strerror or exc}") from None
        except JSONInputError as exc:  # over the size limit
            raise DataError(f"{where}: {exc.message}") from None

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
        """How to show a file of the release to the user: one printable line (a control or
        bidi character in a file name, or bytes that are not UTF-8, shown escaped)."""
        shown = f"{self.shown.rstrip('/')}/{name}" if self.shown not in ("", ".") else name
        return display(shown)

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
    files = {
        name: _reader(item, refused)
        for name, item, refused in walk(path, limit=MAX_RELEASE_FILES + 1)
    }
    if len(files) > MAX_RELEASE_FILES:
        raise DataError(
            f"{display(label)}: more than {MAX_RELEASE_FILES:,} files: not read as a release"
        )
    return _release(files, label)


def display(text: str) -> str:
    """A path or name as one printable line: bytes that are not UTF-8 as ``\\xff``, control,
    bidi and invisible characters as escapes (:func:`.._model.text.one_line`)."""
    from .._model.text import one_line

    return one_line(text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def _reader(item: Traversable, refused: str | None) -> _Reader:
    """Read a file of a folder under the size limit, or refuse it (a link out of the folder)."""

    def read() -> bytes:
        if refused is not None:
            raise LinkOutside(refused)
        return read_bytes(item)

    return read


def _open_zip(path: Path, label: str) -> Release:
    import zipfile  # only for zips: it costs 3 ms to import

    shown = display(label)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(f"{shown}: not a data folder, a zip bundle or a wheel ({exc})") from None
    infos = archive.infolist()
    if len(infos) > MAX_RELEASE_FILES:
        raise DataError(
            f"{shown}: the zip holds {len(infos):,} entries, over the limit of "
            f"{MAX_RELEASE_FILES:,}: not read"
        )
    declared = sum(i.file_size for i in infos)
    if declared > MAX_ARCHIVE_BYTES:
        raise DataError(
            f"{shown}: the zip's entries declare {declared:,} bytes expanded, over the "
            f"{MAX_ARCHIVE_BYTES // (1024 * 1024)} MiB limit: not read (a zip bomb?)"
        )
    anomalies: list[tuple[str, str, str]] = []
    entries: dict[str, _Reader] = {}
    for info in infos:
        if not info.filename:  # a name of NUL bytes only, cut by zipfile to nothing
            anomalies.append(("", "bad-entry-name", "an entry of the zip has no name"))
            continue
        if info.is_dir():
            continue
        if info.filename in entries:
            anomalies.append(
                (info.filename, "duplicate-entry", "the zip holds two entries of this name")
            )
        entries[info.filename] = _entry_reader(archive, info)
    names = list(entries)
    wheel = path.suffix == ".whl" or any(
        n.count("/") == 1 and n.split("/")[0].endswith(".dist-info") and n.endswith("/WHEEL")
        for n in names
    )
    if wheel:
        prefix = _WHEEL_PACKAGE
    elif MANIFEST in entries:
        prefix = ""
    else:
        tops = {n.split("/", 1)[0] for n in names}  # one top folder: the bundle's
        top = tops.pop() if len(tops) == 1 and all("/" in n for n in names) else ""
        prefix = f"{top}/" if top and top != "data" and top not in COLLECTION_TYPES else ""
    anomalies.extend(
        (n, "extra-manifest", f"a second {MANIFEST}: only the one at the release's root is read")
        for n in names
        if PurePosixPath(n).name == MANIFEST and n != prefix + MANIFEST
    )
    files = {n[len(prefix) :]: entries[n] for n in names if n.startswith(prefix)}
    kind = "wheel" if wheel else "zip"
    return _release(files, label, kind=kind, entries=entries, anomalies=tuple(anomalies))


def _entry_reader(archive: Any, info: Any) -> _Reader:
    """Read one zip entry, bounded: its declared size first, then what it expands to."""

    def read() -> bytes:
        import zipfile
        import zlib

        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BadEntry(
                f"compressed with method {info.compress_type}; only stored and deflated "
                "entries are read"
            )
        if info.file_size > MAX_FILE_BYTES:
            raise LimitExceeded(
                f"the entry declares {info.file_size:,} bytes expanded, over the "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MiB limit"
            )
        try:
            with archive.open(info) as handle:
                data: bytes = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
            # a CRC that differs, a stream that ends early, an encrypted entry
            raise BadEntry(f"a damaged zip entry: {exc}") from None
        if len(data) != info.file_size:
            raise BadEntry(
                f"the entry expands to {len(data):,} bytes, not the {info.file_size:,} it declares"
            )
        return data

    return read


def _release(files: dict[str, _Reader], label: str, **archive: Any) -> Release:
    if MANIFEST in files or any(n.startswith("data/") for n in files):
        return Release(label, files, "data/", **archive)
    # an entry named "." or "" has no parts
    if any((PurePosixPath(n).parts or ("",))[0] in COLLECTION_TYPES for n in files):
        return Release(label, files, "", **archive)
    raise DataError(
        f"{display(label)}: not a release: it holds no {MANIFEST}, no data/ folder and no "
        f"collection folders ({', '.join(f'{c}/' for c in COLLECTION_TYPES)})"
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
