"""One dated line of a party's timeline (:meth:`~libya_conflict.Dataset.timeline`).

A module of its own so that loading the data does not build a class only timelines use.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from .._model.records import Event, Link

__all__ = ["TimelineEntry"]


@attrs.frozen(kw_only=True)
class TimelineEntry:
    """One dated line of a timeline: an event, relation or support record of a party.

    ``start`` and ``end`` are the first and last days the record may cover (``None`` when
    unknown); ``role`` is the part the party played: its role in an event, ``"subject"`` or
    ``"object"`` of a relation, ``"supporter"`` or ``"recipient"`` of support.
    """

    start: _dt.date | None
    end: _dt.date | None
    record: Link
    role: str

    @property
    def date(self) -> str:
        """The record's date as the source gives it (``2015-02``, ``2014-06/..``), or ``""``."""
        record = self.record
        if isinstance(record, Event):
            return str(record.date) + (f"/{record.end_date}" if record.end_date else "")
        return str(record.period) if record.period is not None else ""
