"""Atomic writes: an output appears whole or not at all, and never half-overwrites a previous one.

Every file the library writes goes through here: the exports, the release manifest and the
data bundle.

A file is written to a temporary file in the destination folder and moved over the output with
:func:`os.replace`; a folder of files is written to a temporary folder beside the output and
swapped in. On any error the temporary file or folder is removed and the previous output is
left as it was. Every :class:`OSError` becomes an :class:`~libya_conflict.ExportError` naming
the output.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .exceptions import ExportError

__all__ = ["atomic_file", "atomic_folder"]


def _parent(output: Path) -> Path:
    parent = output.parent
    if not parent.is_dir():
        raise ExportError(f"{output}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"{output}: the folder {parent} is not writable")
    return parent


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextmanager
def atomic_file(output: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``output``; on success move it over ``output``."""
    if output.is_dir():
        raise ExportError(f"{output}: is a folder; this format writes one file")
    parent = _parent(output)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise ExportError(f"{output}: cannot write in {parent}: {_reason(exc)}") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"{output}: cannot write: {_reason(exc)}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(output: Path, owned: tuple[str, ...]) -> Iterator[Path]:
    """Yield a temporary folder beside ``output``; on success swap it in for ``output``.

    An existing ``output`` is replaced only if it is a folder holding nothing but files whose
    names end with one of ``owned`` (a previous export); anything else is refused, so an export
    never deletes a user's files.
    """
    if output.exists():
        if not output.is_dir():
            raise ExportError(f"{output}: is a file; this format writes a folder")
        foreign = sorted(p.name for p in output.iterdir() if not p.name.endswith(owned))
        if foreign:
            raise ExportError(
                f"{output}: the folder holds files this export did not write "
                f"({', '.join(foreign[:3])}); choose a new or empty folder"
            )
    parent = _parent(output)
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise ExportError(f"{output}: cannot write in {parent}: {_reason(exc)}") from None
    try:
        yield temporary
        os.chmod(temporary, 0o755)
        if output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".old", dir=parent))
            os.replace(output, old / output.name)
            try:
                os.replace(temporary, output)
            except OSError:
                os.replace(old / output.name, output)  # put the previous export back
                raise
            finally:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(temporary, output)
    except OSError as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        raise ExportError(f"{output}: cannot write: {_reason(exc)}") from None
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
