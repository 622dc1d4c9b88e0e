"""Where the bundled schemas and data live, in a wheel and in a source checkout.

In an installed wheel they are ``libya_conflict/data`` and ``libya_conflict/schemas`` inside the
package, beside the manifest ``libya_conflict/datapackage.json``: plain folders, or read through
:mod:`importlib.resources` from a zipped install. In a source checkout or an editable install
the package has no copy, and the live top-level ``data/`` and ``schemas/`` folders beside
``src/`` are read instead.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .._model.records import COLLECTION_TYPES
from ..exceptions import BundleError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

__all__ = [
    "MANIFEST",
    "TOMBSTONES",
    "Entry",
    "LinkOutside",
    "bundle_folder",
    "bundle_path",
    "bundle_root",
    "holds_collections",
    "links_outside",
    "record_files",
    "walk",
]

MANIFEST = "datapackage.json"
"""The release manifest's file name, at the root of every release (beside ``data/``)."""

TOMBSTONES = "tombstones"
"""The folder under ``data/`` holding the tombstones of removed record IDs."""


@functools.cache
def bundle_path() -> str | None:
    """The folder holding the bundled release, when it is a plain folder on disk; else ``None``.

    The package's own folder in an installed wheel, the checkout in a source checkout or an
    editable install. Found with :mod:`os.path` alone: :mod:`pathlib` costs ``load()`` more
    than reading the data does.
    """
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the package folder
    if os.path.isdir(os.path.join(here, "data")):  # an installed wheel
        return here
    checkout = os.path.dirname(os.path.dirname(os.path.realpath(here)))
    if os.path.isdir(os.path.join(checkout, "data")) and os.path.isfile(
        os.path.join(checkout, "pyproject.toml")
    ):
        return checkout
    return None


@functools.cache
def bundle_root() -> Traversable:
    """Return the folder holding the bundled release: ``datapackage.json``, data and schemas.

    Raises :class:`~libya_conflict.BundleError` when neither the package nor the checkout
    holds a ``data`` folder.
    """
    from pathlib import Path

    folder = bundle_path()
    if folder is not None:
        return Path(folder)
    from importlib.resources import files  # a zipped install; costs ~10 ms to import

    packaged = files("libya_conflict")
    if (packaged / "data").is_dir():
        return packaged
    raise BundleError("the bundled 'data' folder is missing from the libya_conflict install")


def bundle_folder(kind: str) -> Traversable:
    """Return the bundled ``"data"`` or ``"schemas"`` folder.

    Raises :class:`~libya_conflict.BundleError` when the install does not hold it.
    """
    folder = bundle_root() / kind
    if not folder.is_dir():
        raise BundleError(f"the bundled {kind!r} folder is missing from the libya_conflict install")
    return folder


def holds_collections(folder: Path) -> bool:
    """Whether ``folder`` holds a collection folder (``events/``) or ``<collection>.jsonl``."""
    return any((folder / c).is_dir() or (folder / f"{c}.jsonl").is_file() for c in COLLECTION_TYPES)


class LinkOutside(ValueError):
    """A symbolic link in a data folder leads out of it (links out are never followed)."""


Entry = tuple[str, "Traversable", str | None]
"""A file found by :func:`walk`: its path below the root (``events/x.json``), the file, and
why it is refused (``None`` when it may be read)."""


