"""Strict JSON reading: the first layer of validation, shared by loading and validating.

Python's :func:`json.loads` accepts things a portable JSON record must not contain: duplicate
keys (the last one silently wins), ``NaN`` and ``Infinity``, numbers that overflow to infinity
(``1e999``), and escapes of lone surrogates (``"\\ud800"``, not a character). It also fails with a
bare :class:`RecursionError` on deep nesting, a :class:`ValueError` on an integer of more than
4,300 digits and a :class:`UnicodeDecodeError` on bad bytes. :func:`parse_json` turns every one
of these into a :class:`JSONInputError` with a message and a line and column (or a JSON
pointer), and enforces the limits of :mod:`._limits`; :func:`read_bytes` reads a file under the
size limit without reading a larger one whole.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .limits import (
    MAX_ARRAY_ITEMS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NUMBER_CHARS,
    MAX_OBJECT_MEMBERS,
    MAX_STRING_CHARS,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable  # 5 ms to import: types only

__all__ = [
    "MAX_FILE_BYTES",
    "JSONInputError",
    "LimitExceeded",
    "json_pointer",
    "parse_json",
    "read_bytes",
    "read_trusted",
    "within_limits",
]


class JSONInputError(ValueError):
    """A file is not strict, portable JSON. ``line`` and ``column`` are 1-based.

    ``pointer`` is the JSON pointer of the offending value where the position is known only
    in the parsed document, and ``record`` the document's ``id`` then; ``code`` is the problem
    code a validation report gives it.
    """

    code = "json"

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        pointer: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.pointer = pointer
        self.record: str | None = None


class LimitExceeded(JSONInputError):
    """A file is beyond one of the limits of :mod:`libya_conflict._limits`."""

    code = "limit"


_MIB = 1024 * 1024


def _too_big(size: int | None) -> LimitExceeded:
    shown = f" ({size:,} bytes)" if size is not None else ""
    return LimitExceeded(f"file is larger than the {MAX_FILE_BYTES // _MIB} MiB limit{shown}")


_NONBLOCKING_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(resource: Traversable | str) -> bytes:
    """Read a record file, refusing one over :data:`MAX_FILE_BYTES` before reading it.

    A file on disk is opened without blocking and checked with ``fstat``: anything but a
    regular file (a folder, a named pipe, a device) raises :class:`OSError` instead of hanging,
    and a file whose size is over the limit raises :class:`LimitExceeded` unread. The read is
    bounded as well, so a file that grows meanwhile is still never read whole.
    """
    if isinstance(resource, str | os.PathLike):  # a file on disk (a zipped install's is not)
        fd = os.open(resource, _NONBLOCKING_OPEN)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise OSError(errno.EINVAL, "not a regular file (a folder, pipe or device)")
            if info.st_size > MAX_FILE_BYTES:
                raise _too_big(info.st_size)
            return _read_to_end(fd, info.st_size)
        finally:
            os.close(fd)
    with resource.open("rb") as handle:
        return _bounded(handle.read(MAX_FILE_BYTES + 1))


def _bounded(data: bytes) -> bytes:
    """``data``, unless it is over :data:`MAX_FILE_BYTES`."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(None)
    return data


