"""Quick verdicts for bulk validation: say fast that a record has no integrity finding.

:func:`._integrity.check_record` walks a whole record and builds a JSON pointer for every value
it checks; for an event that costs tens of microseconds, most of the time of bulk validation.
Nearly every record of a bulk conversion has no finding at all, and :class:`QuickCheck` asks
only that yes-or-no question, looking only where the schema lets each kind of value be
(:func:`._schemas.locations`; every object in the schemas is closed, so nothing is missed):

- every reference names a known record of an allowed type, and no record points at itself;
- every date and period is real (parsed once per distinct string) and in order;
- every figure is a whole number, in order, with the numbers its qualifier needs;
- the record's text has no character a finding could be about (:func:`._text.is_plain_json`).

A yes is final. A no only means "look closer": the record goes to ``check_record``, which
yields the findings (or finds none, when the quick check could not tell cheaply). So the
verdicts and the messages of bulk validation are exactly those of ``check_record``.

Like attrs, it writes one plain Python function per record type (:attr:`QuickCheck.source`),
with every location spelled out as a comprehension: a bulk file of a million records calls it
a million times, and a generic walk over the locations costs several times more.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import operator
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ._dates import PartialDate, Period
from ._integrity import (
    _DATE_FIELDS,
    _ORDERED,
    _PARTY,
    _PERIOD_FIELDS,
    _PLACE_RELATIONS,
    _REFERENCE_FIELDS,
    ENDS,
    _tokens,
    quantity_findings,
)
from ._jsonio import within_limits
from ._jsonl import has_long_number
from ._limits import MAX_ARRAY_ITEMS, MAX_STRING_CHARS
from ._schemas import locations
from ._text import is_plain_json

__all__ = ["QuickCheck"]

Path = tuple[str, ...]
T = TypeVar("T")

_UNKNOWN: Any = object()
_CACHE_LIMIT = 100_000
"""Distinct date and period strings remembered (a bulk file repeats a few thousand)."""


def _remembered(compute: Callable[[str], T]) -> Callable[[str], T]:
    """``compute``, remembering its answers for up to :data:`_CACHE_LIMIT` distinct strings."""
    cache: dict[str, T] = {}

    def lookup(text: str) -> T:
        found = cache.get(text, _UNKNOWN)
        if found is _UNKNOWN:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            found = cache[text] = compute(text)
        return found  # type: ignore[no-any-return]

    return lookup


def _bounds(text: str) -> tuple[_dt.date, _dt.date] | None:
    """The first and last day of a partial date, or ``None`` when it is not a real date."""
    try:
        date = PartialDate.parse(text)
    except ValueError:
        return None
    return date.earliest, date.latest


def _real_period(text: str) -> bool:
    """Whether a period is real and in order (see :meth:`._dates.Period.parse`)."""
    try:
        Period.parse(text)
    except ValueError:
        return False
    return True


_date_bounds = _remembered(_bounds)
_period_valid = _remembered(_real_period)


def _quantity_ok(quantity: Mapping[str, Any]) -> bool:
    """Whether a figure's numbers are whole and it has no finding.

    A float here (``1e25`` read from a 26-digit integer) is left to the reference, which reads
    the number exactly.
    """
    numbers = (quantity[k] for k in ("low", "best", "high") if k in quantity)
    if any(type(v) is not int for v in numbers):
        return False
    return next(quantity_findings("", quantity), None) is None


class _Expressions:
    """Python expressions for the values at a location of a schema-valid ``record``.

    A required property is taken with :func:`operator.itemgetter` and arrays are flattened
    with :func:`itertools.chain`, so most locations cost no Python-level loop:
    ``("participants", "*", "ref")`` gives ``map(_get_ref, record.get('participants', ()))``.
    The values on the way have the types the schema gives; nothing else is assumed.
    """

    def __init__(self, record_type: str, names: dict[str, Any]) -> None:
        self.required = frozenset(locations(record_type, required=True))
        self.names = names

    def _getter(self, key: str) -> str:
        name = f"_get_{key}"
        self.names[name] = operator.itemgetter(key)
        return name

    def values(self, path: Path) -> tuple[str, bool]:
        """The expression, and whether it gives many values (an iterable) or exactly one."""
        expression, many = "record", False
        position = 0
        while position < len(path):
            token, here = path[position], path[: position + 1]
            follows = path[position + 1] if position + 1 < len(path) else None
            if token == "*":
                expression = f"chain.from_iterable({expression})" if many else expression
                many = True
            elif many:
                if here in self.required:
                    expression = f"map({self._getter(token)}, {expression})"
                else:
                    expression = f"[x[{token!r}] for x in {expression} if {token!r} in x]"
            elif here in self.required:
                expression = f"{expression}[{token!r}]"
            elif follows == "*":  # an optional array: absent is empty
                expression, many = f"{expression}.get({token!r}, ())", True
                position += 1
            else:
                expression = f"(({expression}[{token!r}],) if {token!r} in {expression} else ())"
                many = True
            position += 1
        return expression, many

    def iterable(self, path: Path) -> str:
        """An expression for an iterable of the values; a comprehension under an optional
        field is skipped when the record has no such field at all."""
        expression, many = self.values(path)
        if not many:
            return f"({expression},)"
        if " for x in " in expression and (path[0],) not in self.required:
            return f"({expression} if {path[0]!r} in record else ())"
        return expression

    def each(self, path: Path, refused: str) -> list[str]:
        """Lines that return ``False`` when a value at ``path`` is ``refused`` (a condition on
        ``value``)."""
        expression, many = self.values(path)
        if not many:
            return [f"    value = {expression}", f"    if {refused}:", "        return False"]
        return [
            f"    for value in {self.iterable(path)}:",
            f"        if {refused}:",
            "            return False",
        ]


class QuickCheck:
    """A fast yes for records of one type with no integrity finding.

    ``type_code`` turns a record type into what the ``types`` mapping given to :meth:`passes`
    maps that type's IDs to: the caller keeps its own index of known IDs (it is only read), and
    an ID it does not know must map to nothing ``type_code`` gives.
    """

    def __init__(self, record_type: str, type_code: Callable[[str], int]) -> None:
        self.record_type = record_type
        names: dict[str, Any] = {
            "_date_bounds": _date_bounds,
            "_period_valid": _period_valid,
            "_quantity_ok": _quantity_ok,
            "is_plain_json": is_plain_json,
            "has_long_number": has_long_number,
            "within_limits": within_limits,
            "chain": itertools.chain,
        }
        lines = ["def passes(record, raw, types):", "    get = types.get"]

        def allowed(types: frozenset[str]) -> str:
            name = f"_allowed_{len(names)}"
            names[name] = frozenset(map(type_code, types))
            return name

        at = _Expressions(record_type, names)
        # References, grouped by the record types they may point at.
        groups: dict[frozenset[str], list[str]] = {}
        for pattern, kinds in _REFERENCE_FIELDS[record_type]:
            groups.setdefault(kinds, []).append(at.iterable(_tokens(pattern)))
        for where in locations(record_type, "citations"):
            groups.setdefault(frozenset({"source"}), []).append(
                at.iterable((*where, "*", "source"))
            )
        for kinds, found in groups.items():
            values = found[0] if len(found) == 1 else f"chain({', '.join(found)})"
            lines.append(f"    if not {allowed(kinds)}.issuperset(map(get, {values})):")
            lines.append("        return False")
        if record_type == "relation":  # what "object" may be depends on the relation's type
            names["_PLACE_RELATIONS"] = _PLACE_RELATIONS
            places, parties = allowed(frozenset({"place"})), allowed(_PARTY)
            lines += [
                "    if 'object' in record:",
                f"        kinds = {places} if record.get('type') in _PLACE_RELATIONS "
                f"else {parties}",
                "        if get(record['object']) not in kinds:",
                "            return False",
            ]
        if record_type in ENDS:
            first, last = ENDS[record_type]
            lines.append(f"    if record.get({first!r}) == record.get({last!r}):")
            lines.append("        return False")
        # Dates and periods: real, and in order.
        for pattern in _DATE_FIELDS.get(record_type, ()):
            lines += at.each(_tokens(pattern), "_date_bounds(value) is None")
        for pattern in _PERIOD_FIELDS.get(record_type, ()):
            lines += at.each(_tokens(pattern), "not _period_valid(value)")
        if record_type in _ORDERED:  # both were checked to be real dates just above
            first, last = _ORDERED[record_type]
            assert {f"/{first}", f"/{last}"} <= set(_DATE_FIELDS[record_type])
            lines += [
                f"    if {first!r} in record and {last!r} in record:",
                f"        if _date_bounds(record[{last!r}])[1] < "
                f"_date_bounds(record[{first!r}])[0]:",
                "            return False",
            ]
        for where in locations(record_type, "quantity"):
            lines += at.each(where, "not _quantity_ok(value)")
        lines.append("    return is_plain_json(raw)")
        # Whether orjson read the record as the reference parser does: a whole number it read
        # as a float was too long for it, a long decimal number is left to the text, and a
        # string or an array over the limit is refused by the reference (the closed schemas
        # bound the rest: members per object and nesting).
        lines += ["", "def exact(record, raw):"]
        # A string longer than the limit: only possible in a record longer than the limit.
        lines.append(f"    if len(raw) > {MAX_STRING_CHARS} and not within_limits(record, 1):")
        lines.append("        return False")
        for where in locations(record_type, json_type="array"):
            lines += at.each(where, f"len(value) > {MAX_ARRAY_ITEMS}")
        for where in locations(record_type, json_type="integer"):
            lines += at.each(where, "type(value) is not int")
        if locations(record_type, json_type="number"):
            lines.append("    return not has_long_number(raw)")
        lines.append("    return True")
        self.source = "\n".join(lines) + "\n"
        """The Python source of :attr:`passes` and :attr:`exact` for this record type."""
        exec(compile(self.source, f"<quick check of {record_type}>", "exec"), names)
        self.passes: Callable[[dict[str, Any], bytes, Mapping[str, int]], bool] = names["passes"]
        """``passes(record, raw, types)``: whether a schema-valid record, parsed from ``raw``,
        certainly has no finding; ``types`` maps every known ID to its record type's code."""
        self.exact: Callable[[dict[str, Any], bytes], bool] = names["exact"]
        """``exact(record, raw)``: whether orjson read a schema-valid record as the reference
        parser would: every number the same (see :func:`._jsonl.parse_line_fast`), and no
        string or array over the limits the schema leaves open."""