def walk(root: Traversable, limit: int | None = None) -> Iterator[Entry]:
    """Every file below ``root``: the one walker of the package's folders.

    A folder's files come in name order, then its sub-folders, each in name order. Hidden
    folders and ``__pycache__`` are not entered. On disk, a symbolic link leading out of
    ``root`` is never followed: it is yielded with the reason it is refused (it must not be
    read) and, if it is a folder, not entered; a link to a folder inside ``root`` is not
    entered either (its files are walked where they are). A folder named like a record file
    (``x.json``) is yielded as a file, so that reading it says what it is; a folder inside
    that cannot be listed is yielded refused, with the reason. Stops after ``limit`` files.
    """
    found = 0
    on_disk = isinstance(root, os.PathLike)
    inside = _resolved(root) if on_disk else None
    stack: list[tuple[str, Traversable]] = [("", root)]
    while stack:
        prefix, node = stack.pop()
        folders: list[tuple[str, Traversable]] = []
        try:
            listing = _listing(node, on_disk)
        except OSError as exc:
            if not prefix:
                raise  # the folder given: the caller says it cannot be read
            # a folder inside that cannot be listed (no permission): refused, not a traceback
            yield prefix.rstrip("/"), node, f"cannot list the folder: {exc.strerror or exc}"
            found += 1
            if limit is not None and found >= limit:
                return
            continue
        for name, item, kind in listing:
            if kind.startswith("link") and links_outside(item, inside):  # type: ignore[arg-type]
                entry: Entry = (prefix + name, item, _outside(item, inside))  # type: ignore[arg-type]
            elif kind == "dir" and not name.endswith(".json"):
                if not name.startswith(".") and name != "__pycache__":
                    folders.append((f"{prefix}{name}/", item))
                continue
            elif kind == "link-dir":
                continue
            else:
                entry = (prefix + name, item, None)
            yield entry
            found += 1
            if limit is not None and found >= limit:
                return
        stack.extend(reversed(folders))


def _resolved(root: Traversable) -> Path:
    from pathlib import Path

    return Path(os.fspath(root)).resolve()  # type: ignore[call-overload]


def _listing(folder: Traversable, on_disk: bool) -> list[tuple[str, Traversable, str]]:
    """``(name, item, kind)`` of a folder's entries in name order; kind is ``file``, ``dir``,
    ``link`` (a symbolic link, on disk) or ``link-dir`` (a link to a folder inside)."""
    if not on_disk:  # a zipped install: no links
        items = sorted(folder.iterdir(), key=lambda t: t.name)
        return [(i.name, i, "dir" if i.is_dir() else "file") for i in items]
    from pathlib import Path

    listed: list[tuple[str, Traversable, str]] = []
    with os.scandir(os.fspath(folder)) as entries:  # type: ignore[call-overload]
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_symlink():
                try:
                    kind = "link-dir" if entry.is_dir() else "link"
                except OSError:  # a loop of links
                    kind = "link"
            else:
                kind = "dir" if entry.is_dir(follow_symlinks=False) else "file"
            listed.append((entry.name, Path(entry.path), kind))
    return listed


def _outside(link: Path, root: Path) -> str:
    from .._model.text import one_line

    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    shown = os.fsencode(target).decode("utf-8", "backslashreplace")
    return one_line(
        f"a symbolic link to {shown}, outside the folder given ({root}); "
        "links out of a folder are never followed"
    )


def record_files(root: Traversable) -> Iterator[tuple[str, str, Traversable]]:
    """Yield ``(collection, record type, file)`` for every ``<collection>/*.json`` under ``root``.

    Collections come in dependency order (sources first), files in name order; folders that
    are not collections are ignored. A record file that is a link out of ``root`` raises
    :class:`LinkOutside` naming it.
    """
    by_collection: dict[str, list[tuple[str, Traversable]]] = {c: [] for c in COLLECTION_TYPES}
    for name, item, refused in walk(root):
        collection, _, rest = name.partition("/")
        if refused is not None and collection in by_collection:
            raise LinkOutside(f"{root}/{name}: {refused}")
        if collection not in by_collection or "/" in rest or not rest.endswith(".json"):
            continue
        by_collection[collection].append((rest, item))
    for collection, files in by_collection.items():
        for _, item in sorted(files, key=lambda f: f[0]):
            yield collection, COLLECTION_TYPES[collection], item


def links_outside(path: Path, root: Path) -> bool:
    """Whether ``path``, inside the folder ``root``, is a symbolic link leading out of it.

    ``path`` or any folder between it and ``root`` may be the link; ``root`` must be resolved.
    A link that cannot be resolved (a loop) counts as leading out.
    """
    try:
        return not path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return True
