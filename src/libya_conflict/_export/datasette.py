"""Datasette metadata for the SQLite export, generated from the codebook (the schemas).

``metadata(tables, database)`` is the document ``datasette libya.db -m libya.metadata.json``
reads: the dataset's title, licence and source; every table's and column's description (the
schemas' own words, as in the codebook); facets that suit each table; the full-text tables
(:data:`FULL_TEXT`) each table is searched through; and canned queries such as who backed whom.
"""

from __future__ import annotations

from typing import Any

from .columns import Table

__all__ = ["FULL_TEXT", "metadata"]

FULL_TEXT: dict[str, tuple[str, ...]] = {
    "names": ("name",),
    "events": ("title", "description"),
    "sources": ("title",),
    "actors": ("name", "description"),
    "armed_groups": ("name", "description"),
    "places": ("name", "description"),
    "relations": ("description",),
    "support": ("description",),
}
"""The columns of each table indexed for full-text search, in ``<table>_fts`` (FTS5)."""

_FACETS: dict[str, list[str]] = {
    "records": ["collection"],
    "actors": ["kind"],
    "armed_groups": ["kind"],
    "places": ["kind", "country", "region"],
    "relations": ["type", "certainty"],
    "support": ["status", "certainty"],
    "events": ["acled_event_type", "type", "certainty"],
    "event_participants": ["role"],
    "support_kinds": ["kind"],
    "acled_events": ["year", "disorder_type", "event_type"],
}

_QUERIES: dict[str, dict[str, str]] = {
    "who_backed_whom": {
        "title": "Who backed whom",
        "description": "Every support record: supporter, recipient, kinds, period and how sure "
        "the sources are. Filter by :recipient (an ID such as lna, or empty for all).",
        "sql": "SELECT s.id, sup.name AS supporter, rec.name AS recipient,\n"
        "  (SELECT group_concat(k.kind, ', ') FROM support_kinds k WHERE k.support_id = s.id)"
        " AS kinds,\n"
        "  s.period, s.status, s.certainty\n"
        "FROM support s\n"
        "JOIN records sup ON sup.id = s.supporter\n"
        "JOIN records rec ON rec.id = s.recipient\n"
        "WHERE :recipient = '' OR s.recipient = :recipient\n"
        "ORDER BY rec.name, sup.name, s.id",
    },
    "members_and_leaders": {
        "title": "Members and leaders",
        "description": "Who led or belonged to which group or body, with the period.",
        "sql": "SELECT r.type, sub.name AS subject, obj.name AS object, r.period, r.certainty\n"
        "FROM relations r\n"
        "JOIN records sub ON sub.id = r.subject\n"
        "JOIN records obj ON obj.id = r.object\n"
        "WHERE r.type IN ('leads', 'member_of')\n"
        "ORDER BY obj.name, r.type, sub.name",
    },
    "events_by_year": {
        "title": "Events by year",
        "description": "The number of events in each year (by the earliest day of their date).",
        "sql": "SELECT substr(date_earliest, 1, 4) AS year, count(*) AS events\n"
        "FROM events GROUP BY year ORDER BY year",
    },
}

_LICENSE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
_SOURCE = ("libya-conflict", "https://github.com/libya-conflict/libya-conflict")


def metadata(all_tables: tuple[Table, ...], database: str) -> dict[str, Any]:
    """The Datasette metadata document for the database named ``database`` (its file stem)."""
    described: dict[str, Any] = {}
    for table in all_tables:
        entry: dict[str, Any] = {
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns},
        }
        if table.name in _FACETS:
            entry["facets"] = list(_FACETS[table.name])
        if table.name in FULL_TEXT:
            entry["fts_table"] = f"{table.name}_fts"
            entry["fts_pk"] = "rowid"
        described[table.name] = entry
    for name in FULL_TEXT:
        described[f"{name}_fts"] = {"hidden": True}
    return {
        "title": "libya-conflict: the Libyan civil wars, cited",
        "description": "A curated dataset of the Libyan civil wars since 2011: people, armed "
        "groups, governments and foreign states, foreign support and dated events. Every fact "
        "carries a citation with a verbatim quote from its source. Search names (any spelling) "
        "in the names table.",
        "license": _LICENSE[0],
        "license_url": _LICENSE[1],
        "source": _SOURCE[0],
        "source_url": _SOURCE[1],
        "databases": {
            database: {
                "tables": described,
                "queries": {name: dict(query) for name, query in _QUERIES.items()},
            }
        },
    }
