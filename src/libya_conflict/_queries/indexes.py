"""Indexes behind the date and party queries of :class:`~libya_conflict.Collection`.

Built on the first query that needs them and kept with the collection (which is immutable),
so :func:`~libya_conflict.load` pays nothing for them.

The date index answers "which records may overlap this span?" without a scan. Records are
grouped by the length of their span in days, rounded up to a power of two, and each group is
sorted by first day. A record of a group whose spans last at most ``L`` days can only overlap
``lo..hi`` if it starts within ``lo - L..hi``, which two bisections find; open-ended spans form
one more group, searched by bisection on the side that is bounded.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence

__all__ = ["DateIndex", "PartyIndex"]

_MIN = _dt.date.min.toordinal()
_MAX = _dt.date.max.toordinal()

Span = tuple[_dt.date | None, _dt.date | None]


class _Group:
    __slots__ = ("firsts", "lasts", "longest", "positions")

    def __init__(self, entries: list[tuple[int, int, int]]) -> None:
        entries.sort()
        self.firsts = [first for first, _, _ in entries]
        self.lasts = [last for _, last, _ in entries]
        self.positions = [position for _, _, position in entries]
        self.longest = max((last - first for first, last, _ in entries), default=0)


class DateIndex:
    """Positions of records by the days they may cover, for overlap queries."""

    __slots__ = ("_bounded", "_open")

    def __init__(self, spans: Iterable[Span | None]) -> None:
        groups: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        open_ended: list[tuple[int, int, int]] = []
        for position, span in enumerate(spans):
            if span is None:
                continue
            first = span[0].toordinal() if span[0] is not None else _MIN
            last = span[1].toordinal() if span[1] is not None else _MAX
            if first == _MIN or last == _MAX:
                open_ended.append((first, last, position))
            else:
                groups[(last - first).bit_length()].append((first, last, position))
        self._bounded = [_Group(entries) for entries in groups.values()]
        self._open = _Group(open_ended)

    def overlapping(self, lo: _dt.date, hi: _dt.date) -> list[int]:
        """The positions, in order, of the records whose span may overlap ``lo..hi``."""
        low, high = lo.toordinal(), hi.toordinal()
        found: list[int] = []
        for group in self._bounded:
            start = bisect_left(group.firsts, low - group.longest)
            stop = bisect_right(group.firsts, high)
            lasts, positions = group.lasts, group.positions
            found.extend(positions[i] for i in range(start, stop) if lasts[i] >= low)
        group = self._open
        stop = bisect_right(group.firsts, high)
        found.extend(group.positions[i] for i in range(stop) if group.lasts[i] >= low)
        found.sort()
        return found


class PartyIndex:
    """Positions of records by each party they name."""

    __slots__ = ("_positions",)

    def __init__(
        self, records: Sequence[object], parties: Callable[[object], Iterable[Hashable]]
    ) -> None:
        positions: dict[Hashable, list[int]] = defaultdict(list)
        for position, record in enumerate(records):
            for party in parties(record):
                positions[party].append(position)
        self._positions = dict(positions)

    def positions(self, party: Hashable) -> list[int]:
        """The positions, in order, of the records naming ``party``."""
        return self._positions.get(party, [])
