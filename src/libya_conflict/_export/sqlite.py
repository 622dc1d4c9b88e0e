"""SQLite: one table per table of :mod:`._tables`, with keys, full-text search, and metadata.

Ready for Datasette (``datasette libya.db -m libya.metadata.json``): ``PRAGMA foreign_keys``
holds; every table has its primary key and ``FOREIGN KEY ... REFERENCES`` clauses (references
that may point to several collections, such as a relation's subject, reference
``records(id)``); array and object columns hold JSON text (query them with SQLite's JSON
functions); ``<table>_fts`` are FTS5 indexes (``content="<table>"``, the form Datasette detects)
over ``names.name`` and the titles, names and descriptions of the collections (see
:data:`.datasette.FULL_TEXT`). The Datasette metadata (:mod:`.datasette`) is written beside the
database as ``<stem>.metadata.json``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from .._queries.dataset import Dataset
from ..exceptions import ExportError
from .atomic import atomic_file
from .datasette import FULL_TEXT, metadata
from .tables import Table, cell_json, tables

__all__ = ["write_sqlite"]

_SQL_TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(table: Table) -> str:
    parts = [f"{_quote(c.name)} {_SQL_TYPES.get(c.type, 'TEXT')}" for c in table.columns]
    parts.append(f"PRIMARY KEY ({', '.join(_quote(k) for k in table.primary_key)})")
    parts.extend(
        f"FOREIGN KEY ({_quote(fk.column)}) REFERENCES {_quote(fk.table)}(id) "
        "DEFERRABLE INITIALLY DEFERRED"
        for fk in table.foreign_keys
    )
    return f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(parts) + "\n)"


def _value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return cell_json(value)
    return value


def _write(path: Path, all_tables: tuple[Table, ...], shown: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:
            for table in all_tables:
                connection.execute(_create(table))
                marks = ", ".join("?" for _ in table.columns)
                connection.executemany(
                    f"INSERT INTO {_quote(table.name)} VALUES ({marks})",
                    ([_value(v) for v in row] for row in table.rows),
                )
            for name, columns in FULL_TEXT.items():
                # content="<table>" in double quotes: the form Datasette detects.
                fts = _quote(f"{name}_fts")
                connection.execute(
                    f"CREATE VIRTUAL TABLE {fts} USING fts5("
                    f"{', '.join(_quote(c) for c in columns)}, content={_quote(name)})"
                )
                connection.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise ExportError(f"{shown}: references to missing records: {problems[:3]}")
    except sqlite3.Error as exc:
        raise ExportError(f"{shown}: SQLite: {exc}") from None
    finally:
        connection.close()


def metadata_path(output: Path) -> Path:
    """Where the Datasette metadata of the database ``output`` is written: beside it,
    ``<stem>.metadata.json`` (``libya.db`` -> ``libya.metadata.json``)."""
    return output.with_name(f"{output.stem}.metadata.json")


def write_sqlite(ds: Dataset, output: Path) -> None:
    """Write the SQLite database to ``output`` and its Datasette metadata beside it, atomically.

    The database is written first: if that fails, neither file changes.
    """
    all_tables = tables(ds)
    document = metadata(all_tables, output.stem)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    with atomic_file(output) as temporary:
        temporary.unlink()
        _write(temporary, all_tables, output)
    with atomic_file(metadata_path(output)) as temporary:
        temporary.write_text(text, encoding="utf-8")
