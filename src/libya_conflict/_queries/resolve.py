"""Forgiving name resolution: exact names, aliases, transliteration variants, then typos.

Candidates for a name are ranked in tiers, best first:

1. ``name``: the record's primary name, after :func:`~libya_conflict._names.normalise_name`;
2. ``alias``: one of its aliases, likewise;
3. ``variant``: a transliteration variant with the same :func:`phonetic_key`
   (Haftar / Hifter / Hiftar, Misrata / Misurata, Derna / Darna, Sirte / Surt), whose
   normalised spellings also lie within a few edits of each other;
4. ``typo``: a name within a small edit distance of the query (``Khalifa Haftr``).

Within a tier, a smaller edit distance between the normalised names ranks first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import attrs

from .._model.names import normalise_name
from .._model.records import Record

__all__ = ["Candidate", "NameIndex", "edit_distance", "phonetic_key"]

_TIERS = ("name", "alias", "variant", "typo")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
_DIGRAPHS = (
    ("kh", "h"),
    ("gh", "k"),
    ("sh", "s"),
    ("ch", "s"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
)
_LETTERS = str.maketrans({"q": "k", "g": "k", "c": "k", "z": "s", "v": "f"})
_DROPPED = re.compile(r"[aeiouyw]")


def phonetic_key(name: str) -> str:
    """A key that most romanisations of one Arabic name share.

    Keeps the consonant skeleton of the normalised name: vowels (and ``y``/``w``, which
    romanisations use for vowels) are dropped except a leading one, which becomes ``a``;
    digraphs fold (``kh``->``h``, ``gh``/``q``/``g``/``c``->``k``, ``sh``->``s``,
    ``dh``->``d``, ``th``->``t``); doubled letters count once; spaces go.

    >>> phonetic_key("Haftar") == phonetic_key("Hifter") == phonetic_key("Hiftar")
    True
    >>> phonetic_key("Misurata") == phonetic_key("Misrata") == phonetic_key("Misratah")
    True
    >>> phonetic_key("Benghazi") == phonetic_key("Banghazi")
    True
    """
    words = []
    for word in normalise_name(name).split():
        word = _FINAL_H.sub("", word)
        for digraph, letter in _DIGRAPHS:
            word = word.replace(digraph, letter)
        word = word.translate(_LETTERS)
        head, tail = word[:1], word[1:]
        head = "a" if head in "aeiouyw" and head else head
        words.append(head + _DROPPED.sub("", tail))
    return re.sub(r"(.)\1+", r"\1", "".join(words))


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """The Levenshtein distance between ``a`` and ``b``; stops early above ``limit``."""
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _typo_limit(key: str) -> int:
    """How many edits still count as a typo of a normalised name of this length."""
    return 0 if len(key) < 4 else 1 if len(key) < 8 else 2


@attrs.frozen(kw_only=True)
class Candidate:
    """A record a name may refer to, with the name that matched and how.

    ``match`` is ``"name"``, ``"alias"``, ``"variant"`` (transliteration) or ``"typo"``;
    ``distance`` is the edit distance between the normalised query and ``name``.
    """

    record: Record = attrs.field(repr=lambda record: f"<{record.collection} {record.id}>")
    name: str
    match: str
    distance: int

    @property
    def rank(self) -> tuple[int, int]:
        """The sort key: tier, then distance (lower is better)."""
        return (_TIERS.index(self.match), self.distance)


class NameIndex:
    """Every name and alias of a set of records, by normalised key and by phonetic key."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._entries: list[tuple[str, str, str, int, Record]] = []
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_sound: dict[str, list[int]] = defaultdict(list)
        for record in records:
            for position, name in enumerate(record.names):
                key = normalise_name(name)
                if not key:
                    continue
                index = len(self._entries)
                self._entries.append((key, phonetic_key(name), name, position, record))
                self.by_key[key].append(index)
                self.by_sound[self._entries[-1][1]].append(index)

    def candidates(self, name: str, collection: str | None = None) -> list[Candidate]:
        """Every record ``name`` may refer to, best first, one candidate per record."""
        return self._ranked(name, collection, range(len(self._entries)))

    def best(self, name: str, collection: str | None = None) -> list[Candidate]:
        """The candidates :meth:`candidates` ranks first, all equal; what a lookup needs.

        Found through the indexes: only a name with neither an exact nor a variant match is
        compared with every name (for typos), so resolving a known name costs the same
        however many records there are.
        """
        found = self.named(name, collection)
        if not found:
            found = self.candidates(name, collection)
        return [c for c in found if c.rank == found[0].rank]

    def named(self, name: str, collection: str | None = None) -> list[Candidate]:
        """The records ``name`` is a name, alias or transliteration variant of, best first.

        Found through the indexes alone (no typos, which need every name compared): the cost
        does not grow with the number of records.
        """
        key, sound = normalise_name(name), phonetic_key(name)
        found = self._ranked(name, collection, self.by_key.get(key, ()))
        if not found and len(sound) > 1:
            # Every match here is a variant: the typo limit is within the variant limit.
            found = self._ranked(name, collection, self.by_sound.get(sound, ()))
        return found

    def _ranked(self, name: str, collection: str | None, indices: Iterable[int]) -> list[Candidate]:
        """The candidates among the entries at ``indices``, best first, one per record."""
        key, sound = normalise_name(name), phonetic_key(name)
        limit = _typo_limit(key)
        found: dict[str, Candidate] = {}
        exact = set(self.by_key.get(key, ()))
        variants = set(self.by_sound.get(sound, ())) if len(sound) > 1 else set()
        # A variant changes vowels and spellings, not the whole name ("zzzz" is not "Sisi").
        variant_limit = max(2, len(key) // 2)
        for index in indices:
            entry_key, _, entry_name, position, record = self._entries[index]
            if collection is not None and record.collection != collection:
                continue
            if index in exact:
                match, distance = ("name" if position == 0 else "alias"), 0
            else:
                distance = edit_distance(key, entry_key, max(limit, variant_limit))
                if index in variants and distance <= variant_limit:
                    match = "variant"
                elif distance <= limit:
                    match = "typo"
                else:
                    continue
            candidate = Candidate(record=record, name=entry_name, match=match, distance=distance)
            best = found.get(record.id)
            if best is None or candidate.rank < best.rank:
                found[record.id] = candidate
        return sorted(found.values(), key=lambda c: (c.rank, c.record.id))

    def closest(self, name: str, collection: str | None = None, n: int = 5) -> list[str]:
        """The primary names of the ``n`` records whose names are nearest ``name``."""
        key = normalise_name(name)
        scored: dict[str, tuple[float, str]] = {}
        for entry_key, _, _, _, record in self._entries:
            if collection is not None and record.collection != collection:
                continue
            longest = max(len(key), len(entry_key), 1)
            distance = edit_distance(key, entry_key, longest // 2) / longest
            if record.id not in scored or distance < scored[record.id][0]:
                scored[record.id] = (distance, record.names[0])
        ranked = sorted(scored.values())
        return list(dict.fromkeys(n_ for d, n_ in ranked if d <= 0.5))[:n]
