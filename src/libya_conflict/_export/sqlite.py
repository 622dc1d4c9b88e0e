"""SQLite: one table per table of :mod:`._tables`, with keys, and full-text search on names.

Ready for Datasette (``datasette libya-conflict.db``): ``PRAGMA foreign_keys`` holds; every
table has its primary key and ``FOREIGN KEY ... REFERENCES`` clauses (references that may point
to several collections, such as a relation's subject, reference ``records(id)``); array and
object columns hold JSON text (query them with SQLite's JSON functions); ``names_fts`` is an
FTS5 index over ``names.name``, which Datasette uses for search on the ``names`` table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .._queries.dataset import Dataset
from ..exceptions import ExportError
from .atomic import atomic_file
from .tables import Table, cell_json, tables

__all__ = ["write_sqlite"]

_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


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
            connection.execute(
                "CREATE VIRTUAL TABLE names_fts USING fts5(name, content='names', "
                "content_rowid='rowid')"
            )
            connection.execute("INSERT INTO names_fts(names_fts) VALUES ('rebuild')")
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise ExportError(f"{shown}: references to missing records: {problems[:3]}")
    except sqlite3.Error as exc:
        raise ExportError(f"{shown}: SQLite: {exc}") from None
    finally:
        connection.close()


def write_sqlite(ds: Dataset, output: Path) -> None:
    """Write the SQLite database to ``output``, atomically."""
    all_tables = tables(ds)
    with atomic_file(output) as temporary:
        temporary.unlink()
        _write(temporary, all_tables, output)
