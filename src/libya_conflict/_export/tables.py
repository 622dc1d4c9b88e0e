"""The tabular model shared by the CSV, SQLite, Parquet, Frictionless and pandas exports.

One table per collection, with one column per field of the record type in the schema's order.
A field that holds an array or object (``aliases``, ``citations``, ``participants``, ...) is one
cell holding the JSON the record file holds, so nothing is lost; a place's ``coordinates`` are
three columns (``latitude``, ``longitude``, ``coordinate_precision``). Child tables give the
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

import json
import typing
from collections.abc import Iterable
from typing import Any

import attrs

from .._loading.converter import to_json
from .._model.records import RECORD_CLASSES, Event, ParticipantRole, Record
from .._queries.dataset import Dataset
from .._validation.schemas import schema

__all__ = ["Column", "ForeignKey", "Table", "acled_row", "cell_json", "plain_record", "tables"]


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
        elif column.type == "array":
            cells.append(document.get(column.name, []))
        else:
            cells.append(document.get(column.name))
    return tuple(cells)


def _sorted(records: Any) -> list[Any]:
    return sorted(records, key=lambda r: r.id)


def _col(name: str, type_: str, description: str) -> Column:
    return Column(name=name, type=type_, description=description)


_ACTOR1 = (ParticipantRole.SIDE_A, ParticipantRole.PERPETRATOR)
_ACTOR2 = (ParticipantRole.SIDE_B, ParticipantRole.TARGET, ParticipantRole.VICTIM)

ACLED_COLUMNS: tuple[Column, ...] = (
    _col("event_id", "string", "The event's ID in this dataset (not an ACLED event_id_cnty)."),
    _col("event_date", "string", "The date at the precision the source gives (YYYY[-MM[-DD]])."),
    _col("end_date", "string", "The last date of an event that lasted, if any."),
    _col(
        "time_precision",
        "integer",
        "ACLED's code: 1 the day is known, 2 an approximate or uncertain day, 3 only the "
        "month or year.",
    ),
    _col("event_type", "string", "ACLED event type."),
    _col("sub_event_type", "string", "ACLED sub-event type."),
    _col("actor1", "string", "The first side_a or perpetrator, else the first other party."),
    _col("assoc_actor_1", "string", "Other side_a, perpetrator and supporter parties, '; '."),
    _col("actor2", "string", "The first side_b, target or victim."),
    _col("assoc_actor_2", "string", "Other side_b, target and victim parties, '; '."),
    _col("location", "string", "The name of the event's first place."),
    _col("latitude", "number", "Latitude of the first place that has coordinates."),
    _col("longitude", "number", "Longitude of the first place that has coordinates."),
    _col(
        "fatalities",
        "integer",
        "Sum of the lowest figure of each 'killed' count (ACLED's conservative rule); "
        "empty when no source gives a number (ACLED would write 0).",
    ),
    _col("notes", "string", "The event's description, else its title."),
    _col("source", "string", "The publishers (else titles) of the cited sources, '; '."),
)


def _time_precision(event: Event) -> int:
    date = event.date
    if date.day is None:
        return 3
    return 2 if date.approximate or date.uncertain else 1


def acled_row(event: Event, ds: Dataset) -> tuple[Any, ...]:
    """One event in ACLED's columns; a cell the data has no value for is empty (``None``).

    Actor names are the records' primary names; the full list of participants and roles is in
    ``event_participants``.
    """

    def name(ref: str) -> str:
        return ds.get(ref).names[0] if ref in ds else ref

    def refs(roles: tuple[ParticipantRole, ...]) -> list[str]:
        found = [p.ref for p in event.participants if p.role in roles]
        return list(dict.fromkeys(found))

    side1, side2 = refs(_ACTOR1), refs(_ACTOR2)
    others = [
        p.ref
        for p in event.participants
        if p.role not in _ACTOR1 + _ACTOR2 + (ParticipantRole.SUPPORTER,)
    ]
    actor1 = side1[0] if side1 else (others[0] if others else None)
    assoc1 = [r for r in side1[1:] + refs((ParticipantRole.SUPPORTER,)) if r != actor1]
    places = [ds.places[p] for p in event.places if p in ds.places]
    located = [p for p in places if p.coordinates is not None]
    killed = [
        f.count.low if f.count.low is not None else f.count.best
        for f in event.casualties
        if f.kind == "killed"
    ]
    numbers = [k for k in killed if k is not None]
    cited = dict.fromkeys(c.source for c in event.citations)
    sources = [ds.sources[s].publisher or ds.sources[s].title for s in cited if s in ds.sources]
    return (
        event.id,
        str(event.date),
        str(event.end_date) if event.end_date else None,
        _time_precision(event),
        event.acled_event_type.value,
        event.acled_sub_event_type,
        name(actor1) if actor1 else None,
        "; ".join(name(r) for r in dict.fromkeys(assoc1)) or None,
        name(side2[0]) if side2 else None,
        "; ".join(name(r) for r in side2[1:]) or None,
        places[0].name if places else None,
        located[0].coordinates.lat if located and located[0].coordinates else None,
        located[0].coordinates.lon if located and located[0].coordinates else None,
        sum(numbers) if numbers else None,
        event.description or event.title,
        "; ".join(dict.fromkeys(sources)) or None,
    )


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
            _col(column, "string", f"The ID of the record in {table}."),
            _col("position", "integer", "The item's position in the record's array (from 0)."),
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
                _col("id", "string", "The record's ID."),
                _col("collection", "string", "The collection (table) that holds it."),
                _col("name", "string", "Its primary name (a title for sources and events)."),
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
                (_col("name", "string", "The name as the sources write it."),),
                ((r.id, i, n) for r in everything for i, n in enumerate(r.names)),
            ),
            _child(
                "citations",
                "The citations of every record, in order.",
                ("record_id", "records"),
                (
                    _col("source", "string", "The cited source's ID."),
                    _col("quote", "string", "A verbatim quote from the source."),
                    _col("note", "string", "A note on the citation, if any."),
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
                    _col("ref", "string", "The actor's or armed group's ID."),
                    _col("role", "string", "The part it played."),
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
                (_col("place", "string", "The place's ID."),),
                ((e.id, i, p) for e in events for i, p in enumerate(e.places)),
                (ForeignKey("place", "places"),),
            ),
            _child(
                "support_kinds",
                "The kinds of each support record.",
                ("support_id", "support"),
                (_col("kind", "string", "A kind of support."),),
                ((s.id, i, k.value) for s in _sorted(ds.support) for i, k in enumerate(s.kinds)),
            ),
        )
    )
    result.append(
        Table(
            name="acled_events",
            description="The events in ACLED-style columns, to join with ACLED data.",
            columns=ACLED_COLUMNS,
            rows=tuple(acled_row(e, ds) for e in events),
            primary_key=("event_id",),
            foreign_keys=(ForeignKey("event_id", "events"),),
        )
    )
    return tuple(result)
