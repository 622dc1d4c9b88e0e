"""Name resolution in tiers: a name resolves to a record only when that match is clearly the best.

The tiers, best first; each is searched only when the tiers above it found nothing:

1. ``name`` / ``alias``: a name or alias of the record as written (one tier: a name of one
   record that is an alias of another is ambiguous);
2. ``normalised``: equal after :func:`~libya_conflict._model.names.normalise_name` (case,
   diacritics, apostrophes, punctuation, the Arabic article), or equal with the spaces of that
   form removed too (``US`` and ``U.S.``);
3. ``word``: every word of the query is a whole word of the name (``Wagner`` in
   ``Wagner Group``);
4. ``prefix``: the query, five letters at least, begins the name (``Zintani`` ->
   ``Zintanis``);
5. ``close``: a close spelling, for queries of five letters or more: a :func:`close_score` of
   :data:`CLOSE` or more, or of :data:`TYPO` or more one edit away; a typo (``Khalifa Haftr``,
   ``Tobrul``) or a transliteration (``Kadhafi``, ``Misurata``).

Words that describe rather than name (``French``, ``Support``, ``Russian``) make no word,
prefix or close match on their own, and a prefix that ends in one (``North``) no prefix match;
a word match needs four letters at least.

A record counts once, at its best tier. Two records at the tier that decides are ambiguous:
:meth:`NameIndex.best` returns both and the caller raises
:class:`~libya_conflict.AmbiguousName`. Below the tiers, ``near`` candidates (score at least
:data:`NEAR`) are suggestions only: they never resolve.

Names and aliases (tiers 1 and 2) are searched in every collection; words, prefixes and
spellings (tiers 3 to 5) only among parties and places (actors, armed groups, places) unless
collections are named, since the titles of events and sources are sentences, not names.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable

import attrs
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .._model.names import fold_spelling, normalise_name
from .._model.records import Record

__all__ = [
    "CLOSE",
    "NEAR",
    "TIERS",
    "TYPO",
    "Candidate",
    "NameIndex",
    "close_score",
    "fold_spelling",
]

TIERS = ("name", "normalised", "word", "prefix", "close", "near")
"""The tiers, best first (``alias`` ranks with ``name``; ``near`` never resolves)."""
CLOSE = 85.0
"""The :func:`close_score` from which a spelling is close enough to resolve."""
TYPO = 80.0
"""The :func:`close_score` from which a spelling of six letters or more one edit away from a
name resolves (``Tobrul``)."""
NEAR = 55.0
"""The :func:`close_score` from which a name is suggested."""
_NAMED = frozenset({"actors", "armed_groups", "places"})
_SHORTEST_CLOSE = 5  # letters: shorter queries (acronyms) get no close spellings
_SHORTEST_WORD = 4  # letters, for a word match
_SHORTEST_PREFIX = 5
# Words that describe rather than name: alone they designate no party (``French``, ``Support``).
_GENERIC = frozenset(
    re.findall(
        r"\w+",
        """
        the of in on for and to a an al el group groups brigade brigades army armed forces force
        fighters militia militias militiamen unit units council party government ministry
        institute committee front news support mission security national state states united
        islamic union guard key oil field fields port ports central bank house foreign relations
        affairs international private special operations room north northern south southern east
        eastern west western general gen city air base airport hotel embassy consulate hospital
        camp province revolutionaries revolutionary martyrs shura peace development justice
        construction mountain mountains sea white navy french russian american libyan arab
        african africa european europe german british egyptian turkish emirati department office
        agency service services movement organisation organization authority command centre
        center leadership senior""",
    )
)


def close_score(query: str, name: str) -> float:
    """How alike two normalised names are, 0 to 100.

    100 for two transliterations of one name (equal
    :func:`~libya_conflict._model.names.fold_spelling`), else rapidfuzz's normalised Indel
    similarity (:func:`rapidfuzz.fuzz.ratio`).
    """
    if fold_spelling(query) == fold_spelling(name):
        return 100.0
    return float(fuzz.ratio(query, name))


def _exact(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


@attrs.frozen(kw_only=True)
class Candidate:
    """A record a name may refer to, with the name that matched and how.

    ``match`` is the tier: ``"name"``, ``"alias"``, ``"normalised"``, ``"word"``, ``"prefix"``,
    ``"close"`` or ``"near"`` (a suggestion, never resolved); ``score`` is the
    :func:`close_score` of the normalised names (100 for a normalised match); ``distance``
    their Levenshtein distance.
    """

    record: Record = attrs.field(repr=lambda record: f"<{record.collection} {record.id}>")
    name: str
    match: str
    score: float
    distance: int

    @property
    def tier(self) -> int:
        """The tier's position in :data:`TIERS` (``alias`` is ``name``'s)."""
        return TIERS.index("name" if self.match == "alias" else self.match)

    @property
    def rank(self) -> tuple[int, float, int]:
        """The sort key: tier, then closeness, then distance (lower is better)."""
        return (self.tier, -self.score, self.distance)


class NameIndex:
    """Every name and alias of a set of records, by exact, normalised and compact form, word
    and prefix."""

    def __init__(self, records: Iterable[Record]) -> None:
        # (key, name, position among the record's names, record)
        self._entries: list[tuple[str, str, int, Record]] = []
        self._exact: dict[str, list[int]] = defaultdict(list)
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self._words: dict[str, list[int]] = defaultdict(list)
        self._folded: dict[str, list[int]] = defaultdict(list)
        self._choices: dict[str, tuple[list[str], list[int]]] = {}
        for record in records:
            for position, name in enumerate(record.names):
                key = normalise_name(name)
                if not key:
                    continue
                index = len(self._entries)
                self._entries.append((key, name, position, record))
                self._exact[_exact(name)].append(index)
                self.by_key[key].append(index)
                if " " in key:
                    self.by_key[key.replace(" ", "")].append(index)
                for word in set(key.split()):
                    self._words[word].append(index)
                self._folded[fold_spelling(key)].append(index)
                keys, indices = self._choices.setdefault(record.collection, ([], []))
                keys.append(key)
                indices.append(index)
        self._sorted = sorted((key, i) for i, (key, *_) in enumerate(self._entries))

    def best(self, name: str, collections: Collection[str] | None = None) -> list[Candidate]:
        """The candidates of the first tier that finds any, best first: one is an answer,
        several an ambiguity, none a miss. Only a name that no index finds is compared with
        every name (for close spellings)."""
        for tier in TIERS[:-1]:
            found = self._tier(tier, name, collections)
            if found:
                return found
        return []

    def candidates(self, name: str, collections: Collection[str] | None = None) -> list[Candidate]:
        """Every record ``name`` may refer to, best first, one candidate (its best) per record,
        down to the ``near`` names that are suggestions only."""
        found: dict[str, Candidate] = {}
        for tier in TIERS:
            for candidate in self._tier(tier, name, collections):
                found.setdefault(candidate.record.id, candidate)
        return sorted(found.values(), key=lambda c: (c.rank, c.record.id))

    def named(self, name: str, collections: Collection[str] | None = None) -> list[Candidate]:
        """The records ``name`` is a name or alias of, exactly or normalised (tiers 1 and 2).

        Found through the indexes alone: the cost does not grow with the number of records.
        """
        return self._tier("name", name, collections) or self._tier("normalised", name, collections)

    def suggestions(self, name: str, collections: Collection[str] | None = None) -> list[str]:
        """The primary names of the best-ranked records for ``name``; five at most."""
        ranked = self.candidates(name, collections)
        return list(dict.fromkeys(c.record.names[0] for c in ranked))[:5]

    def _tier(self, tier: str, name: str, collections: Collection[str] | None) -> list[Candidate]:
        key = normalise_name(name)
        if not key:
            return []
        scope = None if collections is None else frozenset(collections)
        named = _NAMED if scope is None else scope  # where tiers 3 to 5 look
        hits: list[tuple[int, float]]
        if tier == "name":
            hits = [(i, 100.0) for i in self._exact.get(_exact(name), ())]
        elif tier == "normalised":
            compact = key.replace(" ", "")
            hits = [(i, 100.0) for i in {*self.by_key.get(key, ()), *self.by_key.get(compact, ())}]
        elif tier == "near":
            hits = self._close(key, named, NEAR)
        elif len(key.replace(" ", "")) < _SHORTEST_WORD or _GENERIC.issuperset(key.split()):
            return []
        elif tier == "word":
            sets = [set(self._words.get(word, ())) for word in key.split()]
            hits = [(i, 100.0) for i in set.intersection(*sets)]
        elif tier == "prefix":
            if len(key) < _SHORTEST_PREFIX:
                return []
            start, last = bisect_left(self._sorted, (key, -1)), len(key.split()) - 1
            hits = []
            for entry_key, i in itertools.islice(self._sorted, start, None):
                if not entry_key.startswith(key):
                    break
                if entry_key.split()[last] not in _GENERIC:  # "North" is not "Northern Virginia"
                    hits.append((i, 100.0))
        elif tier == "close" and len(key.replace(" ", "")) < _SHORTEST_CLOSE:
            return []
        elif tier == "close":
            hits = [
                (i, score)
                for i, score in self._close(key, named, TYPO)
                if score >= CLOSE
                or (len(key) >= 6 and Levenshtein.distance(key, self._entries[i][0]) <= 1)
            ]
        else:
            raise ValueError(f"no tier {tier!r}")
        return self._ranked(tier, key, hits, scope if tier in ("name", "normalised") else named)

    def _close(
        self, key: str, collections: Iterable[str], cutoff: float
    ) -> list[tuple[int, float]]:
        """The names whose :func:`close_score` with ``key`` is ``cutoff`` or more."""
        hits = dict.fromkeys(self._folded.get(fold_spelling(key), ()), 100.0)
        for collection in collections:
            keys, indices = self._choices.get(collection, ([], []))
            for _, score, position in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                hits.setdefault(indices[position], score)
        return list(hits.items())

    def _ranked(
        self, tier: str, key: str, hits: Iterable[tuple[int, float]], scope: frozenset[str] | None
    ) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for index, score in hits:
            entry_key, entry_name, position, record = self._entries[index]
            if scope is not None and record.collection not in scope:
                continue
            match = ("name" if position == 0 else "alias") if tier == "name" else tier
            distance = Levenshtein.distance(key, entry_key)
            candidate = Candidate(
                record=record, name=entry_name, match=match, score=score, distance=distance
            )
            best = found.get(record.id)
            if best is None or candidate.rank < best.rank:
                found[record.id] = candidate
        return sorted(found.values(), key=lambda c: (c.rank, c.record.id))
