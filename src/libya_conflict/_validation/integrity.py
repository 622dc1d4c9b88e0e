"""Checks across records that a JSON Schema cannot express.

They run on records that already passed their schema: references resolve to records of an
allowed type, dates exist and are in order, figures are ordered and match their qualifier, no
record points at itself, and no text hides controls, invisible characters or lookalike letters
(:mod:`._text`). Each check yields ``(pointer, code, message, hint)``.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .._model.dates import PartialDate, Period
from .._model.text import confusable_key, text_findings

__all__ = [
    "NAMESPACES",
    "Finding",
    "NameIndex",
    "check_names",
    "check_record",
    "citation_sources",
    "citations",
    "names",
    "quantity_findings",
    "references",
    "taken_names",
]

Finding = tuple[str, str, str, str | None]
"""``(JSON pointer, code, message, hint)``."""

SUGGESTION_LIMIT = 20_000
"""Up to this many known IDs, a dangling reference gets a "did you mean" hint."""

_CONTAINERS = (dict, list)

_PARTY = frozenset({"actor", "armed_group"})
_PLACE = frozenset({"place"})
_PARTY_OR_PLACE = _PARTY | _PLACE
_SOURCE = frozenset({"source"})
_PLACE_RELATIONS = frozenset({"based_in", "controls"})

# Where each record type points at other records, as JSON pointers ("*" = every array item),
# and which record types may be pointed at. Citations are found wherever they are.
_REFERENCE_FIELDS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "source": (),
    "place": (("/located_in", _PLACE),),
    "actor": (),
    "armed_group": (),
    "relation": (("/subject", _PARTY),),  # "/object" depends on the relation type
    "support": (
        ("/supporter", _PARTY),
        ("/recipient", _PARTY),
        ("/via/*", _PARTY_OR_PLACE),
        ("/denials/*/by", _PARTY),
    ),
    "event": (
        ("/places/*", _PLACE),
        ("/participants/*/ref", _PARTY),
        ("/casualties/*/party", _PARTY),
    ),
    "tombstone": (),  # "/successor" must have the removed record's type
}


@functools.cache
def _tokens(pointer: str) -> tuple[str, ...]:
    return tuple(pointer.strip("/").split("/"))


def _resolve(record: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """Yield ``(concrete pointer, value)`` for a pointer pattern with ``*`` wildcards."""
    found: list[tuple[str, Any]] = [("", record)]
    for token in _tokens(pointer):
        step: list[tuple[str, Any]] = []
        for where, value in found:
            if token == "*" and isinstance(value, list):
                step.extend((f"{where}/{i}", item) for i, item in enumerate(value))
            elif isinstance(value, dict) and token in value:
                step.append((f"{where}/{token}", value[token]))
        found = step
        if not found:
            break
    return iter(found)


def citations(value: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(pointer, citation)`` for every item of every ``citations`` array in a JSON value.

    In document order; walked with a stack rather than recursion.
    """
    stack: list[tuple[str, Any, bool]] = [(where, value, False)]
    while stack:
        where, value, cited = stack.pop()
        if cited:
            for i, citation in enumerate(value):
                yield f"{where}/citations/{i}", citation
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                if key == "citations" and isinstance(item, list):
                    stack.append((where, item, True))
                elif isinstance(item, _CONTAINERS):
                    stack.append((f"{where}/{key}", item, False))
        elif isinstance(value, list):
            for i in range(len(value) - 1, -1, -1):
                if isinstance(value[i], _CONTAINERS):
                    stack.append((f"{where}/{i}", value[i], False))


