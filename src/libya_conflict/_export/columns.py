"""The shapes every tabular export shares: columns, foreign keys, tables, and cells.

A leaf of :mod:`._export`: :mod:`.tables` and :mod:`.acled` build tables of these.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from .._loading.converter import to_json
from .._model.dates import PartialDate, Period
from .._model.records import Record

__all__ = [
    "BOUNDS",
    "Column",
    "ForeignKey",
    "Table",
    "bound",
    "cell_json",
    "col",
    "is_dated",
    "plain_record",
]


@attrs.frozen
class ForeignKey:
    """``column`` holds IDs of the ``table``'s primary key."""

    column: str
    table: str


@attrs.frozen(kw_only=True)
class Column:
    """A column: its name, Frictionless type and what it holds.

    ``type`` is one of ``string``, ``integer``, ``number``, ``boolean``, ``array`` or
    ``object`` (JSON-encoded in text formats), as in the Frictionless Table Schema.
    """

    name: str
    type: str
    description: str


@attrs.frozen(kw_only=True)
class Table:
    """A table of the export: name, columns, rows, primary key and foreign keys."""

    name: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()


def plain_record(record: Record) -> dict[str, Any]:
    """The record as in its JSON file, with plain ``str``/``int``/``float``/list/dict values."""
    document: dict[str, Any] = json.loads(json.dumps(to_json(record)))
    return document


def cell_json(value: Any) -> str:
    """JSON text for an array or object cell: compact, keys in the record file's order."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def col(name: str, type_: str, description: str) -> Column:
    """A :class:`Column`, shortly."""
    return Column(name=name, type=type_, description=description)


BOUNDS = ("earliest", "latest")
"""The suffixes of the two day columns beside each partial date and period."""


def is_dated(hint: Any) -> bool:
    """Whether a field's type hint is a partial date or a period (optional or not)."""
    return hint in (PartialDate, Period) or any(
        a in (PartialDate, Period) for a in getattr(hint, "__args__", ())
    )


def bound(value: PartialDate | Period | None, which: str) -> str | None:
    """The ``earliest`` or ``latest`` day ``value`` allows, ISO text; ``None`` when unknown.

    ``2019`` allows 2019-01-01 to 2019-12-31; a period ``2014-05/..`` has no latest day (it is
    open) and ``/2011`` no earliest (its start is unknown).
    """
    day = getattr(value, which) if value is not None else None
    return day.isoformat() if day is not None else None
