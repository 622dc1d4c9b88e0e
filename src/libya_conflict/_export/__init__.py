"""Exports of a dataset to the formats analysts' tools read.

``export(format, output)`` writes one of :data:`EXPORT_FORMATS`:

========== ======== ================================================================
format     output   what it writes
========== ======== ================================================================
csv        folder   one CSV per table (collections, child tables, ``acled_events``)
                    and ``datapackage.json`` (Frictionless) describing them
acled      file     the events in ACLED-style columns, one CSV
geojson    file     places and events as a GeoJSON FeatureCollection
graphml    file     actors, groups and places; relations and support as edges
sqlite     file     one table per table, foreign keys, FTS5 on names (Datasette)
parquet    folder   one Parquet file per table (needs the ``parquet`` extra)
========== ======== ================================================================

``to_pandas()`` and ``to_networkx()`` return the same tables and graph in memory (extras
``pandas`` and ``networkx``). Every export is deterministic: rows in ID order, columns in a
fixed order, no timestamps, so the same data gives the same bytes. Writes are atomic: on any
error the previous output is left as it was. Problems raise
:class:`~libya_conflict.ExportError`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._queries.dataset import Dataset
from ..exceptions import ExportError

__all__ = ["EXPORT_FORMATS", "export", "to_networkx", "to_pandas"]


def _writer(name: str) -> Callable[[Dataset, Path], None]:
    from . import csvfiles, geojson, graphml, parquetfiles, sqlite

    writers: dict[str, Callable[[Dataset, Path], None]] = {
        "csv": csvfiles.write_csv,
        "acled": csvfiles.write_acled,
        "geojson": geojson.write_geojson,
        "graphml": graphml.write_graphml,
        "sqlite": sqlite.write_sqlite,
        "parquet": parquetfiles.write_parquet,
    }
    return writers[name]


EXPORT_FORMATS: tuple[str, ...] = ("csv", "acled", "geojson", "graphml", "sqlite", "parquet")
"""The formats :func:`export` writes."""


def _dataset(dataset: Dataset | None) -> Dataset:
    if dataset is not None:
        return dataset
    from .._loading.load import load

    return load()


def export(format: str, output: str | os.PathLike[str], dataset: Dataset | None = None) -> Path:
    """Write ``dataset`` (default: the bundled release) to ``output`` in ``format``.

    ``output`` is a file for ``acled``, ``geojson``, ``graphml`` and ``sqlite``, and a folder
    for ``csv`` and ``parquet`` (created, or replaced if it holds a previous export). Returns
    the output path. Raises :class:`~libya_conflict.ExportError` for an unknown format, a
    missing or read-only destination folder, or a missing optional dependency (naming the
    extra to install).
    """
    if format not in EXPORT_FORMATS:
        raise ExportError(
            f"unknown export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    path = Path(output)
    _writer(format)(_dataset(dataset), path)
    return path


def to_pandas(dataset: Dataset | None = None) -> dict[str, Any]:
    """Every table of the CSV export as a :class:`pandas.DataFrame`, by table name.

    Needs the ``pandas`` extra (``pip install 'libya-conflict[pandas]'``); raises
    :class:`~libya_conflict.ExportError` naming it otherwise.
    """
    from .frames import data_frames

    return data_frames(_dataset(dataset))


def to_networkx(dataset: Dataset | None = None) -> Any:
    """The graph of relations and support as a :class:`networkx.MultiDiGraph`.

    Nodes are actors, armed groups and the places relations point to; edges are keyed by the
    relation's or support record's ID. Needs the ``networkx`` extra; raises
    :class:`~libya_conflict.ExportError` naming it otherwise.
    """
    from .nxgraph import graph

    return graph(_dataset(dataset))
