"""JSON Lines: one record per line, parsed fast and as strictly as a record file.

Lines are parsed with orjson. Whatever orjson refuses, and any line where its answer could
differ from the strict reference parser (:func:`._jsonio.parse_json`), is parsed again by the
reference, which gives the verdict and the message: a line that may hide a duplicate key (its
colon count differs from the re-encoded record's; orjson keeps the last value silently), one
with a colon written as ``\\u003a``, one with a number of 19 digits or more (orjson reads those
as floats) and one starting with a byte-order mark.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import orjson

from ._jsonio import parse_json
from ._model import COLLECTION_TYPES, RECORD_CLASSES

__all__ = ["is_json_lines", "lines", "parse_line", "type_from_name"]

# Digits to "0", every other byte to " ": nineteen "0"s in a row mark a long number.
# bytes.translate and ``in`` cost far less than a regular expression search.
_DIGITS = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_LONG_NUMBER = b"0" * 19
_BOM = b"\xef\xbb\xbf"


def is_json_lines(path: str | os.PathLike[str]) -> bool:
    """Whether a path names a JSON Lines file (``.jsonl`` or ``.ndjson``)."""
    return os.fspath(path).endswith((".jsonl", ".ndjson"))


def type_from_name(path: str | os.PathLike[str]) -> str | None:
    """The record type a JSON Lines file's name gives (``events.jsonl``, ``event.jsonl``)."""
    stem = os.path.basename(os.fspath(path)).split(".")[0]
    if stem in COLLECTION_TYPES:
        return COLLECTION_TYPES[stem]
    return stem if stem in RECORD_CLASSES else None


def parse_line(raw: bytes) -> Any:
    """Parse one line (without its newline) as :func:`._jsonio.parse_json` would, but faster.

    Raises :class:`._jsonio.JSONInputError` exactly when the reference parser does.
    """
    if raw.startswith(_BOM) or b"\\u003" in raw or _LONG_NUMBER in raw.translate(_DIGITS):
        return parse_json(raw)
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return parse_json(raw)
    # A duplicate key leaves the parsed record with fewer keys, so fewer colons, than the text.
    if raw.count(b":") != orjson.dumps(document).count(b":"):
        return parse_json(raw)
    return document


def lines(
    path: str | os.PathLike[str], start: int = 0, end: int | None = None, first_line: int = 1
) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line number, line without its newline)`` for the non-blank lines of a file.

    ``start``..``end`` is a byte range that begins at a line, whose first line has number
    ``first_line``.
    """
    with open(path, "rb") as handle:
        handle.seek(start)
        position, number = start, first_line
        for raw in handle:
            if end is not None and position >= end:
                break
            position += len(raw)
            stripped = raw.rstrip(b"\r\n")
            if stripped.strip():
                yield number, stripped
            number += 1
