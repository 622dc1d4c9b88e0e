"""GraphML for Gephi, yEd, Cytoscape and networkx: the graph of :mod:`._network`.

A directed graph; every attribute is declared as a ``string`` key (``for="node"`` or
``for="edge"``, ``attr.name`` the field name); array and object fields are JSON text.
Edges have ``id`` = the relation's or support record's ID.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .._queries.dataset import Dataset
from .atomic import atomic_file
from .network import edges, nodes
from .tables import cell_json

__all__ = ["graphml", "write_graphml"]


def _text(value: Any) -> str:
    return cell_json(value) if isinstance(value, list | dict) else str(value)


def _keys(domain: str, rows: list[dict[str, Any]]) -> dict[str, str]:
    names = dict.fromkeys(name for row in rows for name in row)
    return {name: f"{domain[0]}_{name}" for name in names}


def _data(keys: dict[str, str], attributes: dict[str, Any], indent: str) -> list[str]:
    return [
        f"{indent}<data key={quoteattr(keys[k])}>{escape(_text(v))}</data>"
        for k, v in attributes.items()
        if v is not None
    ]


def graphml(ds: Dataset) -> str:
    """The GraphML document of the dataset's graph."""
    node_rows, edge_rows = nodes(ds), edges(ds)
    node_keys = _keys("node", [a for _, a in node_rows])
    edge_keys = _keys("edge", [a for *_, a in edge_rows])
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        lines.extend(
            f'  <key id={quoteattr(key)} for="{domain}" attr.name={quoteattr(name)} '
            'attr.type="string"/>'
            for name, key in keys.items()
        )
    lines.append('  <graph id="libya-conflict" edgedefault="directed">')
    for node_id, attributes in node_rows:
        lines.append(f"    <node id={quoteattr(node_id)}>")
        lines.extend(_data(node_keys, attributes, "      "))
        lines.append("    </node>")
    for source, target, key, attributes in edge_rows:
        lines.append(
            f"    <edge id={quoteattr(key)} source={quoteattr(source)} target={quoteattr(target)}>"
        )
        lines.extend(_data(edge_keys, attributes, "      "))
        lines.append("    </edge>")
    lines.extend(["  </graph>", "</graphml>", ""])
    return "\n".join(lines)


def write_graphml(ds: Dataset, output: Path) -> None:
    """Write the GraphML document to ``output``, atomically."""
    text = graphml(ds)
    with atomic_file(output) as temporary:
        temporary.write_text(text, encoding="utf-8")
