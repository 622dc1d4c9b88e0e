"""The in-memory dataset: typed collections with O(1) access by ID, and lookup by name."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from .._model.records import (
    COLLECTION_TYPES,
    Actor,
    ArmedGroup,
    Event,
    Place,
    Record,
    Relation,
    Source,
    Support,
)
from ..exceptions import AmbiguousName, NameNotFound, RecordNotFound, UsageError
from .collection import Collection, DateLike
from .graph import GraphQueries

if TYPE_CHECKING:  # imported where used: load() does not need them
    from .._model.tombstones import Tombstone
    from .resolve import Candidate, NameIndex

__all__ = ["Collection", "Dataset", "DateLike", "RepeatedID"]

_COLLECTIONS = tuple(COLLECTION_TYPES)


class RepeatedID(UsageError):
    """Two records given to :class:`Dataset` share an ID: ``record_id``, the first repeated."""

    def __init__(self, record_id: str) -> None:
        super().__init__(f"the ID {record_id!r} is used by two records")
        self.record_id = record_id


def _repeated_id(records: Iterable[Record]) -> str:
    """The first ID that two of these records share (there is one)."""
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            return record.id
        seen.add(record.id)
    raise AssertionError("no ID is repeated")


class Dataset(GraphQueries):
    """The records of one release or data folder, by collection, with lookups by ID and name.

    Graph navigation (:meth:`members`, :meth:`parents`, :meth:`leaders`, :meth:`predecessors`,
    :meth:`successors`, :meth:`supporters`, :meth:`supported`, :meth:`events_of`,
    :meth:`events_at`, :meth:`timeline`) comes from :class:`~libya_conflict._graph.GraphQueries`.
    """

    sources: Collection[Source]
    places: Collection[Place]
    actors: Collection[Actor]
    armed_groups: Collection[ArmedGroup]
    relations: Collection[Relation]
    support: Collection[Support]
    events: Collection[Event]

    def __init__(
        self,
        records: Iterable[Record],
        *,
        tombstones: Iterable[Tombstone] = (),
        version: str | None = None,
    ) -> None:
        self.version = version
        """The release the data comes from (its manifest's version); ``None`` if unknown."""
        self.tombstones: Mapping[str, Tombstone] = MappingProxyType({t.id: t for t in tombstones})
        """The tombstones of removed or merged record IDs, by ID."""
        grouped: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            grouped[record.collection].append(record)
        self._by_id: dict[str, Record] = {}
        for name in _COLLECTIONS:
            collection = Collection(
                name, grouped[name], tombstones=self.tombstones, resolver=self._party_id
            )
            setattr(self, name, collection)
            self._by_id.update(collection._by_id)
        if len(self._by_id) < sum(len(grouped[name]) for name in _COLLECTIONS):  # one lost
            raise RepeatedID(_repeated_id(r for name in _COLLECTIONS for r in grouped[name]))

    def _name_hint(self, text: str) -> str:
        """A pointer to the record that ``text`` names, for an ID that is really a name.

        Looked up in the name index (built once, on the first miss): a miss costs the same
        however many records there are. Only a name or alias of one record (as written or
        normalised) counts; close spellings would compare ``text`` with every name.
        """
        found = self._name_index.named(text)
        if len(found) != 1:
            return ""
        record_id = found[0].record.id
        return f"; {text!r} is a name of {record_id!r} (IDs are lowercase; resolve() takes names)"

    def _party_id(self, value: str, collections: frozenset[str]) -> str:
        """The ID a filter or graph query answers for: ``value`` if it is an ID, the successor of
        a merged ID (with a :class:`DeprecationWarning`), else the record ``value`` names among
        ``collections``, resolved as :meth:`resolve` does.

        Raises :class:`~libya_conflict.AmbiguousName` when the name fits several records
        equally well, and :class:`~libya_conflict.RecordNotFound` with ``suggestions`` (the
        closest names and the IDs of their records) when nothing has that ID or name, or the ID
        was removed.
        """
        if value in self._by_id:
            return value
        if value in self.tombstones:
            return self.get(value).id
        found = self._name_index.best(value, collections)
        if len(found) == 1:
            return found[0].record.id
        if found:
            raise _ambiguous(value, found)
        near = self._name_index.candidates(value, collections)[:5]
        shown = ", ".join(f"{c.record.names[0]} ({c.record.id})" for c in near)
        raise RecordNotFound(
            f"no record has the ID or name {value!r}" + (f"; closest: {shown}" if shown else ""),
            [c.record.id for c in near],
        )

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}={len(getattr(self, n))}" for n in _COLLECTIONS)
        return f"<Dataset {counts}>"

    def __iter__(self) -> Iterator[Record]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    def get(self, record_id: str) -> Record:
        """The record with this ID, in any collection.

        The ID of a record that was merged into another leads to its successor, with a
        :class:`DeprecationWarning` naming the ID to use. Raises
        :class:`~libya_conflict.RecordNotFound` (a :class:`KeyError`) if there is no record,
        saying why when the ID was removed.
        """
        record = self._by_id.get(record_id)
        if record is not None:
            return record
        tombstone = self.tombstones.get(record_id)
        if tombstone is None:
            raise RecordNotFound(f"no record has the ID {record_id!r}{self._name_hint(record_id)}")
        from .._model.tombstones import current_id

        record = self._by_id.get(current_id(self.tombstones, record_id))
        if record is None:
            raise RecordNotFound(str(tombstone))
        return record

    @cached_property
    def _names(self) -> dict[str, list[tuple[int, Record]]]:
        from .._model.names import normalise_name

        index: dict[str, list[tuple[int, Record]]] = defaultdict(list)
        for record in self:
            for rank, name in enumerate(record.names):
                key = normalise_name(name)
                if key and all(r.id != record.id for _, r in index[key]):
                    index[key].append((min(rank, 1), record))
        return dict(index)

    def lookup(self, name: str, *, collection: str | None = None) -> tuple[Record, ...]:
        """Every record with this name or alias, primary names first; empty if none.

        Matching ignores case, diacritics, apostrophes, punctuation and the Arabic article.
        """
        from .._model.names import normalise_name

        hits = sorted(self._names.get(normalise_name(name), []), key=lambda hit: hit[0])
        return tuple(r for _, r in hits if collection is None or r.collection == collection)

    @cached_property
    def _name_index(self) -> NameIndex:
        from .resolve import NameIndex

        return NameIndex(self)

    def candidates(
        self, name: str, *, collection: str | None = None, limit: int = 10
    ) -> tuple[Candidate, ...]:
        """The records ``name`` may refer to, best first, at most ``limit``: the ranking
        :meth:`resolve` decides by and takes its suggestions from.

        Each record appears once, at its best tier (see :class:`~libya_conflict.Candidate`):
        a name or alias as written, then normalised, then a whole-word match, then a prefix,
        then a close spelling (``Khalifa Haftr``, ``Misurata``), then ``near`` names, which
        are suggestions only.
        """
        _check_collection(collection)
        scope = None if collection is None else (collection,)
        return tuple(self._name_index.candidates(name, scope)[:limit])

    def resolve(self, name: str, *, collection: str | None = None) -> Record:
        """The one record that this name clearly means (``"Hifter"`` -> Khalifa Haftar).

        The tiers of :meth:`candidates` are searched in turn, each only when the ones above it
        found nothing; the first that finds any decides. Raises
        :class:`~libya_conflict.AmbiguousName`, naming every record it found, when that tier
        found several (pass ``collection=`` or a fuller name to choose), and
        :class:`~libya_conflict.NameNotFound`, with the closest names from the same ranking as
        ``suggestions``, when no tier found any. Words, prefixes and close spellings are looked
        for among actors, armed groups and places unless ``collection=`` names another.
        """
        _check_collection(collection)
        scope = None if collection is None else (collection,)
        found = self._name_index.best(name, scope)
        if not found:
            shown = self._name_index.suggestions(name, scope)
            detail = f"; closest: {', '.join(shown)}" if shown else ""
            raise NameNotFound(f"no record is named {name!r}{detail}", shown)
        if len(found) > 1:
            raise _ambiguous(name, found)
        return found[0].record


def _ambiguous(name: str, found: list[Candidate]) -> AmbiguousName:
    listed = "; ".join(f"{c.record.id} ({c.record.collection}: {c.name})" for c in found)
    return AmbiguousName(
        f"{name!r} matches {len(found)} records equally well ({found[0].match} match): "
        f"{listed}; give an ID or a fuller name, or pass collection= to choose",
        [c.record.id for c in found],
    )


def _check_collection(collection: str | None) -> None:
    if collection is not None and collection not in _COLLECTIONS:
        raise UsageError(f"unknown collection {collection!r}; choose one of {_COLLECTIONS}")
