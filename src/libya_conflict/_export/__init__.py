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

An export writes only what it owns (:mod:`.atomic`): a new file or a regular file it
replaces, never a link, a device or a pipe; a new or empty folder, or one it wrote before.
It never writes into the data it reads: the bundled data, or the ``data`` folder given.
CSV cells are written as the data holds them, a value beginning with ``=``, ``+``, ``-`` or
``@`` included (a negative number, a name): open the files in a spreadsheet as text, not as
formulas (see docs/security.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._queries.dataset import Dataset
from ..exceptions import ExportError

__all__ = ["EXPORT_FORMATS", "check_output", "export", "to_networkx", "to_pandas"]


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


def check_output(
    output: str | os.PathLike[str], data: str | os.PathLike[str] | None = None
) -> None:
    """Refuse an output inside the data an export reads, or holding it.

    The data is the bundled release's (its ``data`` folder and manifest) and ``data``, the
    folder a dataset was loaded from. Raises :class:`~libya_conflict.ExportError`.
    """
    from .._loading.resources import MANIFEST, bundle_path
    from .._model.text import one_line

    protected: list[str] = []
    root = bundle_path()
    if root is not None:
        protected += [os.path.join(root, "data"), os.path.join(root, MANIFEST)]
    if data is not None:
        protected.append(os.fspath(data))
    target = Path(output).resolve()
    for folder in protected:
        held = Path(folder).resolve()
        if target == held or target.is_relative_to(held) or held.is_relative_to(target):
            shown = one_line(os.fsencode(output).decode("utf-8", "backslashreplace"))
            raise ExportError(
                f"{shown}: inside (or holding) the data this export reads ({held}); "
                "an export never writes there: choose another path"
            )


def export(
    format: str,
    output: str | os.PathLike[str],
    dataset: Dataset | None = None,
    *,
    data: str | os.PathLike[str] | None = None,
) -> Path:
    """Write ``dataset`` (default: the bundled release) to ``output`` in ``format``.

    ``output`` is a file for ``acled``, ``geojson``, ``graphml`` and ``sqlite``, and a folder
    for ``csv`` and ``parquet`` (created, or replaced if it holds a previous export: one that
    holds any other file is refused). ``data`` is the folder the dataset was loaded from, if
    any: the output may not be in it, nor in the bundled data. Returns the output path.
    Raises :class:`~libya_conflict.ExportError` for an unknown format, a missing or
    read-only destination folder, an output that is not the export's to replace (a link, a
    device, a folder of other files, the data read), or a missing optional dependency
    (naming the extra to install).
    """
    if format not in EXPORT_FORMATS:
        raise ExportError(
            f"unknown export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    check_output(output, data)
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
