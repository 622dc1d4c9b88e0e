"""JSON Lines: one record per line.

The names of JSON Lines files and the reading of their lines; each line is then parsed like a
record file, by :func:`._jsonio.parse_json`, under the same limits.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator

from .._model.records import COLLECTION_TYPES, RECORD_CLASSES
from .limits import MAX_FILE_BYTES

__all__ = ["is_json_lines", "lines", "type_from_name"]

_BLANK = b" \t\r"  # what JSON takes for white space on a line (a line holding only this is skipped)


def is_json_lines(path: str | os.PathLike[str]) -> bool:
    """Whether a path names a JSON Lines file (``.jsonl`` or ``.ndjson``)."""
    return os.fspath(path).endswith((".jsonl", ".ndjson"))


def type_from_name(path: str | os.PathLike[str]) -> str | None:
    """The record type a JSON Lines file's name gives (``events.jsonl``, ``event.jsonl``)."""
    stem = os.path.basename(os.fspath(path)).split(".")[0]
    if stem in COLLECTION_TYPES:
        return COLLECTION_TYPES[stem]
    return stem if stem in RECORD_CLASSES else None


def lines(
    path: str | os.PathLike[str],
    start: int = 0,
    end: int | None = None,
    first_line: int = 1,
    block: int = 1 << 20,
) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line number, line without its newline)`` for the non-blank lines of a file.

    ``start``..``end`` is a byte range that begins and ends at a line boundary, whose first
    line has number ``first_line``. The file is read ``block`` bytes at a time.
    """
    # Opened without blocking and checked: a named pipe or a device is an error, not a hang.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a folder, pipe or device)", path)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        handle.seek(start)
        remaining = -1 if end is None else end - start
        # The blocks of a line not ended yet, joined once when it ends; past the file size
        # limit the rest is dropped, so the parser refuses the line unread.
        number, pending, size = first_line, [], 0
        while remaining:
            data = handle.read(block if remaining < 0 else min(block, remaining))
            if not data:
                break
            remaining -= len(data) if remaining > 0 else 0
            if b"\n" not in data:
                if size <= MAX_FILE_BYTES:
                    pending.append(data)
                    size += len(data)
                continue
            found = data.split(b"\n")
            if pending:
                found[0] = b"".join((*pending, found[0]))[: MAX_FILE_BYTES + 1]
            pending = [found.pop()]
            size = len(pending[0])
            for raw in found:
                if raw.strip(_BLANK):
                    yield number, raw.rstrip(b"\r")
                number += 1
        tail = b"".join(pending)
        if tail.strip(_BLANK):
            yield number, tail.rstrip(b"\r")
