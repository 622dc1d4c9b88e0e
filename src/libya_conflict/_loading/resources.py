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
    "LinkOutside",
    "bundle_folder",
    "bundle_path",
    "bundle_root",
    "holds_collections",
    "links_outside",
    "record_files",
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


def record_files(root: Traversable) -> Iterator[tuple[str, str, Traversable]]:
    """Yield ``(collection, record type, file)`` for every ``<collection>/*.json`` under ``root``.

    The one walker of a data folder's record files. Collections come in dependency order
    (sources first), files in name order; folders that are not collections are ignored. On
    disk, a file or collection folder that is a symbolic link leading out of ``root`` raises
    :class:`LinkOutside` naming it.
    """
    from pathlib import Path

    inside = Path(root).resolve() if isinstance(root, os.PathLike) else None
    for collection, record_type in COLLECTION_TYPES.items():
        folder = root / collection
        if not folder.is_dir():
            continue
        for item in sorted(folder.iterdir(), key=lambda t: t.name):
            if not item.name.endswith(".json"):
                continue
            if inside is not None:
                path = Path(os.fspath(item))  # type: ignore[call-overload]
                if (path.parent.is_symlink() or path.is_symlink()) and links_outside(path, inside):
                    raise LinkOutside(
                        f"{root}/{collection}/{item.name}: a symbolic link to a file outside "
                        "the data folder; links out of the folder are never followed"
                    )
            yield collection, record_type, item


def links_outside(path: Path, root: Path) -> bool:
    """Whether ``path``, inside the folder ``root``, is a symbolic link leading out of it.

    ``path`` or any folder between it and ``root`` may be the link; ``root`` must be resolved.
    A link that cannot be resolved (a loop) counts as leading out.
    """
    try:
        return not path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return True
