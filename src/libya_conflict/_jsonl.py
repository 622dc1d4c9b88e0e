"""JSON Lines: one record per line, parsed fast and as strictly as a record file.

Lines are parsed with orjson. Whatever orjson refuses, and any line where its answer could
differ from the strict reference parser (:func:`._jsonio.parse_json`), is parsed again by the
reference, which gives the verdict and the message: a line that may hide a duplicate key (its
colon count differs from the re-encoded record's; orjson keeps the last value silently), one
with a colon written as ``\\u003a``, one with a run of 19 digits or more (orjson reads an
integer beyond 64 bits as a float) or a number written with more than 40 characters, and one
starting with a byte-order mark. :func:`parse_strict` adds the structural limits.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import orjson

from ._jsonio import parse_json, within_limits
from ._limits import (
    MAX_ARRAY_ITEMS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NUMBER_CHARS,
    MAX_OBJECT_MEMBERS,
    MAX_STRING_CHARS,
)
from ._model import COLLECTION_TYPES, RECORD_CLASSES

__all__ = [
    "fits_limits",
    "is_json_lines",
    "lines",
    "parse_line",
    "parse_strict",
    "type_from_name",
]

# Digits to "0", every other byte to " ": nineteen "0"s in a row mark a long number.
# bytes.translate and ``in`` cost far less than a regular expression search.
_DIGITS = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_LONG_NUMBER = b"0" * 19
# A number written with more characters than the limit (``-3.2...e-0...1``, few digits in a
# row): a run that long of the characters numbers are written with.
_OVERLONG_NUMBER = re.compile(rb"[-+.0-9eE]{%d}" % (MAX_NUMBER_CHARS + 1))
_BOM = b"\xef\xbb\xbf"
_BLANK = b" \t\r"  # what JSON takes for white space on a line (a line holding only this is skipped)
# Every byte but the ones that open arrays and objects, separate items and follow keys.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b"[{,:")


def is_json_lines(path: str | os.PathLike[str]) -> bool:
    """Whether a path names a JSON Lines file (``.jsonl`` or ``.ndjson``)."""
    return os.fspath(path).endswith((".jsonl", ".ndjson"))


def type_from_name(path: str | os.PathLike[str]) -> str | None:
    """The record type a JSON Lines file's name gives (``events.jsonl``, ``event.jsonl``)."""
    stem = os.path.basename(os.fspath(path)).split(".")[0]
    if stem in COLLECTION_TYPES:
        return COLLECTION_TYPES[stem]
    return stem if stem in RECORD_CLASSES else None


REFER = object()
"""What :func:`parse_line_fast` returns when the strict reference parser must decide."""


def has_long_number(raw: bytes) -> bool:
    """Whether a text may hold a number orjson and the strict parser read differently.

    A run of 19 digits or more (orjson reads some of those as floats, the strict parser as
    integers), or a number written with more characters than :data:`MAX_NUMBER_CHARS`, which
    the strict parser refuses. Either may also be text inside a string: then the strict
    parser is asked for nothing.
    """
    return _LONG_NUMBER in raw.translate(_DIGITS) or bool(_OVERLONG_NUMBER.search(raw))


def parse_line_fast(raw: bytes) -> Any:
    """orjson's parse of a line, or :data:`REFER` where the reference parser may differ.

    It differs on a line that starts with a byte-order mark, one that writes a colon as
    ``\\u003a`` (the duplicate-key test below counts colons), one with a duplicate key
    (orjson keeps the last value silently; the parsed record then has fewer keys, so fewer
    colons, than the text) and one orjson refuses. Long numbers are not looked at: check them
    with :func:`has_long_number`, or make sure every number was read as an ``int`` where the
    reference reads one.
    """
    if raw.startswith(_BOM) or (b"\\" in raw and b"\\u003" in raw):
        return REFER
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return REFER
    try:
        written = orjson.dumps(document)
    except TypeError:  # nested deeper than orjson writes (it reads deeper than it writes)
        return REFER
    if raw.count(b":") != written.count(b":"):
        return REFER
    return document


def parse_line(raw: bytes, *, check_numbers: bool = True) -> Any:
    """Parse one line (without its newline) as :func:`._jsonio.parse_json` would, but faster.

    Raises :class:`._jsonio.JSONInputError` exactly when the reference parser does, except
    for the structural limits, which it does not check (:func:`parse_strict` does). With
    ``check_numbers=False`` long numbers are not looked for: the caller refuses the document if
    orjson read one as a float where an integer belongs, and parses it again with the default.
    """
    document = REFER if check_numbers and has_long_number(raw) else parse_line_fast(raw)
    return parse_json(raw) if document is REFER else document


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def parse_strict(data: bytes, *, check_numbers: bool = True, check_limits: bool = True) -> Any:
    """Parse a record file as :func:`._jsonio.parse_json` does, under its limits, but faster.

    The same document, or the same :class:`._jsonio.JSONInputError`: orjson parses (see
    :func:`parse_line`) and the structural limits are checked on what it gives
    (:func:`fits_limits`); a file that breaks a limit is handed to ``parse_json`` for the
    message. With ``check_numbers=False`` long numbers are not looked for, with
    ``check_limits=False`` nor are the limits: the caller checks what it relies on (an integer
    orjson read as a float, a limit its record's shape does not rule out) and parses the text
    again with the defaults when in doubt.
    """
    if len(data) <= MAX_FILE_BYTES:
        document = parse_line(data, check_numbers=check_numbers)
        if not check_limits or fits_limits(data, document):
            return document
    return parse_json(data)


def fits_limits(data: bytes, document: Any) -> bool:
    """Whether a JSON text, parsed as ``document``, is within the structural limits.

    A text that escapes a surrogate is left to the strict parser as well.
    """
    fits = _too_small_to_exceed(data) or within_limits(document, 1)
    return fits and not (b"\\" in data and _SURROGATE_ESCAPE.search(data))


def _too_small_to_exceed(data: bytes) -> bool:
    """Whether a JSON text is too small to break a structural limit, counting its bytes.

    A string has no more characters than bytes, an object no more members than the text has
    colons, an array no more items than commas plus one, and nesting is no deeper than the
    number of brackets and braces: a typical record passes without walking it.
    """
    if len(data) > MAX_STRING_CHARS:
        return False
    marks = data.translate(None, _NOT_STRUCTURE)  # one pass; the rest count a few bytes
    return (
        marks.count(b":") <= MAX_OBJECT_MEMBERS
        and marks.count(b",") < MAX_ARRAY_ITEMS
        and marks.count(b"{") + marks.count(b"[") <= MAX_DEPTH
    )


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
    with open(path, "rb") as handle:
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
