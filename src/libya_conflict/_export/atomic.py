"""Atomic writes: an output appears whole or not at all, and never half-overwrites a previous one.

Every file the library writes goes through here: the exports, the release manifest and the
data bundle.

A file is written to a temporary file in the destination folder and moved over the output with
:func:`os.replace`; a folder of files is written to a temporary folder beside the output and
swapped in. Before the move the new data is flushed to disk (:func:`os.fsync` of every file
written, and of the folder after the move where the system allows it), so a crash or power cut
leaves the previous output or the new one, not an empty file. The output gets the permissions
any new file gets, ``0o666`` (a folder ``0o777``) less the process's umask, not the private
``0o600`` of a temporary file.

An output replaces only what the library wrote: a file output is never a symbolic link, a
device, a pipe or anything but a regular file (or nothing yet); a folder output is new, empty,
or a previous export, marked by the manifest of its files, :data:`OWNED_MARKER`, that every
folder export writes: a folder holding any file that manifest does not list is refused, so an
export never deletes a user's files. Links are never followed to the output.

On any error the temporary file or folder is removed and the previous output is left as it
was. The previous output is never deleted before the new one is in its place: if a folder
swap fails and the previous folder cannot be put back either, both are left where they are and
the error says where. Every :class:`OSError` becomes an :class:`~libya_conflict.ExportError`
naming the output.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..exceptions import ExportError

__all__ = ["OWNED_MARKER", "atomic_file", "atomic_folder"]

OWNED_MARKER = ".libya-conflict-export.json"
"""The manifest a folder export writes into its folder: the files it wrote. A later export
replaces the folder only if it holds no other file."""

_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process's umask, read without changing it where the system says (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:  # elsewhere the only way to read it is to set it, and set it back
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _sync(path: Path) -> None:
    """Flush a file's data to disk; an error is an :class:`OSError`, as for the write."""
    fd = os.open(path, os.O_RDONLY if os.name == "posix" else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the names moved into it) to disk, where the system allows.

    Windows cannot open a folder, and some file systems refuse to sync one: the rename is
    done either way, so this is best effort.
    """
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _sync_tree(folder: Path) -> None:
    """Flush every file under ``folder``, then the folders themselves."""
    for root, _, files in os.walk(folder):
        for name in files:
            _sync(Path(root, name))
        _sync_folder(Path(root))


def _parent(output: Path) -> Path:
    parent = output.parent
    if not parent.is_dir():
        raise ExportError(f"{output}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"{output}: the folder {parent} is not writable")
    return parent


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _existing(output: Path) -> os.stat_result | None:
    """What is at ``output`` (the link itself, not followed), or ``None``; a symbolic link is
    refused."""
    try:
        info = os.lstat(output)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ExportError(f"{output}: cannot look at the output: {_reason(exc)}") from None
    if stat.S_ISLNK(info.st_mode):
        raise ExportError(
            f"{output}: is a symbolic link; an export never writes through a link: give the "
            "real path"
        )
    return info


@contextmanager
def atomic_file(output: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``output``; on success move it over ``output``.

    ``output`` must be a regular file or not exist: a folder, a link, a device or a pipe is
    refused (:class:`~libya_conflict.ExportError`) and left alone.
    """
    info = _existing(output)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ExportError(f"{output}: is a folder; this format writes one file")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ExportError(
            f"{output}: is not a regular file (a device, a pipe or a socket); an export "
            "replaces only a file"
        )
    parent = _parent(output)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise ExportError(f"{output}: cannot write in {parent}: {_reason(exc)}") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _sync(temporary)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"{output}: cannot write: {_reason(exc)}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(parent)


@contextmanager
def atomic_folder(output: Path, owned: tuple[str, ...]) -> Iterator[Path]:
    """Yield a temporary folder beside ``output``; on success swap it in for ``output``.

    An existing ``output`` is replaced only if it is an empty folder or a previous export: its
    :data:`OWNED_MARKER` lists every file it holds, each a regular file whose name ends with
    one of ``owned``. Anything else is refused, so an export never deletes a user's files. The
    folder written holds :data:`OWNED_MARKER`, listing its files.
    """
    info = _existing(output)
    if info is not None:
        if not stat.S_ISDIR(info.st_mode):
            raise ExportError(f"{output}: is a file; this format writes a folder")
        _check_owned(output, owned)
    parent = _parent(output)
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise ExportError(f"{output}: cannot write in {parent}: {_reason(exc)}") from None
    try:
        yield temporary
        written = sorted(p.name for p in temporary.iterdir())
        marker = {"written_by": "libya-conflict export", "files": written}
        (temporary / OWNED_MARKER).write_text(json.dumps(marker, indent=1) + "\n", "utf-8")
        _sync_tree(temporary)
        os.chmod(temporary, 0o777 & ~_umask())
        if output.exists():
            _swap(temporary, output, parent)
        else:
            os.replace(temporary, output)
    except OSError as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        raise ExportError(f"{output}: cannot write: {_reason(exc)}") from None
    except _Stranded:
        raise  # both folders are kept: the message says where
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    _sync_folder(parent)


def _check_owned(output: Path, owned: tuple[str, ...]) -> None:
    """Refuse a folder that is neither empty nor a previous export holding only its files."""
    try:
        present = sorted(p.name for p in output.iterdir())
    except OSError as exc:
        raise ExportError(f"{output}: cannot list the folder: {_reason(exc)}") from None
    if not present:
        return
    listed: set[str] = set()
    if OWNED_MARKER in present:
        try:
            from .._loading.jsonio import parse_json, read_bytes

            marker = parse_json(read_bytes(str(output / OWNED_MARKER)))
            listed = {str(name) for name in marker["files"]}
        except (OSError, ValueError, KeyError, TypeError):
            listed = set()
    foreign = [
        name
        for name in present
        if name != OWNED_MARKER
        and not (name in listed and name.endswith(owned) and _regular(output / name))
    ]
    if foreign or OWNED_MARKER not in present:
        from .._model.text import one_line

        shown = one_line(", ".join((foreign or present)[:3]))
        raise ExportError(
            f"{output}: the folder holds files this export did not write ({shown}); "
            "choose a new or empty folder"
        )


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


class _Stranded(ExportError):
    """A folder swap failed half way: the previous output could not be put back."""


def _swap(new: Path, output: Path, parent: Path) -> None:
    """Move the folder ``new`` in for the folder ``output``, whose previous content is deleted
    only once ``new`` is in its place."""
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".old", dir=parent))
    previous = old / output.name
    os.replace(output, previous)
    try:
        os.replace(new, output)
    except OSError as exc:
        try:
            os.replace(previous, output)  # put the previous export back
        except OSError as again:
            raise _Stranded(
                f"{output}: cannot write: {_reason(exc)}; the previous output could not be put "
                f"back ({_reason(again)}) and is now at {previous}; the new one is at {new}"
            ) from None
        with contextlib.suppress(OSError):
            os.rmdir(old)  # empty again; rmdir never removes anything but an empty folder
        raise
    shutil.rmtree(old, ignore_errors=True)  # the previous export, replaced
