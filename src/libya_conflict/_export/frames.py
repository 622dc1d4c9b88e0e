"""pandas DataFrames (needs the ``pandas`` extra): one per table of :mod:`._tables`.

Columns keep the tables' order; integer columns use pandas' nullable ``Int64``, date columns
``datetime64``, boolean columns the nullable ``boolean``; array and
object cells hold Python lists and dicts (as in the record files), not JSON text.
"""

from __future__ import annotations

from typing import Any

from .._queries.dataset import Dataset
from .optional import require
from .tables import tables

__all__ = ["data_frames"]


def data_frames(ds: Dataset) -> dict[str, Any]:
    """Every table as a DataFrame, by table name."""
    pd = require("pandas", "pandas", "to_pandas()")
    frames: dict[str, Any] = {}
    for table in tables(ds):
        frame = pd.DataFrame.from_records(list(table.rows), columns=[c.name for c in table.columns])
        for column in table.columns:
            if column.type == "integer":
                frame[column.name] = frame[column.name].astype("Int64")
            elif column.type == "number":
                frame[column.name] = frame[column.name].astype("float64")
            elif column.type == "date":
                frame[column.name] = pd.to_datetime(frame[column.name], format="%Y-%m-%d")
            elif column.type == "boolean":
                frame[column.name] = frame[column.name].astype("boolean")
        frames[table.name] = frame
    return frames
