"""Where the bundled schemas and data live, in a wheel and in a source checkout.

In an installed wheel they are ``libya_conflict/data`` and ``libya_conflict/schemas`` inside the
package, read through :mod:`importlib.resources`. In a source checkout or an editable install
the package has no copy, and the live top-level ``data/`` and ``schemas/`` folders beside
``src/`` are read instead.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .exceptions import BundleError

__all__ = ["bundle_folder"]


@functools.cache
def bundle_folder(kind: str) -> Traversable:
    """Return the bundled ``"data"`` or ``"schemas"`` folder.

    Raises :class:`~libya_conflict.BundleError` when neither the package nor the checkout
    holds it.
    """
    packaged = files(__package__) / kind
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / kind).is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout / kind
    raise BundleError(f"the bundled {kind!r} folder is missing from the libya_conflict install")
