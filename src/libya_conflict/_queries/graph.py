"""Graph navigation over a dataset: membership, leadership, lineage, support and timelines.

:class:`GraphQueries` is mixed into :class:`~libya_conflict.Dataset`. Its methods return the
records that state each link (relations, support records, events), not bare IDs, so the period,
role, certainty and citations of every answer stay at hand. The index by party is built on
first use, so loading the data does not pay for it.

Every query takes the ID of a record or any of its names, resolved as
:meth:`~libya_conflict.Dataset.resolve` resolves them (``ds.members("BRSC")``); an unknown value
raises :class:`~libya_conflict.RecordNotFound` with suggestions, a name that fits several records
equally well :class:`~libya_conflict.AmbiguousName`. The ID of a record merged into another
stands for its successor (with a :class:`DeprecationWarning`, as for
:meth:`~libya_conflict.Dataset.get`), so ``ds.members(old_id)`` answers for the record that
``old_id`` became. :meth:`GraphQueries._known` is where every query turns the value it is given
into the ID it answers for.

Relation directions follow ``schemas/relation.schema.json``:

- ``A member_of B``: A is a member, unit or component of B (B is the umbrella);
- ``P leads G``: person P leads or commands G;
- ``A renamed_to B``: B is A under a new name (A came first);
- ``A successor_of B``: A succeeded, absorbed or was formed from B (B came first);
- ``A splinter_of B``: A split off from B (B came first).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import TYPE_CHECKING

from .._model.records import Event, Link, Record, Relation, RelationType, Support, span

if TYPE_CHECKING:
    from .._model.records import Place
    from .collection import Collection, DateLike
    from .timeline import TimelineEntry

__all__ = ["GraphQueries"]

_DESCENT = (RelationType.SUCCESSOR_OF, RelationType.SPLINTER_OF)
_PARTIES = frozenset({"actors", "armed_groups"})
_PLACES = frozenset({"places"})


def _roles(record: Link, party: str) -> list[str]:
    if isinstance(record, Event):
        return [p.role.value for p in record.participants if p.ref == party]
    if isinstance(record, Relation):
        return [side for side in ("subject", "object") if getattr(record, side) == party]
    return [side for side in ("supporter", "recipient") if getattr(record, side) == party]


class GraphQueries:
    """Navigation between the records of a :class:`~libya_conflict.Dataset`."""

    if TYPE_CHECKING:
        events: Collection[Event]
        relations: Collection[Relation]
        support: Collection[Support]
        places: Collection[Place]

        def __contains__(self, record_id: object) -> bool: ...

        def get(self, record_id: str) -> Record: ...

        def _party_id(self, value: str, collections: frozenset[str]) -> str: ...

    @cached_property
    def _links(self) -> dict[str, tuple[Link, ...]]:
        """Every event, relation and support record naming a party, by the party's ID."""
        index: dict[str, list[Link]] = defaultdict(list)
        for event in self.events:
            for ref in dict.fromkeys(p.ref for p in event.participants):
                index[ref].append(event)
        for relation in self.relations:
            index[relation.subject].append(relation)
            if relation.object != relation.subject:
                index[relation.object].append(relation)
        for support in self.support:
            index[support.supporter].append(support)
            if support.recipient != support.supporter:
                index[support.recipient].append(support)
        return {key: tuple(value) for key, value in index.items()}

    def _known(self, record_id: str, collections: frozenset[str] = _PARTIES) -> str:
        """The ID a query answers for: ``record_id``, the successor of a merged record, or the
        record a name stands for among ``collections``.

        Raises :class:`~libya_conflict.RecordNotFound` (with the closest names, or why a
        removed record went) when no record has that ID or name, and
        :class:`~libya_conflict.AmbiguousName` when the name fits several equally well.
        """
        if record_id in self:
            return record_id
        return self._party_id(record_id, collections)

    def _relations(
        self, record_id: str, side: str, types: tuple[RelationType, ...], at: DateLike | None
    ) -> Collection[Relation]:
        record_id = self._known(record_id)
        links = set(self._links.get(record_id, ()))
        found = self.relations.filter(
            lambda r: r in links and r.type in types and bool(getattr(r, side) == record_id)
        )
        return found if at is None else found.at(at)

    def members(self, group: str, *, at: DateLike | None = None) -> Collection[Relation]:
        """The ``member_of`` relations whose umbrella is ``group``: its members, units, parts.

        Each relation's ``subject`` is a member. With ``at=``, only memberships whose period
        may include that date (an undated membership is left out; a ``2014-06/..`` one counts
        from June 2014 on, at the precision the source gives).
        """
        return self._relations(group, "object", (RelationType.MEMBER_OF,), at)

    def parents(self, member: str, *, at: DateLike | None = None) -> Collection[Relation]:
        """The ``member_of`` relations of ``member``: the umbrellas, coalitions, armies it is in.

        Each relation's ``object`` is a parent; ``at=`` as for :meth:`members`.
        """
        return self._relations(member, "subject", (RelationType.MEMBER_OF,), at)

    def leaders(self, group: str, *, at: DateLike | None = None) -> Collection[Relation]:
        """The ``leads`` relations of ``group``: who led or commanded it, with ``role``.

        Each relation's ``subject`` is a leader; ``at=`` as for :meth:`members`.
        """
        return self._relations(group, "object", (RelationType.LEADS,), at)

    def _lineage(self, record_id: str, *, earlier: bool) -> Collection[Relation]:
        record_id = self._known(record_id)
        links = set(self._links.get(record_id, ()))

        def wanted(r: Relation) -> bool:
            if r not in links:
                return False
            # renamed_to points from the earlier name; successor_of, splinter_of from the later.
            if r.type is RelationType.RENAMED_TO:
                later, former = r.object, r.subject
            elif r.type in _DESCENT:
                later, former = r.subject, r.object
            else:
                return False
            return (later if earlier else former) == record_id

        return self.relations.filter(wanted)

    def predecessors(self, record_id: str) -> Collection[Relation]:
        """The relations naming what ``record_id`` came from.

        A former name (``X renamed_to record_id``), what it succeeded or absorbed
        (``record_id successor_of X``) and the group it split from (``record_id splinter_of X``).
        """
        return self._lineage(record_id, earlier=True)

    def successors(self, record_id: str) -> Collection[Relation]:
        """The relations naming what came from ``record_id``: new names, successors, splinters.

        ``record_id renamed_to X``, ``X successor_of record_id`` and ``X splinter_of record_id``.
        """
        return self._lineage(record_id, earlier=False)

    def supporters(self, recipient: str) -> Collection[Support]:
        """The support records backing ``recipient``: who, with what kinds, how sure, denials."""
        recipient = self._known(recipient)
        return self.support.filter(lambda s: s.recipient == recipient)

    def supported(self, supporter: str) -> Collection[Support]:
        """The support records ``supporter`` gave (or offered, refused, was asked for)."""
        supporter = self._known(supporter)
        return self.support.filter(lambda s: s.supporter == supporter)

    def events_of(self, party: str, *, role: str | None = None) -> Collection[Event]:
        """The events ``party`` took part in, optionally in one role (``"perpetrator"``)."""
        party = self._known(party)
        links = set(self._links.get(party, ()))
        return self.events.filter(
            lambda e: e in links and (role is None or role in _roles(e, party))
        )

    def events_at(self, place: str, *, within: bool = True) -> Collection[Event]:
        """The events at ``place`` and, unless ``within=False``, at places located in it.

        ``ds.events_at("benghazi")`` includes events at Benina airport, which is located in
        Benghazi (``located_in``, followed to any depth).
        """
        place = self._known(place, _PLACES)
        wanted = {place}
        if within:
            children: dict[str, list[str]] = defaultdict(list)
            for p in self.places:
                if p.located_in is not None:
                    children[p.located_in].append(p.id)
            stack = [place]
            while stack:
                for child in children[stack.pop()]:
                    if child not in wanted:
                        wanted.add(child)
                        stack.append(child)
        return self.events.at_place(*wanted)

    def timeline(self, party: str) -> tuple[TimelineEntry, ...]:
        """The events, relations and support records of ``party``, in date order.

        Ordered by first possible day, then last, then ID; records with no date come last.
        A record in which the party plays two roles appears once, with the roles joined by
        ``", "``.
        """
        from datetime import date

        from .timeline import TimelineEntry

        party = self._known(party, _PARTIES | _PLACES)
        entries = []
        for record in self._links.get(party, ()):
            start, end = span(record) or (None, None)
            role = ", ".join(dict.fromkeys(_roles(record, party)))
            entries.append(TimelineEntry(start=start, end=end, record=record, role=role))
        return tuple(
            sorted(
                entries,
                key=lambda e: (
                    e.start is None and e.end is None,
                    e.start or date.min,
                    e.end or date.max,
                    e.record.id,
                ),
            )
        )