def read_trusted(resource: Traversable | str) -> bytes:
    """Read a file the release checked (a bundled record): no ``fstat``, which would cost
    ``load()`` more than reading does; the read is bounded all the same."""
    if not isinstance(resource, str):  # a zipped install
        with resource.open("rb") as handle:
            return _bounded(handle.read(MAX_FILE_BYTES + 1))
    fd = os.open(resource, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        return _read_to_end(fd, None)
    finally:
        os.close(fd)


def _read_to_end(fd: int, expected: int | None) -> bytes:
    """An open file's bytes to its end, refusing more than :data:`MAX_FILE_BYTES`.

    The first read asks for the ``expected`` size (``None``: unknown) and one byte more, so a
    small file costs no large buffer, and reading stops as soon as exactly that size has come
    (a file that grows after that is read as it was). The bytes may take more than one read (a
    network file system, a signal) and may go past the expected size (a file that grew before
    the first read): then reading goes on to the end, and never more than the limit and one
    byte is read.
    """
    parts: list[bytes] = []
    size = 0
    while size <= MAX_FILE_BYTES:
        wanted = expected + 1 - size if expected is not None and size <= expected else 1 << 16
        part = os.read(fd, min(wanted, MAX_FILE_BYTES + 1 - size))
        if not part:
            break
        if len(part) == expected and not parts:  # the usual case: all of it in the first read
            return part
        parts.append(part)
        size += len(part)
        if size == expected:  # all of it: a read to see the end would cost a system call
            break
    return _bounded(b"".join(parts))


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


class _Constant(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _reject_constant(name: str) -> Any:
    raise _Constant(name)


class _BadNumber(Exception):
    def __init__(self, literal: str, message: str, error: type[JSONInputError]) -> None:
        self.literal = literal
        self.message = message
        self.error = error


def _long_number(literal: str) -> _BadNumber:
    return _BadNumber(
        literal,
        f"a number of {len(literal):,} characters is longer than the limit of {MAX_NUMBER_CHARS}",
        LimitExceeded,
    )


def _parse_int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_CHARS:
        raise _long_number(literal)
    return int(literal)


def _parse_float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_CHARS:
        raise _long_number(literal)
    value = float(literal)
    if not math.isfinite(value):
        message = f"{literal} is too large for a JSON number (it overflows)"
        raise _BadNumber(literal, message, JSONInputError)
    return value


# A \uD800-\uDFFF escape; only when one occurs are the parsed strings checked for lone ones.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def parse_json(data: bytes) -> Any:
    """Parse one JSON document from bytes, strictly and under the limits of :mod:`._limits`.

    Raises :class:`JSONInputError` for: an empty file; bytes that are not UTF-8; a byte-order
    mark; malformed or truncated JSON; a duplicate key in one object; ``NaN``, ``Infinity``,
    ``-Infinity`` or a number that overflows; an escaped lone surrogate. Raises its subclass
    :class:`LimitExceeded` for more than :data:`MAX_FILE_BYTES`, a number, string, array or
    object over its limit, or nesting deeper than :data:`MAX_DEPTH`.
    """
    line: int | None
    column: int | None
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data[: exc.start].decode("utf-8", "replace"), exc.start)
        raise JSONInputError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} cannot start or continue a character",
            line,
            column,
        ) from None
    if text.startswith("\ufeff"):
        raise JSONInputError(
            "the file starts with a byte-order mark; save it as UTF-8 without BOM", 1, 1
        )
    if not text.strip():
        raise JSONInputError("the file is empty; a record is one JSON object")
    try:
        document = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as exc:
        raise JSONInputError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except _Duplicate as exc:
        line, column = _find_second_key(text, exc.key)
        raise JSONInputError(f"duplicate key {exc.key!r} in one object", line, column) from None
    except _Constant as exc:
        match = re.search(r"-?\b" + re.escape(exc.name.lstrip("-")) + r"\b", text)
        line, column = _position(text, match.start()) if match else (None, None)
        raise JSONInputError(
            f"{exc.name} is not valid JSON (JSON numbers are finite)", line, column
        ) from None
    except _BadNumber as exc:
        index = text.find(exc.literal)
        line, column = _position(text, index) if index >= 0 else (None, None)
        raise exc.error(exc.message, line, column) from None
    except RecursionError:
        raise _too_deep(text) from None
    if _SURROGATE_ESCAPE.search(text) or not (
        _too_small_to_exceed(data) or within_limits(document, 1)
    ):
        try:
            _check_structure(document, text)
        except JSONInputError as exc:
            found = document.get("id") if isinstance(document, dict) else None
            # Not an ID that is itself the trouble: too long, or a lone surrogate that no
            # output could print.
            usable = isinstance(found, str) and len(found) <= 200 and found.isprintable()
            exc.record = found if usable else None
            raise
    return document


# Every byte but the ones that open arrays and objects, separate items and follow keys.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b"[{,:")


def _too_small_to_exceed(data: bytes) -> bool:
    """Whether a JSON text is too small to break a structural limit, counting its bytes.

    A string has no more characters than the text has bytes, an object no more members than
    the text has colons, an array no more items than commas plus one, and nesting is no
    deeper than the number of brackets and braces: a typical record passes without a walk.
    """
    if len(data) > MAX_STRING_CHARS:
        return False
    marks = data.translate(None, _NOT_STRUCTURE)
    return (
        marks.count(b":") <= MAX_OBJECT_MEMBERS
        and marks.count(b",") < MAX_ARRAY_ITEMS
        and marks.count(b"{") + marks.count(b"[") <= MAX_DEPTH
    )