def citation_sources(value: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(pointer, source ID)`` for every citation anywhere in a JSON value."""
    for pointer, citation in citations(value, where):
        if isinstance(citation, dict) and "source" in citation:
            yield f"{pointer}/source", citation["source"]


def references(
    record_type: str, record: Mapping[str, Any]
) -> Iterator[tuple[str, str, frozenset[str]]]:
    """Yield ``(pointer, referenced ID, allowed record types)`` for every reference in a record."""
    for pattern, allowed in _REFERENCE_FIELDS[record_type]:
        for where, value in _resolve(record, pattern):
            yield where, value, allowed
    if record_type == "tombstone" and "successor" in record:
        yield "/successor", record["successor"], frozenset({record["record_type"]})
    if record_type == "relation" and "object" in record:
        allowed = _PLACE if record.get("type") in _PLACE_RELATIONS else _PARTY
        yield "/object", record["object"], allowed
    for where, value in citation_sources(record):
        yield where, value, _SOURCE


ENDS = {"relation": ("subject", "object"), "support": ("supporter", "recipient")}
"""The two parties of a relation or a support record, which must differ."""


def _article(name: str) -> str:
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _check_references(
    record_type: str, record: Mapping[str, Any], index: Mapping[str, str]
) -> Iterator[Finding]:
    for where, ref, allowed in references(record_type, record):
        found = index.get(ref)
        if found in allowed:
            continue
        kinds = " or ".join(sorted(a.replace("_", " ") for a in allowed))
        if found == "tombstone":
            yield (
                where,
                "removed-reference",
                f"{ref!r} is the ID of a removed record (see tombstones/{ref}.json)",
                "point it at the successor the tombstone names, or remove the reference",
            )
        elif found is None:
            hint = None
            if len(index) <= SUGGESTION_LIMIT:  # difflib over a million IDs takes seconds
                candidates = [i for i, t in index.items() if t in allowed]
                close = difflib.get_close_matches(ref, candidates, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}?" if close else None
            yield where, "dangling-reference", f"{ref!r} is not the ID of any {kinds} record", hint
        else:
            yield (
                where,
                "reference-type",
                f"{ref!r} is {_article(found.replace('_', ' '))} record; "
                f"expected {_article(kinds)}",
                None,
            )
    if record_type in ENDS:
        ends = ENDS[record_type]
        if record.get(ends[0]) == record.get(ends[1]):
            yield (
                f"/{ends[1]}",
                "self-reference",
                f"{ends[0]} and {ends[1]} are the same record",
                None,
            )


# Partial dates and periods by record type; pairs that must be in order.
_DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "source": ("/published",),
    "armed_group": ("/founded", "/dissolved", "/strength/*/as_of"),
    "support": ("/denials/*/date",),
    "event": ("/date", "/end_date"),
}
_PERIOD_FIELDS: dict[str, tuple[str, ...]] = {
    "source": ("/period_covered",),
    "relation": ("/period",),
    "support": ("/period",),
}
_ORDERED: dict[str, tuple[str, str]] = {
    "armed_group": ("founded", "dissolved"),
    "event": ("date", "end_date"),
}


def _check_dates(record_type: str, record: Mapping[str, Any]) -> Iterator[Finding]:
    parsed: dict[str, PartialDate] = {}
    for pattern in _DATE_FIELDS.get(record_type, ()):
        for where, value in _resolve(record, pattern):
            try:
                parsed[where.lstrip("/")] = PartialDate.parse(value)
            except ValueError as exc:
                yield where, "impossible-date", f"{value!r} is not a real date: {exc}", None
    for pattern in _PERIOD_FIELDS.get(record_type, ()):
        for where, value in _resolve(record, pattern):
            try:
                Period.parse(value)
            except ValueError as exc:
                code = "date-order" if "before it starts" in str(exc) else "impossible-date"
                yield where, code, f"{value!r} is not a valid period: {exc}", None
    if record_type in _ORDERED:
        first, last = _ORDERED[record_type]
        if first in parsed and last in parsed and parsed[last].latest < parsed[first].earliest:
            yield (
                f"/{last}",
                "date-order",
                f"{last} {parsed[last]} is before {first} {parsed[first]}",
                None,
            )


_NEEDS: dict[str, tuple[str, ...]] = {
    "exact": ("best",),
    "approximate": ("best",),
    "at_least": ("low",),
    "at_most": ("high",),
    "range": ("low", "high"),
    "vague": (),
}


def _quantities(value: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(pointer, quantity)`` for every quantity object, in document order."""
    stack: list[tuple[str, Any]] = [(where, value)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            if "qualifier" in value and "as_reported" in value:
                yield where, value
            for key, item in reversed(value.items()):
                if isinstance(item, _CONTAINERS):
                    stack.append((f"{where}/{key}", item))
        elif isinstance(value, list):
            for i in range(len(value) - 1, -1, -1):
                if isinstance(value[i], _CONTAINERS):
                    stack.append((f"{where}/{i}", value[i]))


def _check_quantities(record: Mapping[str, Any]) -> Iterator[Finding]:
    for where, quantity in _quantities(record):
        yield from quantity_findings(where, quantity)


def quantity_findings(where: str, quantity: Mapping[str, Any]) -> Iterator[Finding]:
    """Yield the findings for one figure: numbers out of order, or not what its qualifier
    needs."""
    present = [k for k in ("low", "best", "high") if k in quantity]
    values = [quantity[k] for k in present]
    if values != sorted(values):
        shown = ", ".join(f"{k} {quantity[k]}" for k in present)
        yield (
            where,
            "range-order",
            f"figures out of order ({shown}); need low <= best <= high",
            None,
        )
    qualifier = quantity["qualifier"]
    missing = [k for k in _NEEDS[qualifier] if k not in quantity]
    if missing:
        yield (
            where,
            "quantity-qualifier",
            f"a {qualifier!r} figure needs {' and '.join(missing)}",
            None,
        )
    if qualifier == "vague" and present:
        yield (
            where,
            "quantity-qualifier",
            "a 'vague' figure has no numbers; keep only the source's words in as_reported",
            "use another qualifier if the source gives a number",
        )


def check_record(
    record_type: str, record: Mapping[str, Any], index: Mapping[str, str]
) -> Iterator[Finding]:
    """Yield every integrity finding for one schema-valid record.

    ``index`` maps every known record ID (the records given and the bundled ones) to its type.
    """
    yield from _check_references(record_type, record, index)
    yield from _check_dates(record_type, record)
    yield from _check_quantities(record)
    yield from text_findings(record)


# Record types whose names are looked up together: a party's name must not pass for another
# party's, a place's for another place's (the state "Libya" and the place "Libya" may share).
NAMESPACES = {"actor": "party", "armed_group": "party", "place": "place"}
"""The record types with names, and the namespace each type's names are looked up in."""

NameIndex = Mapping[tuple[str, str], frozenset[str] | set[str]]
"""``(namespace, confusable key)`` -> the IDs of the records with a name of that key."""


def names(record_type: str, record: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """Yield ``(pointer, namespace, name)`` for the name and every alias of a named record."""
    namespace = NAMESPACES.get(record_type)
    if namespace is None:
        return
    if isinstance(record.get("name"), str):
        yield "/name", namespace, record["name"]
    aliases = record.get("aliases")
    for i, alias in enumerate(aliases if isinstance(aliases, list | tuple) else ()):
        if isinstance(alias, str):
            yield f"/aliases/{i}", namespace, alias


def taken_names(
    named: Iterable[tuple[str, str, Mapping[str, Any]]],
    earlier: NameIndex | None = None,
) -> dict[tuple[str, str], set[str]]:
    """The :data:`NameIndex` of ``named`` records, ``(record type, ID, record)``, over the
    ``earlier`` index (the bundled names), whose records with the same IDs they replace."""
    found: dict[tuple[str, str], set[str]] = {}
    ids: set[str] = set()
    for record_type, record_id, record in named:
        ids.add(record_id)
        for _, namespace, name in names(record_type, record):
            found.setdefault((namespace, confusable_key(name)), set()).add(record_id)
    taken = {key: set(others) - ids for key, others in (earlier or {}).items()}
    for key, new in found.items():
        taken.setdefault(key, set()).update(new)
    return taken


def check_names(record_type: str, record: Mapping[str, Any], taken: NameIndex) -> Iterator[Finding]:
    """Yield a ``name-taken`` finding for each other record that one of these names passes for.

    ``taken`` indexes the names of every known record (:data:`NameIndex`); two names clash when
    their :func:`~libya_conflict._text.confusable_key` is the same, so an impostor spelled
    with a Cyrillic letter, another case or an extra article clashes too. One finding per other
    record, at the first name that clashes with it.
    """
    clashes: dict[str, list[tuple[str, str]]] = {}
    for where, namespace, name in names(record_type, record):
        key = confusable_key(name)
        for other in sorted(set(taken.get((namespace, key), ())) - {record.get("id")}):
            if key:
                clashes.setdefault(other, []).append((where, name))
    for other, found in clashes.items():
        where, name = found[0]
        more = f" (and {len(found) - 1} more of its names)" if len(found) > 1 else ""
        namespace = NAMESPACES[record_type]
        yield (
            where,
            "name-taken",
            f"{name!r}{more} passes for a name of {other!r}",
            f"if it is the same {namespace}, add to {other!r} instead; "
            "if not, use the name that tells them apart",
        )
