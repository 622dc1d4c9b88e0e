"""Tombstones: what became of a released record ID that no longer has a record.

A record ID, once released, is never reused or silently dropped. When a record is removed or
merged into another, ``data/tombstones/<id>.json`` records its successor (if any), why, and
the release that removed it.

:func:`current_id` is the one place an ID given by a caller is followed to its successor, with a
:class:`DeprecationWarning`: :meth:`Dataset.get <libya_conflict.Dataset.get>`, the graph queries
(:meth:`~libya_conflict.Dataset.members`, :meth:`~libya_conflict.Dataset.timeline`, ...) and
:meth:`Collection.involving <libya_conflict.Collection.involving>` all go through it, so they
answer for the record the ID now stands for.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Tombstone", "current_id", "tombstone_from_json"]


@attrs.frozen(kw_only=True)
class Tombstone:
    """A released record ID without a record: its successor, the reason, and when."""

    id: str
    record_type: str
    reason: str
    removed_in: str
    successor: str | None = None

    def __str__(self) -> str:
        fate = f"merged into {self.successor!r}" if self.successor else "removed"
        return f"record {self.id!r} was {fate} in release {self.removed_in}: {self.reason}"


def tombstone_from_json(document: Any) -> Tombstone:
    """Build a tombstone from its JSON object; ``ValueError`` if it is not one."""
    fields = {f.name for f in attrs.fields(Tombstone)}
    if not isinstance(document, dict):
        raise ValueError("a tombstone must be a JSON object")
    extra = sorted(set(document) - fields)
    if extra:
        raise ValueError(f"unknown fields {extra}")
    required = ("id", "record_type", "reason", "removed_in")
    if not all(isinstance(document.get(k), str) for k in required):
        raise ValueError(f"{', '.join(map(repr, required))} must be strings")
    if not isinstance(document.get("successor", ""), str):
        raise ValueError("'successor' must be a string")
    return Tombstone(**document)


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # libya_conflict/


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning raised by our caller at the first frame outside
    the package: the user's line, however many library calls lie between."""
    level, frame = 1, sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


def current_id(tombstones: Mapping[str, Tombstone], record_id: str) -> str:
    """The ID that ``record_id`` stands for now: the successor of a merged record, else itself.

    A merged ID is followed through every later merge (``a`` merged into ``b``, ``b`` into
    ``c``: ``c``), with a :class:`DeprecationWarning` pointing at the caller's line that says
    what became of the record and which ID to use instead. An ID without a tombstone, or
    removed without a successor, is returned as it is (the caller says it has no record).
    """
    tombstone = tombstones.get(record_id)
    if tombstone is None or tombstone.successor is None:
        return record_id
    successor, seen = tombstone.successor, {record_id}
    while successor not in seen and (later := tombstones.get(successor)) is not None:
        if later.successor is None:
            break
        seen.add(successor)
        successor = later.successor
    warnings.warn(f"{tombstone}; use {successor!r}", DeprecationWarning, stacklevel=_caller_level())
    return successor
