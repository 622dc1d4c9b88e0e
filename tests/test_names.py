"""Name lookups forgive case, diacritics, apostrophes, punctuation and the Arabic article."""

from __future__ import annotations

import pytest

from libya_conflict._model.names import normalise_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fayez al-Sarraj", "fayez sarraj"),
        ("Abdel Fattah as-Sisi", "Abdel Fattah el-Sisi"),
        ("Al Qaeda", "al-Qaeda"),
        ("Mişrātah", "Misratah"),
        ("Haftar’s", "Haftar's"),
        ("Hizb al-Adala Wal-Bina", "hizb adala wal bina"),
    ],
)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_english_words_that_look_like_articles_are_kept() -> None:
    assert normalise_name("Battle at Sirte") == "battle at sirte"
