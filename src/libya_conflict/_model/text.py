"""Hostile text: characters that let a record mislead its reader.

Every string in a record (names, aliases, titles, quotes, notes) is checked, and each finding
names the offending code point (``U+0430 CYRILLIC SMALL LETTER A``):

- ``control-character``: C0/C1 controls (tab and newline included: record text is one line)
  and the line and paragraph separators;
- ``bidi-control``: the bidirectional embeddings, overrides, isolates and marks (U+202A-U+202E,
  U+2066-U+2069, U+200E, U+200F, U+061C), which reorder what a reader sees;
- ``invisible-character``: every other format character (zero-width space and joiners, word
  joiner, soft hyphen, byte-order mark, tag characters) and every other default-ignorable code
  point of the Unicode data (variation selectors, the combining grapheme joiner, Hangul
  fillers, Khmer inherent vowels: what a renderer shows as nothing);
- ``not-a-character``: surrogates, private-use and unassigned code points;
- ``mixed-script``: a word whose letters come from more than one script, such as a Cyrillic
  ``а`` inside the Latin ``Haftar``;
- ``lookalike-character``: a compatibility form of a letter (fullwidth ``Ｈ``, mathematical
  ``𝐇``) or a whole word of another script (Arabic aside) spelled only with letters that
  Unicode's confusables data says imitate Latin ones, such as Cyrillic ``САР``.

Together these mean a name that looks like another record's name is that name, letter for
letter: invisible and reordering characters are refused, and a lookalike letter can hide
neither inside a Latin word (mixed script) nor as a whole word (lookalike). Arabic script,
accented Latin, typographic quotes and dashes are ordinary text and pass. So do Latin letters
that imitate other Latin letters (dotless ``ı``, ``ɑ``, ``ꞵ``), which some languages write;
:func:`confusable_key` folds them, so a name using one still clashes with the name it imitates.
ASCII letters that imitate each other (``rn`` and ``m``, ``I`` and ``l``) are not folded: case
folding and those cannot be combined.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from importlib import resources
from typing import Any

from .names import normalise_name

__all__ = [
    "confusable_key",
    "is_default_ignorable",
    "is_plain_json",
    "one_line",
    "text_findings",
]

Finding = tuple[str, str, str, str | None]

# The Default_Ignorable_Code_Point property (DerivedCoreProperties.txt, Unicode 15.0), which
# Python's unicodedata does not expose: code points a renderer shows as nothing.
_DEFAULT_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip
_IGNORABLE = frozenset(
    chr(code) for low, high in _DEFAULT_IGNORABLE_RANGES for code in range(low, high + 1)
)

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SEPARATORS = frozenset("\u2028\u2029")


@functools.cache
def _prototypes() -> dict[str, str]:
    """Lower-case letters a reader can take for Latin ones, with the Latin letters they imitate.

    From Unicode's confusables data (UTS #39), bundled as ``confusables.tsv`` by
    ``scripts/make_confusables.py``: dotless ``ı`` is ``i``, Cyrillic ``а`` is ``a``, ``ꞵ`` is
    ``ß``. Upper-case letters are looked up by their lower case.
    """
    table = resources.files(__package__).joinpath("confusables.tsv").read_text("utf-8")
    return {
        chr(int(source, 16)): "".join(chr(int(code, 16)) for code in target.split())
        for source, target in (line.split("\t") for line in table.splitlines() if line[:1] != "#")
    }


def _imitated(ch: str) -> str | None:
    """The ASCII letters ``ch`` imitates (``"a"`` for Cyrillic ``А``), or ``None``."""
    target = _prototypes().get(ch.casefold())
    if target is None or not target.isascii():
        return None
    return target.upper() if ch.isupper() else target.lower()


# Names of letters that belong to no one script ("MODIFIER LETTER APOSTROPHE").
_COMMON_PREFIXES = frozenset({"MODIFIER", "FEMININE", "MASCULINE", "SUPERSCRIPT", "SUBSCRIPT"})
# Scripts written together in one word.
_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}


_CONTROL_NAMES = {
    0x00: "NULL", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED", 0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
}  # fmt: skip
_UNNAMED = {"Cc": "<control>", "Cs": "<surrogate>", "Co": "<private use>", "Cn": "<unassigned>"}


def one_line(text: str) -> str:
    """``text`` with every unprintable character (newline, control, bidi, zero-width) escaped.

    For messages that quote input: the message stays on one line and shows what is there.
    Default-ignorable code points that Python counts as printable (variation selectors,
    Hangul fillers) are escaped too.
    """
    if text.isprintable() and (text.isascii() or _IGNORABLE.isdisjoint(text)):
        return text
    return "".join(
        ch
        if ch.isprintable() and ch not in _IGNORABLE
        else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in text
    )


def is_default_ignorable(ch: str) -> bool:
    """Whether a character has the Unicode Default_Ignorable_Code_Point property."""
    return ch in _IGNORABLE


@functools.lru_cache(maxsize=1 << 16)
def confusable_key(name: str) -> str:
    """The key two names share when a reader could take one for the other.

    The lookup key of :func:`~libya_conflict._names.normalise_name` (case, diacritics,
    apostrophes, articles and punctuation folded) of the name with compatibility forms folded
    (NFKC), invisible characters dropped, and every letter that Unicode's confusables data says
    imitates a Latin one replaced by it: ``"Khalifa H\u0430ftar"`` (Cyrillic ``а``),
    ``"Khal\u0131fa Haftar"`` (dotless ``ı``) and ``"KHALIFA HAFTAR"`` share
    ``"khalifa haftar"``.
    """
    prototypes = _prototypes()
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(
        prototypes.get(ch, ch)
        for ch in text
        if unicodedata.category(ch) not in ("Cf", "Cc") and ch not in _IGNORABLE
    )
    return normalise_name(text)


def _code_point(ch: str) -> str:
    """``U+0430 CYRILLIC SMALL LETTER A``; controls and unassigned code points get a label."""
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch), "")
    return f"U+{ord(ch):04X} {name or _UNNAMED.get(unicodedata.category(ch), '<unnamed>')}"


def _script(ch: str) -> str | None:
    """The script of a letter, from its Unicode name (``LATIN``, ``CYRILLIC``, ``ARABIC``)."""
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    if not first or first in _COMMON_PREFIXES:
        return None
    return _SCRIPT_FAMILIES.get(first, first)


def _character_class(ch: str) -> tuple[str, str] | None:
    """``(code, what)`` for a character never allowed in record text, or ``None``."""
    if ch in _BIDI:
        return "bidi-control", "a bidirectional control character, which reorders the text"
    category = unicodedata.category(ch)
    if category == "Cc" or ch in _SEPARATORS:
        return "control-character", "a control character; record text is one line"
    if category == "Cf":
        return "invisible-character", "an invisible formatting character"
    if category in ("Cs", "Co", "Cn"):
        return "not-a-character", "a surrogate, private-use or unassigned code point"
    if ch in _IGNORABLE:
        return "invisible-character", "a default-ignorable character, which shows as nothing"
    return None


def _words(text: str) -> Iterator[str]:
    """Runs of letters and combining marks."""
    word: list[str] = []
    for ch in text:
        if unicodedata.category(ch)[0] in "LM":
            word.append(ch)
        elif word:
            yield "".join(word)
            word = []
    if word:
        yield "".join(word)


def _word_finding(word: str) -> tuple[str, str, str] | None:
    """``(code, message, hint)`` for a word that imitates Latin letters, or ``None``."""
    scripts: dict[str, str] = {}
    for ch in word:
        if unicodedata.category(ch)[0] != "L":
            continue
        if unicodedata.normalize("NFKC", ch) != ch and ord(ch) > 0xFF:
            return (
                "lookalike-character",
                f"{_code_point(ch)} in {word!r} is a compatibility form of "
                f"{unicodedata.normalize('NFKC', ch)!r}",
                "type the ordinary letter",
            )
        script = _script(ch)
        if script is not None:
            scripts.setdefault(script, ch)
    if len(scripts) > 1:
        main = "LATIN" if "LATIN" in scripts else next(iter(scripts))
        odd_script, odd = next((s, ch) for s, ch in scripts.items() if s != main)
        return (
            "mixed-script",
            f"{_code_point(odd)} in {word!r} mixes {odd_script.title()} with {main.title()} "
            "letters in one word",
            "retype the word in one script; a lookalike letter lets a name pass for another",
        )
    script = next(iter(scripts), None)
    # Arabic is left out: its alef and heh imitate ``l`` and ``o``, and Arabic words are data.
    letters = [_imitated(ch) for ch in word] if script not in (None, "LATIN", "ARABIC") else []
    if letters and None not in letters:
        imitated = "".join(letter or "" for letter in letters)
        return (
            "lookalike-character",
            f"{word!r} is written only with {str(script).title()} letters that imitate the Latin "
            f"{imitated!r} (first: {_code_point(word[0])})",
            "write the word in Latin letters",
        )
    return None


def _string_findings(text: str) -> Iterator[tuple[str, str, str | None]]:
    reported: set[str] = set()
    for ch in text:
        found = _character_class(ch)
        if found is not None and found[0] not in reported:
            code, what = found
            reported.add(code)
            count = sum(1 for c in text if _character_class(c) == found)
            more = f" ({count} in this text)" if count > 1 else ""
            yield code, f"{_code_point(ch)} is {what}{more}", "remove it"
    for word in _words(text):
        finding = _word_finding(word)
        if finding is not None and finding[0] not in reported:
            reported.add(finding[0])
            yield finding


def text_findings(value: Any, where: str = "") -> Iterator[Finding]:
    """Yield ``(pointer, code, message, hint)`` for hostile text anywhere in a JSON value.

    At most one finding per string and code, so a string full of controls is one line. A
    value whose strings, taken together, hold no character that could cause a finding (as
    almost every record's do) is cleared without building a pointer.
    """
    if not where:
        joined = "".join(_strings(value))
        if (joined.isascii() and joined.isprintable()) or _all_harmless(joined):
            return
    if isinstance(value, str):
        if not (value.isascii() and value.isprintable()) and not _all_harmless(value):
            for code, message, hint in _string_findings(value):
                yield where, code, message, hint
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_findings(item, f"{where}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from text_findings(item, f"{where}/{i}")


def _strings(value: Any) -> Iterator[str]:
    """Every string value in a JSON value (not the keys), walked with a stack."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _harmless(ch: str) -> bool:
    """Whether a non-ASCII character, wherever it stands, can cause no finding.

    Punctuation, symbols, digits, spaces and combining marks; and letters of the Latin script
    (or of none, like ``ª``) that are not compatibility forms, since a word of Latin letters
    mixes no scripts and imitates none.
    """
    if _character_class(ch) is not None:
        return False
    if unicodedata.category(ch)[0] != "L":
        return True
    if unicodedata.normalize("NFKC", ch) != ch and ord(ch) > 0xFF:
        return False
    return _script(ch) in (None, "LATIN")


_HARMLESS: dict[str, bool] = {}
_ASCII = bytes(range(128))
# The escapes that stand for printable ASCII; any other (\n, \t, \uXXXX) may hide anything.
_PLAIN_ESCAPES = (b"\\\\", b'\\"', b"\\/")


def is_plain_json(text: bytes) -> bool:
    """Whether no string in a JSON text can yield a :func:`text_findings` finding.

    For bulk validation: true for almost every record (ASCII, or accented Latin letters and
    typographic punctuation), at a fraction of the cost of walking it. ``False`` means "walk
    it": the text may or may not have findings. ``text`` must be valid JSON.
    """
    if b"\\" in text:
        for escape in _PLAIN_ESCAPES:  # left to right, as a JSON parser reads escapes
            text = text.replace(escape, b"")
        if b"\\" in text:
            return False
    if b"\x7f" in text:  # DELETE, the one control JSON allows unescaped in a string
        return False
    if text.isascii():
        return True
    # Drop the ASCII bytes (never part of a longer UTF-8 sequence); the rest are whole characters.
    return _all_harmless(text.translate(None, _ASCII).decode("utf-8"))


def _all_harmless(text: str) -> bool:
    """Whether no character of ``text``, wherever it stands, can cause a finding.

    Printable ASCII, and the other characters :func:`_harmless` clears (remembered).
    """
    for ch in set(text):
        if ch > "\x7f":
            harmless = _HARMLESS.get(ch)
            if harmless is None:
                harmless = _HARMLESS[ch] = _harmless(ch)
            if not harmless:
                return False
        elif ch < " " or ch == "\x7f":
            return False
    return True
