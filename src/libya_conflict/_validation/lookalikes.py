"""Records that look like one already in the data: the ``looks-like`` warning.

One record per real-world thing: a contributor who finds a happening, a support link or a
relation already recorded should add a citation to that record, not a copy. A record given
to ``validate`` is compared with the other records given and the bundled ones (a record
given replaces the bundled record of its ID), and looks like another when:

- two **events** have the same type, the same parties (the same set of participants), dates
  that overlap, and titles that share at least two thirds of the shorter one's words;
- two **support** records have the same supporter, recipient and status (a request, an
  offer, a refusal and support given are different things), a kind of support in common,
  and periods that overlap (or neither has a period);
- two **relations** have the same type, subject and object, and periods that overlap (or
  neither has a period).

A name that passes for another party's or place's is already an error (``name-taken``).
These are warnings: they do not change the verdict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator

from .._model.records import Event, Record, Relation, Support, span

__all__ = ["look_alikes"]

_WORD = re.compile(r"[^\W_]+")
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to"})


def look_alikes(
    given: Iterable[Record], existing: Iterable[Record]
) -> Iterator[tuple[Record, Record]]:
    """``(record given, record it looks like)`` for each pair the rules above match.

    ``existing`` records whose ID is given are left out (the given record replaces them);
    two given records that look alike are reported once, the later against the earlier.
    """
    given = list(given)
    given_ids = {r.id for r in given}
    buckets: dict[Hashable, list[Record]] = defaultdict(list)
    for record in existing:
        if record.id not in given_ids and (key := _key(record)) is not None:
            buckets[key].append(record)
    for record in given:
        key = _key(record)
        if key is None:
            continue
        for other in buckets[key]:
            if _alike(record, other):
                yield record, other
        buckets[key].append(record)


def _key(record: Record) -> Hashable | None:
    if isinstance(record, Event):
        parties = frozenset(p.ref for p in record.participants)
        return ("event", record.type, parties) if parties else None
    if isinstance(record, Support):
        return ("support", record.supporter, record.recipient, record.status)
    if isinstance(record, Relation):
        return ("relation", record.type, record.subject, record.object)
    return None


def _alike(record: Record, other: Record) -> bool:
    if not _overlap(record, other):
        return False
    if isinstance(record, Event) and isinstance(other, Event):
        mine, theirs = _words(record.title), _words(other.title)
        shorter = min(len(mine), len(theirs))
        return shorter > 0 and 3 * len(mine & theirs) >= 2 * shorter
    if isinstance(record, Support) and isinstance(other, Support):
        return bool(set(record.kinds) & set(other.kinds))
    return True


def _overlap(record: Record, other: Record) -> bool:
    """Whether two records' dates overlap; two undated records count as overlapping."""
    mine, theirs = span(record), span(other)
    if mine is None or theirs is None:
        return mine is None and theirs is None
    (start, end), (other_start, other_end) = mine, theirs
    return (start is None or other_end is None or start <= other_end) and (
        other_start is None or end is None or other_start <= end
    )


def _words(title: str) -> set[str]:
    return {w for w in _WORD.findall(title.casefold()) if w not in _SMALL_WORDS}
