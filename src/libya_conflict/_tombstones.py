"""Tombstones: what became of a released record ID that no longer has a record.

A record ID, once released, is never reused or silently dropped. When a record is removed or
merged into another, ``data/tombstones/<id>.json`` records its successor (if any), why, and
the release that removed it. :meth:`Dataset.get <libya_conflict.Dataset.get>` follows a
tombstone to its successor with a :class:`DeprecationWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Tombstone", "follow", "tombstone_from_json"]


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


def follow(tombstones: Mapping[str, Tombstone], record_id: str) -> Tombstone | None:
    """The tombstone of ``record_id``, after warning that the ID is deprecated; else ``None``.

    The warning (a :class:`DeprecationWarning` pointing at the caller's caller) says what
    became of the record and which ID to use instead.
    """
    tombstone = tombstones.get(record_id)
    if tombstone is not None and tombstone.successor is not None:
        warnings.warn(f"{tombstone}; use {tombstone.successor!r}", DeprecationWarning, stacklevel=3)
    return tombstone
