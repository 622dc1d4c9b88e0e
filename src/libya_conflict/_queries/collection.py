"""A typed, immutable collection of records of one type: indexed by ID, filtered by field,
date and party (the indexes are built on first use)."""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from .._model.dates import PartialDate
from .._model.records import (
    COLLECTION_TYPES,
    RECORD_CLASSES,
    Event,
    Record,
    Relation,
    Support,
    span,
)
from ..exceptions import RecordNotFound, UsageError
from .gcpause import gc_paused

if TYPE_CHECKING:  # imported where used: load() does not need them
    import datetime as _dt

    from .._model.tombstones import Tombstone
    from .indexes import DateIndex, PartyIndex

__all__ = ["Collection", "DateLike"]

R = TypeVar("R", bound=Record)

DateLike: TypeAlias = "PartialDate | _dt.date | str"

_NO_TOMBSTONES: Mapping[str, Tombstone] = MappingProxyType({})

_PARTY_FIELDS = frozenset({"subject", "object", "supporter", "recipient"})
"""The fields :meth:`Collection.where` narrows through the party index."""

Resolver: TypeAlias = Callable[[str, frozenset[str]], str]
"""Turns an ID or a name into the ID it stands for, among the collections given."""

_PARTIES = frozenset({"actors", "armed_groups"})
_PLACES = frozenset({"places"})
_REFERENCES: dict[str, dict[str, frozenset[str]]] = {
    "places": {"located_in": _PLACES},
    "relations": {"subject": _PARTIES, "object": _PARTIES | _PLACES},
    "support": {"supporter": _PARTIES, "recipient": _PARTIES, "via": _PARTIES | _PLACES},
    "events": {"places": _PLACES},
}
"""The fields of each collection that hold record IDs, and the collections they point into."""
_INVOLVED = {"relations": _PARTIES | _PLACES}
"""Who :meth:`Collection.involving` may name, where not only actors and armed groups."""


@functools.cache
def _enums(collection: str) -> dict[str, type[enum.Enum] | None]:
    """Every field of a collection's records, with the enumeration its values come from."""
    hints = typing.get_type_hints(RECORD_CLASSES[COLLECTION_TYPES[collection]])
    fields: dict[str, type[enum.Enum] | None] = {}
    for field, hint in hints.items():
        kinds = [hint, *typing.get_args(hint)]
        fields[field] = next(
            (k for k in kinds if isinstance(k, type) and issubclass(k, enum.Enum)), None
        )
    return fields


def _check_enum(collection: str, field: str, kind: type[enum.Enum], value: Any) -> None:
    """Refuse a value outside the enumeration, naming the values it could have meant."""
    allowed = [str(member.value) for member in kind]
    if value is None or isinstance(value, kind) or value in allowed:
        return
    from rapidfuzz import fuzz, process

    text = str(value)
    near = [v for v in allowed if v.casefold() == text.casefold()] or [
        v
        for v, _, _ in process.extract(text, allowed, scorer=fuzz.WRatio, limit=2, score_cutoff=60)
    ]
    hint = f"; did you mean {' or '.join(map(repr, near))}?" if near else ""
    raise UsageError(
        f"{value!r} is not a value of {collection}.{field}{hint} (one of {', '.join(allowed)})"
    )


def _as_date(value: DateLike) -> PartialDate | _dt.date:
    return PartialDate.parse(value) if isinstance(value, str) else value


def _parties(record: Record) -> frozenset[str]:
    if isinstance(record, Event):
        return frozenset(p.ref for p in record.participants)
    if isinstance(record, Relation):
        return frozenset((record.subject, record.object))
    if isinstance(record, Support):
        return frozenset((record.supporter, record.recipient))
    return frozenset()


def _matches(value: Any, wanted: Any) -> bool:
    if isinstance(value, tuple):
        return wanted in value
    return bool(value == wanted)


