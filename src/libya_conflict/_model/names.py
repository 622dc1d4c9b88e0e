"""Name normalisation for lookups: one key for every way the sources write a name.

``normalise_name`` folds case and diacritics, drops apostrophes and the Arabic article
(``al-``, ``el-``, ``as-``, ``az-`` and the other sun-letter forms), and treats hyphens and other
punctuation as spaces, so ``Fayez al-Sarraj``, ``Fayez Sarraj`` and ``FAYEZ AL SARRAJ`` meet.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_name"]

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4]")
# The article written joined to the next word ("al-Sharia", "as-Sisi", "ad-Darrat"), or as a
# word of its own ("Al Qaeda"); only al/el stand alone, since "as", "at", "an" are English words.
_ARTICLE = re.compile(
    r"(?:(?<=\s)|^)(?:[ae][dlnrstz]|ash|ath|adh)-(?=\w)|(?:(?<=\s)|^)(?:al|el)\s+(?=\w)"
)
_NON_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Return the lookup key of a name: lower case, ASCII-folded, articles and punctuation gone.

    >>> normalise_name("Ansar al-Sharia")
    'ansar sharia'
    >>> normalise_name("Abdel Fattah as-Sisi") == normalise_name("Abdel Fattah el-Sisi")
    True
    >>> normalise_name("Mişrātah")
    'misratah'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text).casefold()
    text = _ARTICLE.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())
