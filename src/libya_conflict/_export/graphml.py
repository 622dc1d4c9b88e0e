"""GraphML for Gephi, yEd, Cytoscape and networkx: the graph of :mod:`._network`.

A directed graph; every attribute is declared as a typed key (``for="node"`` or ``for="edge"``,
``attr.name`` the field name): ``double`` for numbers, ``int`` for counts, ``boolean`` for yes/no
values and ``string`` for the rest, with array and object fields as JSON text. Beside the
record's fields as in its JSON file:

- a place node's ``coordinates`` are ``latitude`` and ``longitude`` (``double``) and
  ``coordinate_precision``, as in the tables;
- an armed group node with strength estimates has ``fighters_lowest`` and ``fighters_highest``
  (``int``): the lowest and highest figure any estimate gives (its ``low`` or ``best``, its
  ``high`` or ``best``);
- a support edge has ``denied`` (``boolean``): whether a party denied it (see ``denials``).

Edges have ``id`` = the relation's or support record's ID. networkx reads the attributes back
with their types (``networkx.read_graphml``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from .._queries.dataset import Dataset
from .atomic import atomic_file
from .network import edges, nodes
from .tables import cell_json

__all__ = ["graphml", "write_graphml", "xml_safe"]

# What XML 1.0 forbids in a document (controls but tab, newline and CR; surrogates; U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with each character XML 1.0 forbids written as its escape, ``\\u001b``: the
    document stays well-formed and the character is still shown, never silently dropped."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def escape(text: str) -> str:
    """Element text, XML-1.0-safe; a carriage return kept as ``&#13;`` (not read as \\n)."""
    return _escape(xml_safe(text), {"\r": "&#13;"})


def quoteattr(text: str) -> str:
    """An attribute value, quoted and XML-1.0-safe."""
    return _quoteattr(xml_safe(text))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return cell_json(value) if isinstance(value, list | dict) else str(value)


def _graphml_type(values: list[Any]) -> str:
    """The GraphML type that holds every one of ``values`` (none of them ``None``)."""
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _node_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    result = dict(attributes)
    coordinates = result.pop("coordinates", None)
    if isinstance(coordinates, dict):
        result["latitude"] = float(coordinates["lat"])
        result["longitude"] = float(coordinates["lon"])
        result["coordinate_precision"] = coordinates.get("precision")
    figures = [e.get("fighters", {}) for e in result.get("strength", ())]
    lows = [f.get("low", f.get("best")) for f in figures]
    highs = [f.get("high", f.get("best")) for f in figures]
    lows, highs = [v for v in lows if v is not None], [v for v in highs if v is not None]
    if lows:
        result["fighters_lowest"] = min(lows)
    if highs:
        result["fighters_highest"] = max(highs)
    return result


def _edge_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    if attributes.get("collection") == "support":
        return {**attributes, "denied": bool(attributes.get("denials"))}
    return attributes


def _keys(domain: str, rows: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """``name -> (key id, GraphML type)`` of every attribute of ``rows``, in first-seen order."""
    names = dict.fromkeys(name for row in rows for name in row)
    return {
        name: (
            f"{domain[0]}_{name}",
            _graphml_type([row[name] for row in rows if row.get(name) is not None]),
        )
        for name in names
    }


def _data(keys: dict[str, tuple[str, str]], attributes: dict[str, Any], indent: str) -> list[str]:
    return [
        f"{indent}<data key={quoteattr(keys[k][0])}>{escape(_text(v))}</data>"
        for k, v in attributes.items()
        if v is not None
    ]


def graphml(ds: Dataset) -> str:
    """The GraphML document of the dataset's graph."""
    node_rows = [(i, _node_attributes(a)) for i, a in nodes(ds)]
    edge_rows = [(s, t, k, _edge_attributes(a)) for s, t, k, a in edges(ds)]
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
            f'attr.type="{kind}"/>'
            for name, (key, kind) in keys.items()
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
