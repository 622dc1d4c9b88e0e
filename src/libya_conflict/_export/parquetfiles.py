"""Parquet (needs the ``parquet`` extra, pyarrow): one ``<table>.parquet`` per table.

For Spark, DuckDB and Polars. Columns have the tables' types (string, int64, double, bool, date32);
array and object columns hold JSON text, as in the CSV export. Written without compression
options that vary and without pandas metadata, so the same data gives the same bytes with the
same pyarrow version.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .._queries.dataset import Dataset
from .atomic import atomic_folder
from .optional import require
from .tables import Table, cell_json, tables

__all__ = ["arrow_table", "write_parquet"]


def _cell(value: Any, type_: str) -> Any:
    if isinstance(value, list | dict):
        return cell_json(value)
    if type_ == "date" and value is not None:
        return dt.date.fromisoformat(value)
    return value


def arrow_table(table: Table) -> Any:
    """The table as a :class:`pyarrow.Table` (raises ExportError without pyarrow)."""
    pa = require("pyarrow", "parquet", "the Parquet export")
    types = {
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }
    fields = [
        pa.field(c.name, types.get(c.type, pa.string()), metadata={"description": c.description})
        for c in table.columns
    ]
    columns = [
        [_cell(v, column.type) for v in values]
        for values, column in zip(zip(*table.rows, strict=True), table.columns, strict=True)
    ] or [[] for _ in table.columns]
    arrays = [pa.array(values, type=f.type) for values, f in zip(columns, fields, strict=True)]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(ds: Dataset, output: Path) -> None:
    """Write every table as ``<output>/<table>.parquet``, atomically."""
    require("pyarrow", "parquet", "the Parquet export")
    parquet = require("pyarrow.parquet", "parquet", "the Parquet export")
    all_tables = tables(ds)
    with atomic_folder(output, owned=(".parquet",)) as folder:
        for table in all_tables:
            parquet.write_table(arrow_table(table), folder / f"{table.name}.parquet")
