"""GeoJSON (RFC 7946): the places and the events as one FeatureCollection.

Each feature's ``id`` is the record ID and its ``properties`` are the record as in its JSON file
plus ``collection``, and beside each partial date (an event's ``date`` and ``end_date``) its
first and last day: ``date_earliest`` and ``date_latest`` (``YYYY-MM-DD``), for time filters
(QGIS's temporal controller, Kepler). A place is a Point at its coordinates; an event is a
Point (one located place) or a MultiPoint (several) at its places' coordinates, in the order of
its ``places``.
A place or event with no coordinates has a ``null`` geometry, so nothing is left out.
Coordinates are ``[longitude, latitude]``, WGS84, approximate (see ``coordinate_precision``).
"""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

from .._model.records import Event, Place
from .._queries.dataset import Dataset
from .atomic import atomic_file
from .columns import BOUNDS, bound, is_dated, plain_record

__all__ = ["feature_collection", "write_geojson"]


def _point(place: Place) -> list[float] | None:
    c = place.coordinates
    return [c.lon, c.lat] if c is not None else None


def _geometry(record: Place | Event, ds: Dataset) -> dict[str, Any] | None:
    if isinstance(record, Place):
        point = _point(record)
        return {"type": "Point", "coordinates": point} if point else None
    points = [_point(ds.places[p]) for p in record.places if p in ds.places]
    located = [p for p in points if p is not None]
    if not located:
        return None
    if len(located) == 1:
        return {"type": "Point", "coordinates": located[0]}
    return {"type": "MultiPoint", "coordinates": located}


def _properties(record: Place | Event) -> dict[str, Any]:
    """The record as in its JSON file, each partial date followed by its first and last day."""
    hints = typing.get_type_hints(type(record))
    properties: dict[str, Any] = {}
    for name, value in plain_record(record).items():
        properties[name] = value
        if is_dated(hints.get(name)):
            for which in BOUNDS:
                properties[f"{name}_{which}"] = bound(getattr(record, name), which)
    return properties


def feature_collection(ds: Dataset) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of every place, then every event, in ID order."""
    records: list[Place | Event] = [*sorted(ds.places, key=lambda r: r.id)]
    records.extend(sorted(ds.events, key=lambda r: r.id))
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": record.id,
                "geometry": _geometry(record, ds),
                "properties": {"collection": record.collection, **_properties(record)},
            }
            for record in records
        ],
    }


def write_geojson(ds: Dataset, output: Path) -> None:
    """Write the FeatureCollection to ``output``, atomically."""
    text = json.dumps(feature_collection(ds), ensure_ascii=False, indent=1) + "\n"
    with atomic_file(output) as temporary:
        temporary.write_text(text, encoding="utf-8")
