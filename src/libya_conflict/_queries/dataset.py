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
            collection = Collection(name, grouped[name], tombstones=self.tombstones)
            setattr(self, name, collection)
            self._by_id.update(collection._by_id)
        if len(self._by_id) < sum(len(grouped[name]) for name in _COLLECTIONS):  # one lost
            raise RepeatedID(_repeated_id(r for name in _COLLECTIONS for r in grouped[name]))

    def _name_hint(self, text: str) -> str:
        """A pointer to the record that ``text`` names, for an ID that is really a name.

        Looked up in the name index (built once, on the first miss): a miss costs the same
        however many records there are. Only a name, alias or transliteration variant of one
        record counts; a typo search would compare ``text`` with every name.
        """
        found = self._name_index.named(text)
        top = [c.record for c in found if c.rank == found[0].rank] if found else []
        if len(top) != 1:
            return ""
        return f"; {text!r} is a name of {top[0].id!r} (IDs are lowercase; resolve() takes names)"

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
        """The records ``name`` may refer to, best first, at most ``limit``.

        Exact names outrank aliases, which outrank transliteration variants (``Hiftar``,
        ``Misurata``, ``Darna``), which outrank typos (``Khalifa Haftr``).
        """
        _check_collection(collection)
        return tuple(self._name_index.candidates(name, collection)[:limit])

    def resolve(self, name: str, *, collection: str | None = None) -> Record:
        """The one record that best matches this name (``"Hifter"`` -> Khalifa Haftar).

        Ranks candidates as :meth:`candidates` does. Raises
        :class:`~libya_conflict.NameNotFound`, listing the closest names, when nothing matches,
        and :class:`~libya_conflict.AmbiguousName` when several records match equally well
        (pass ``collection=`` to narrow).
        """
        _check_collection(collection)
        found = self._name_index.best(name, collection)
        if not found:
            shown = self._name_index.closest(name, collection)
            detail = f"; closest: {', '.join(shown)}" if shown else ""
            raise NameNotFound(f"no record is named {name!r}{detail}", shown)
        top = [c.record for c in found]
        if len(top) > 1:
            ids = [r.id for r in top]
            raise AmbiguousName(
                f"{name!r} names {len(top)} records: {', '.join(ids)}; pass collection= to choose",
                ids,
            )
        return top[0]


def _check_collection(collection: str | None) -> None:
    if collection is not None and collection not in _COLLECTIONS:
        raise UsageError(f"unknown collection {collection!r}; choose one of {_COLLECTIONS}")
