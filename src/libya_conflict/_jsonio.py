"""Strict JSON reading: the first layer of validation, shared by loading and validating.

Python's :func:`json.loads` accepts things a portable JSON record must not contain: duplicate
keys (the last one silently wins), ``NaN`` and ``Infinity``. It also fails with a bare
:class:`RecursionError` on deep nesting and a :class:`UnicodeDecodeError` on bad bytes.
:func:`parse_json` turns every one of these into a :class:`JSONInputError` with a message and a
line and column.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_FILE_BYTES", "JSONInputError", "parse_json"]

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Files larger than this (10 MiB) are refused before they are parsed."""


class JSONInputError(ValueError):
    """A file is not strict, portable JSON. ``line`` and ``column`` are 1-based."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


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


def parse_json(data: bytes) -> Any:
    """Parse one JSON document from bytes, strictly.

    Raises :class:`JSONInputError` for: more than :data:`MAX_FILE_BYTES`; an empty file; bytes
    that are not UTF-8; malformed or truncated JSON; a duplicate key in one object; ``NaN``,
    ``Infinity`` or ``-Infinity``; nesting too deep to parse.
    """
    line: int | None
    column: int | None
    if len(data) > MAX_FILE_BYTES:
        raise JSONInputError(f"file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit")
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
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_reject_constant)
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
    except RecursionError:
        line, column = _deepest(text)
        raise JSONInputError("nesting is too deep to parse", line, column) from None


def _find_second_key(text: str, key: str) -> tuple[int | None, int | None]:
    pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:")
    matches = list(pattern.finditer(text))
    if len(matches) >= 2:
        return _position(text, matches[1].start())
    return None, None


def _deepest(text: str, limit: int = 500) -> tuple[int | None, int | None]:
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
