"""The graph of the dataset: actors, armed groups and places as nodes; relations and support as
edges. Shared by the GraphML and networkx exports.

Nodes are every actor and armed group, and every place a relation points to (``based_in``,
``controls``), keyed by ID. Edges are directed, one per relation (``subject`` -> ``object``) and
per support record (``supporter`` -> ``recipient``), keyed by the record's ID, so parallel edges
stay apart. Node and edge attributes are the record's fields as in its JSON file, plus
``collection``; edges also get ``label``: the relation type, or ``"supports"``.
"""

from __future__ import annotations

from typing import Any

from .._model.records import Relation, Support
from .._queries.dataset import Dataset
from .tables import plain_record

__all__ = ["edges", "nodes"]

_ENDPOINTS = ("subject", "object", "supporter", "recipient")


def nodes(ds: Dataset) -> list[tuple[str, dict[str, Any]]]:
    """``(id, attributes)`` of every node, in ID order."""
    wanted = {r.object for r in ds.relations if r.object in ds.places}
    records = [*ds.actors, *ds.armed_groups, *(p for p in ds.places if p.id in wanted)]
    return [
        (r.id, {"collection": r.collection, **plain_record(r)})
        for r in sorted(records, key=lambda r: r.id)
    ]


def edges(ds: Dataset) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``(source, target, key, attributes)`` of every edge, in ID order."""
    found: list[tuple[str, str, str, dict[str, Any]]] = []
    links: list[Relation | Support] = [*ds.relations, *ds.support]
    for record in sorted(links, key=lambda r: r.id):
        document = plain_record(record)
        attributes = {k: v for k, v in document.items() if k not in _ENDPOINTS}
        if isinstance(record, Relation):
            source, target, label = record.subject, record.object, record.type.value
        else:
            source, target, label = record.supporter, record.recipient, "supports"
        found.append(
            (
                source,
                target,
                record.id,
                {"collection": record.collection, "label": label, **attributes},
            )
        )
    return found