class Collection(Generic[R]):
    """An immutable, ordered set of records of one type, indexed by ID.

    Iterable and sized; ``collection[id]`` and :meth:`get` are constant time. The query
    methods (:meth:`where`, :meth:`between`, :meth:`at`, :meth:`involving`, :meth:`filter`)
    return a new :class:`Collection`, so they chain.
    """

    __slots__ = ("_by_id", "_dates", "_parties", "_positions", "_resolver", "_tombstones", "name")

    def __init__(
        self,
        name: str,
        records: Iterable[R],
        *,
        tombstones: Mapping[str, Tombstone] = _NO_TOMBSTONES,
        resolver: Resolver | None = None,
    ) -> None:
        self.name = name
        self._tombstones = tombstones  # the dataset's: involving() follows merged IDs
        self._resolver = resolver  # the dataset's: filters take names as well as IDs
        self._by_id: dict[str, R] = {r.id: r for r in records}
        self._positions: list[R] | None = None  # the records by position, for the indexes
        self._dates: DateIndex | None = None  # built by the first date query
        self._parties: PartyIndex | None = None  # built by the first party query

    def _by_position(self) -> list[R]:
        if self._positions is None:
            self._positions = list(self._by_id.values())
        return self._positions

    def _at_positions(self, positions: Iterable[int]) -> Collection[R]:
        records = self._by_position()
        return self._new(records[i] for i in positions)

    def _new(self, records: Iterable[R]) -> Collection[R]:
        """A collection of these records with this one's name and tombstones."""
        return Collection(self.name, records, tombstones=self._tombstones, resolver=self._resolver)

    def _current(self, record_id: str, collections: frozenset[str] = _PARTIES) -> str:
        """The ID a filter answers for: ``record_id``, the successor of a merged record (see
        ``_tombstones.current_id``), or, in a dataset's collection, the record a name stands for
        among ``collections`` (raising when there is none, or several)."""
        if self._resolver is not None:
            return self._resolver(record_id, collections)
        if record_id in self._tombstones:
            from .._model.tombstones import current_id

            return current_id(self._tombstones, record_id)
        return record_id

    def __iter__(self) -> Iterator[R]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, item: object) -> bool:
        key = getattr(item, "id", item)
        return isinstance(key, str) and key in self._by_id

    def __getitem__(self, record_id: str) -> R:
        try:
            return self._by_id[record_id]
        except KeyError:
            raise RecordNotFound(f"no {self.name} record has the ID {record_id!r}") from None

    def get(self, record_id: str, default: R | None = None) -> R | None:
        """The record with this ID, or ``default``."""
        return self._by_id.get(record_id, default)

    def __repr__(self) -> str:
        return f"<Collection {self.name}: {len(self)} records>"

    def ids(self) -> tuple[str, ...]:
        """Every record ID, in order."""
        return tuple(self._by_id)

    def filter(self, predicate: Callable[[R], bool]) -> Collection[R]:
        """The records for which ``predicate`` is true."""
        return self._new(r for r in self if predicate(r))

    def where(self, **criteria: Any) -> Collection[R]:
        """The records whose fields equal the values given; for an array field, contain it.

        ``ds.support.where(recipient="LNA", kinds="drones")``. In a dataset's collection, a field
        that refers to records (``subject``, ``object``, ``supporter``, ``recipient``, ``via``,
        ``places``, ``located_in``) takes an ID or any name, resolved as
        :meth:`~libya_conflict.Dataset.resolve` resolves it. Raises :class:`AttributeError`
        naming the field when the record type has no such field;
        :class:`~libya_conflict.UsageError` for a value outside a field's enumeration, naming
        the value meant (``"battles"``: ``'Battles'``); and
        :class:`~libya_conflict.RecordNotFound` (with ``suggestions``) or
        :class:`~libya_conflict.AmbiguousName` for a record no ID or name designates clearly.
        """
        fields = _enums(self.name) if self.name in COLLECTION_TYPES else None
        references = _REFERENCES.get(self.name, {})
        criteria = dict(criteria)
        for field, value in criteria.items():
            if fields is not None and field not in fields:
                raise AttributeError(f"{self.name} records have no field {field!r}")
            kind = fields.get(field) if fields is not None else None
            if kind is not None:
                _check_enum(self.name, field, kind, value)
            elif field in references and isinstance(value, str):
                criteria[field] = self._current(value, references[field])
        if fields is None:  # a collection of no known type: its first record has the fields
            for field in criteria:
                for record in self:
                    if not hasattr(record, field):
                        raise AttributeError(f"{self.name} records have no field {field!r}")
                    break
        base = self
        for field in _PARTY_FIELDS.intersection(criteria):
            if isinstance(criteria[field], str):  # narrow by the party index first
                base = self.involving(criteria[field])
                break
        return base.filter(lambda r: all(_matches(getattr(r, k), v) for k, v in criteria.items()))

    def between(self, start: DateLike, end: DateLike) -> Collection[R]:
        """The records whose dates may overlap ``start``..``end`` (inclusive).

        Dates of partial precision overlap by their whole span: an event dated ``2019-04``
        is between ``2019-04-10`` and ``2019-04-12``. Records with no date are left out; an
        unknown or open end of a period counts as unbounded. Raises
        :class:`~libya_conflict.UsageError` (a :class:`ValueError`) for a range that ends before
        it starts.
        """
        lo = _as_date(start)
        hi = _as_date(end)
        lo_day = lo.earliest if isinstance(lo, PartialDate) else lo
        hi_day = hi.latest if isinstance(hi, PartialDate) else hi
        if hi_day < lo_day:
            raise UsageError(f"the range ends ({end}) before it starts ({start})")

        if self._dates is None:
            from .indexes import DateIndex

            with gc_paused():
                self._dates = DateIndex([span(r) for r in self._by_position()])
        return self._at_positions(self._dates.overlapping(lo_day, hi_day))

    def at(self, date: DateLike) -> Collection[R]:
        """The records whose dates may include ``date``."""
        return self.between(date, date)

    def involving(self, record_id: str, *, role: str | None = None) -> Collection[R]:
        """The events, relations and support records that name ``record_id`` as a party.

        With ``role=``, only events where the party plays that role (``"perpetrator"``; a role
        outside :class:`~libya_conflict.ParticipantRole` raises
        :class:`~libya_conflict.UsageError`). The ID of a record merged into another stands for
        its successor, with a :class:`DeprecationWarning`. In a dataset's collection, a name
        stands for the record it resolves to (an actor or armed group; for relations, a place
        too), and an unknown one raises :class:`~libya_conflict.RecordNotFound` with
        suggestions, or :class:`~libya_conflict.AmbiguousName`.
        """
        if role is not None:
            from .._model.records import ParticipantRole

            _check_enum("events", "role", ParticipantRole, role)
        record_id = self._current(record_id, _INVOLVED.get(self.name, _PARTIES))
        if self._parties is None:
            from .indexes import PartyIndex

            with gc_paused():
                self._parties = PartyIndex(self._by_position(), _parties)  # type: ignore[arg-type]
        found = self._at_positions(self._parties.positions(record_id))
        if role is None:
            return found
        return found.filter(
            lambda r: (
                isinstance(r, Event)
                and any(p.ref == record_id and p.role == role for p in r.participants)
            )
        )

    def at_place(self, *place_ids: str) -> Collection[R]:
        """The events at any of these places, and relations (``based_in``, ``controls``) to them.

        Takes place IDs or names, as :meth:`involving` takes parties (a merged place's ID stands
        for its successor); :meth:`Dataset.events_at` also follows places located within a place.
        """
        wanted = {self._current(place, _PLACES) for place in place_ids}

        def here(record: R) -> bool:
            if isinstance(record, Event):
                return not wanted.isdisjoint(record.places)
            return isinstance(record, Relation) and record.object in wanted

        return self.filter(here)

    def chronological(self) -> Collection[R]:
        """The same records ordered by first possible day, then last, then ID; undated last."""

        from datetime import date

        def key(record: R) -> tuple[bool, _dt.date, _dt.date, str]:
            first, last = span(record) or (None, None)
            undated = first is None and last is None
            return (undated, first or date.min, last or date.max, record.id)

        return self._new(sorted(self, key=key))
