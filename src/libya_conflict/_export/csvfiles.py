"""CSV: one file per table of :mod:`._tables`, and the ACLED-style events table on its own.

Files are UTF-8 with a header row, comma-separated, ``\\r\\n`` line ends and minimal quoting
(RFC 4180). Absent values are empty cells; array and object cells hold JSON. The folder also
holds ``datapackage.json``, the Frictionless descriptor of the files (see :mod:`._datapackage`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._queries.dataset import Dataset
from .atomic import atomic_file, atomic_folder
from .datapackage import write_datapackage
from .tables import ACLED_COLUMNS, Table, acled_rows, cell_json, tables

__all__ = ["write_acled", "write_csv"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return cell_json(value)
    return str(value)


def _write_rows(path: Path, header: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(v) for v in row])


def write_table(folder: Path, table: Table) -> None:
    """Write one table as ``<folder>/<name>.csv``."""
    _write_rows(folder / f"{table.name}.csv", (c.name for c in table.columns), table.rows)


def write_csv(ds: Dataset, output: Path) -> None:
    """Write every table as ``<output>/<table>.csv`` plus ``datapackage.json``, atomically."""
    all_tables = tables(ds)
    with atomic_folder(output, owned=(".csv", "datapackage.json")) as folder:
        for table in all_tables:
            write_table(folder, table)
        write_datapackage(folder, all_tables)


def write_acled(ds: Dataset, output: Path) -> None:
    """Write the ACLED-style events table alone, as one CSV file, atomically.

    Events dated to a year only are left out (see :func:`.acled.acled_left_out`).
    """
    rows = acled_rows(ds)
    with atomic_file(output) as temporary:
        _write_rows(temporary, (c.name for c in ACLED_COLUMNS), rows)