def within_limits(value: Any, depth: int) -> bool:
    """Whether ``value`` is within every structural limit: the fast check, without pointers.

    Recursive, but it stops at :data:`MAX_DEPTH`, so it never nests deeper than that.
    """
    kind = type(value)
    if kind is str:
        return len(value) <= MAX_STRING_CHARS
    if kind is dict:
        if depth > MAX_DEPTH or len(value) > MAX_OBJECT_MEMBERS:
            return False
        return all(
            len(key) <= MAX_STRING_CHARS and within_limits(item, depth + 1)
            for key, item in value.items()
        )
    if kind is list:
        if depth > MAX_DEPTH or len(value) > MAX_ARRAY_ITEMS:
            return False
        return all(within_limits(item, depth + 1) for item in value)
    return True


def _too_deep(text: str) -> LimitExceeded:
    line, column = _deepest(text, MAX_DEPTH + 1)
    return LimitExceeded(
        f"nesting is too deep: more than {MAX_DEPTH} levels of arrays and objects", line, column
    )


def json_pointer(path: Iterable[str | int]) -> str:
    """The JSON Pointer (RFC 6901) of a path of keys and indexes: ``("a/b", 0)`` is ``/a~1b/0``.

    The one escaper of the package: every pointer in a message or a report is written here.
    """
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _check_string(value: str, path: tuple[str | int, ...], what: str, surrogates: bool) -> None:
    if len(value) > MAX_STRING_CHARS:
        raise LimitExceeded(
            f"{what} of {len(value):,} characters is longer than the limit of {MAX_STRING_CHARS:,}",
            pointer=json_pointer(path),
        )
    if surrogates:
        for ch in value:
            if "\ud800" <= ch <= "\udfff":
                raise JSONInputError(
                    f"{what} holds the escape \\u{ord(ch):04x}, a lone surrogate and not a "
                    "character; write the character itself",
                    pointer=json_pointer(path),
                )


def _check_structure(document: Any, text: str) -> None:
    """Raise for the first value in ``document`` that breaks a limit or is a lone surrogate.

    The slow check, run when :func:`within_limits` fails or the text holds a surrogate escape: it
    finds the offending value's JSON pointer. Iterative, so it never recurses however deep the
    document; strings are searched for surrogates only when the text holds such an escape.
    """
    surrogates = bool(_SURROGATE_ESCAPE.search(text))
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(document, 1, ())]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, str):
            _check_string(value, path, "a string", surrogates)
        elif isinstance(value, dict | list) and depth > MAX_DEPTH:
            raise _too_deep(text)
        elif isinstance(value, dict):
            if len(value) > MAX_OBJECT_MEMBERS:
                raise LimitExceeded(
                    f"an object of {len(value):,} fields is over the limit of {MAX_OBJECT_MEMBERS}",
                    pointer=json_pointer(path),
                )
            for key, item in value.items():
                _check_string(key, path, "a field name", surrogates)
                if isinstance(item, str | dict | list):
                    stack.append((item, depth + 1, (*path, key)))
        elif isinstance(value, list):
            if len(value) > MAX_ARRAY_ITEMS:
                raise LimitExceeded(
                    f"an array of {len(value):,} items is over the limit of {MAX_ARRAY_ITEMS:,}",
                    pointer=json_pointer(path),
                )
            stack.extend(
                (item, depth + 1, (*path, i))
                for i, item in enumerate(value)
                if isinstance(item, str | dict | list)
            )


def _find_second_key(text: str, key: str) -> tuple[int | None, int | None]:
    pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:")
    matches = list(pattern.finditer(text))
    if len(matches) >= 2:
        return _position(text, matches[1].start())
    return None, None


def _deepest(text: str, limit: int) -> tuple[int | None, int | None]:
    """The position where brackets first nest ``limit`` deep (ignoring strings)."""
    depth = 0
    in_string = escaped = False
    for index, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth >= limit:
                return _position(text, index)
        elif ch in "]}":
            depth -= 1
    return None, None
