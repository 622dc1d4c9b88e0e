"""The Frictionless data package (``datapackage.json``) that describes the CSV export.

A Tabular Data Package (https://specs.frictionlessdata.io/): one resource per CSV file with
its Table Schema (field names, types, descriptions, primary and foreign keys). Array and object
fields are JSON-encoded, as the Table Schema's ``array`` and ``object`` types say.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._version import __version__
from .tables import Table

__all__ = ["descriptor", "write_datapackage"]


def descriptor(all_tables: tuple[Table, ...]) -> dict[str, Any]:
    """The data package descriptor for the CSV files of ``all_tables``."""
    return {
        "profile": "tabular-data-package",
        "name": "libya-conflict",
        "title": "libya-conflict: a cited dataset of the Libyan civil wars",
        "version": __version__,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "resources": [
            {
                "name": table.name.replace("_", "-"),
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": c.name, "type": c.type, "description": c.description}
                        for c in table.columns
                    ],
                    "missingValues": [""],
                    "primaryKey": list(table.primary_key),
                    "foreignKeys": [
                        {
                            "fields": fk.column,
                            "reference": {
                                "resource": fk.table.replace("_", "-"),
                                "fields": "id",
                            },
                        }
                        for fk in table.foreign_keys
                    ],
                },
            }
            for table in all_tables
        ],
    }


def write_datapackage(folder: Path, all_tables: tuple[Table, ...]) -> None:
    """Write ``<folder>/datapackage.json``."""
    text = json.dumps(descriptor(all_tables), indent=2, ensure_ascii=False) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")
