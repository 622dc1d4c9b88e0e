"""A networkx ``MultiDiGraph`` (needs the ``networkx`` extra) of the graph of :mod:`._network`.

Attributes keep their Python values (lists, dicts); edges are keyed by record ID.
"""

from __future__ import annotations

from typing import Any

from .._queries.dataset import Dataset
from .network import edges, nodes
from .optional import require

__all__ = ["graph"]


def graph(ds: Dataset) -> Any:
    """The dataset's graph as a :class:`networkx.MultiDiGraph`."""
    nx = require("networkx", "networkx", "to_networkx()")
    result = nx.MultiDiGraph(name="libya-conflict")
    result.add_nodes_from(nodes(ds))
    for source, target, key, attributes in edges(ds):
        result.add_edge(source, target, key=key, **attributes)
    return result
