"""The tabular model shared by the CSV, SQLite, Parquet, Frictionless and pandas exports.

One table per collection, with one column per field of the record type in the schema's order.
A field that holds an array or object (``aliases``, ``citations``, ``participants``, ...) is one
cell holding the JSON the record file holds, so nothing is lost; a place's ``coordinates`` are
three columns (``latitude``, ``longitude``, ``coordinate_precision``); a partial date or period
(``date``, ``period``, ``founded`` ...) is followed by ``<field>_earliest`` and
``<field>_latest``, the first and last day it allows (``2019`` -> 2019-01-01 and 2019-12-31),
so that date filters keep an event dated ``2019`` in 2019-04. Child tables give the
arrays most often joined on their own rows:

- ``records``: every record's ID, collection and primary name (the target of references that
  may point to several collections, such as a relation's subject);
- ``names``: every name and alias of every record (``position`` 0 is the primary name);
- ``citations``: the citations of every record (those nested in strength estimates, denials and
  figures stay in their JSON cells);
- ``event_participants``, ``event_places``, ``support_kinds``: the arrays of events and support;
- ``acled_events``: the events in ACLED's columns (see :func:`acled_row`).

Rows are in ID order (then position); columns in a fixed order; cells hold ``None`` for absent
values and Python lists/dicts for JSON cells (the writers encode them with :func:`cell_json`).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any

from .._model.records import RECORD_CLASSES, Record
from .._queries.dataset import Dataset
from .._validation.schemas import schema
from .acled import ACLED_COLUMNS, acled_row, acled_rows
from .columns import (
    BOUNDS,
    Column,
    ForeignKey,
    Table,
    bound,
    cell_json,
    col,
    is_dated,
    plain_record,
)

__all__ = [
    "ACLED_COLUMNS",
    "Column",
    "ForeignKey",
    "Table",
    "acled_row",
    "acled_rows",
    "cell_json",
    "plain_record",
    "tables",
]


_REFS: dict[str, dict[str, str]] = {
    "places": {"located_in": "places"},
    "relations": {"subject": "records", "object": "records"},
    "support": {"supporter": "records", "recipient": "records"},
}
_COORDINATES = (
    Column(name="latitude", type="number", description="WGS84 latitude, approximate."),
    Column(name="longitude", type="number", description="WGS84 longitude, approximate."),
    Column(
        name="coordinate_precision",
        type="string",
        description="How closely the coordinates locate the place.",
    ),
)


def _column_type(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin is tuple:
        return "array"
    if origin is not None:  # X | None
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _column_type(inner[0])
    if hint is int:
        return "integer"
    if hint is float:
        return "number"
    if hint is bool:
        return "boolean"
    return "string"


def _collection_columns(record_type: str) -> tuple[Column, ...]:
    cls = RECORD_CLASSES[record_type]
    hints = typing.get_type_hints(cls)
    columns: list[Column] = []
    for name, prop in schema(record_type)["properties"].items():
        if name == "coordinates":
            columns.extend(_COORDINATES)
            continue
        description = prop.get("description", prop.get("title", name))
        columns.append(Column(name=name, type=_column_type(hints[name]), description=description))
        if is_dated(hints[name]):
            columns.extend(
                col(
                    f"{name}_{which}",
                    "date",
                    f"The {which} day {name} allows (YYYY-MM-DD), for date filters: "
                    f"{'the first' if which == 'earliest' else 'the last'} day of a year or "
                    "month; empty when that side is unknown or open.",
                )
                for which in BOUNDS
            )
    return tuple(columns)


def _collection_row(record: Record, columns: tuple[Column, ...]) -> tuple[Any, ...]:
    document = plain_record(record)
    coordinates = document.pop("coordinates", None) or {}
    cells: list[Any] = []
    for column in columns:
        if column.name == "latitude":
            cells.append(coordinates.get("lat"))
        elif column.name == "longitude":
            cells.append(coordinates.get("lon"))
        elif column.name == "coordinate_precision":
            cells.append(coordinates.get("precision"))
        elif column.type == "date":
            field, _, which = column.name.rpartition("_")
            cells.append(bound(getattr(record, field), which))
        elif column.type == "array":
            cells.append(document.get(column.name, []))
        else:
            cells.append(document.get(column.name))
    return tuple(cells)


def _sorted(records: Any) -> list[Any]:
    return sorted(records, key=lambda r: r.id)


def _child(
    name: str,
    description: str,
    owner: tuple[str, str],
    values: tuple[Column, ...],
    rows: Iterable[tuple[Any, ...]],
    foreign_keys: tuple[ForeignKey, ...] = (),
) -> Table:
    """A table of one array of a record: owner ID, position in the array, then the values."""
    column, table = owner
    return Table(
        name=name,
        description=description,
        columns=(
            col(column, "string", f"The ID of the record in {table}."),
            col("position", "integer", "The item's position in the record's array (from 0)."),
            *values,
        ),
        rows=tuple(rows),
        primary_key=(column, "position"),
        foreign_keys=(ForeignKey(column, table), *foreign_keys),
    )


def tables(ds: Dataset) -> tuple[Table, ...]:
    """Every table of the export, in a fixed order, rows sorted by ID."""
    result: list[Table] = []
    everything = _sorted(ds)
    result.append(
        Table(
            name="records",
            description="Every record: ID, collection and primary name.",
            columns=(
                col("id", "string", "The record's ID."),
                col("collection", "string", "The collection (table) that holds it."),
                col("name", "string", "Its primary name (a title for sources and events)."),
            ),
            rows=tuple((r.id, r.collection, r.names[0] if r.names else None) for r in everything),
            primary_key=("id",),
        )
    )
    for record_type, cls in RECORD_CLASSES.items():
        collection = cls.collection
        columns = _collection_columns(record_type)
        result.append(
            Table(
                name=collection,
                description=schema(record_type).get("description", collection),
                columns=columns,
                rows=tuple(_collection_row(r, columns) for r in _sorted(getattr(ds, collection))),
                primary_key=("id",),
                foreign_keys=tuple(
                    ForeignKey(column, target)
                    for column, target in _REFS.get(collection, {}).items()
                ),
            )
        )
    events = _sorted(ds.events)
    result.extend(
        (
            _child(
                "names",
                "Every name and alias of every record; position 0 is the primary name.",
                ("record_id", "records"),
                (col("name", "string", "The name as the sources write it."),),
                ((r.id, i, n) for r in everything for i, n in enumerate(r.names)),
            ),
            _child(
                "citations",
                "The citations of every record, in order.",
                ("record_id", "records"),
                (
                    col("source", "string", "The cited source's ID."),
                    col("quote", "string", "A verbatim quote from the source."),
                    col("note", "string", "A note on the citation, if any."),
                ),
                (
                    (r.id, i, c.source, c.quote, c.note)
                    for r in everything
                    for i, c in enumerate(getattr(r, "citations", ()))
                ),
                (ForeignKey("source", "sources"),),
            ),
            _child(
                "event_participants",
                "The actors and armed groups in each event, with their roles.",
                ("event_id", "events"),
                (
                    col("ref", "string", "The actor's or armed group's ID."),
                    col("role", "string", "The part it played."),
                ),
                (
                    (e.id, i, p.ref, p.role.value)
                    for e in events
                    for i, p in enumerate(e.participants)
                ),
                (ForeignKey("ref", "records"),),
            ),
            _child(
                "event_places",
                "The places of each event.",
                ("event_id", "events"),
                (col("place", "string", "The place's ID."),),
                ((e.id, i, p) for e in events for i, p in enumerate(e.places)),
                (ForeignKey("place", "places"),),
            ),
            _child(
                "support_kinds",
                "The kinds of each support record.",
                ("support_id", "support"),
                (col("kind", "string", "A kind of support."),),
                ((s.id, i, k.value) for s in _sorted(ds.support) for i, k in enumerate(s.kinds)),
            ),
        )
    )
    result.append(
        Table(
            name="acled_events",
            description="The events in ACLED-style columns, to join with ACLED data.",
            columns=ACLED_COLUMNS,
            rows=acled_rows(ds),
            primary_key=("event_id_cnty",),
            foreign_keys=(ForeignKey("event_id_cnty", "events"),),
        )
    )
    return tuple(result)
