"""Citation quotes checked against the source texts: ``libya-conflict validate --texts DIR``.

A citation names a source record, whose ``text_file`` names the source text (a file in ``DIR``).
Its quote must be an excerpt of that text once both are folded the same way as the project's
own checker (``../shared/tools/check_quotes.py``): runs of whitespace become one space,
typographic quotes and dashes and the no-break space become their plain forms; an ellipsis
(``...``, ``…`` or ``[...]``) stands for omitted text between fragments, which must then occur
in order. A quote that is not found gets a ``quote-not-found`` problem at its JSON pointer,
with the closest passage of the text (:func:`rapidfuzz.fuzz.partial_ratio_alignment`) as the
hint; a source text that is missing or unreadable gets one ``source-text`` problem per record.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .._loading.jsonio import JSONInputError, read_bytes
from .._model.text import one_line
from .integrity import Finding, citations

__all__ = ["SourceTexts", "fold", "fragments", "quote_found"]

_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_ELLIPSIS = re.compile(r"\.\.\.|\u2026|\[\.\.\.\]")
_PASSAGE_CHARS = 240
"""The longest closest passage shown in full; a longer one is cut in the middle."""


def fold(text: str) -> str:
    """``text`` with whitespace runs as one space and typographic quotes and dashes plain."""
    return " ".join(text.translate(_FOLD).split())


def fragments(quote: str) -> list[str]:
    """The folded fragments of a quote, split at each ellipsis; empty ones dropped."""
    return [part for part in (fold(p) for p in _ELLIPSIS.split(quote)) if part]


def _search(parts: list[str], text: str) -> tuple[int, int]:
    """``(index of the first fragment not found, where the search for it began)``; the index
    is ``len(parts)`` when every fragment is found in order."""
    position = 0
    for i, part in enumerate(parts):
        found = text.find(part, position)
        if found < 0:
            return i, position
        position = found + len(part)
    return len(parts), position


def quote_found(quote: str, text: str) -> bool:
    """Whether ``quote`` is an excerpt of the folded ``text`` (see :func:`fold`)."""
    parts = fragments(quote)
    return bool(parts) and _search(parts, text)[0] == len(parts)


def _closest(part: str, text: str) -> tuple[float, str]:
    """The passage of ``text`` most like ``part`` (case aside), widened to whole words, and how
    alike they are (0 to 100)."""
    from rapidfuzz.fuzz import partial_ratio_alignment

    if not text:
        return 0.0, ""
    if len(part) > len(text):
        whole = partial_ratio_alignment(part, text)
        return (whole.score if whole is not None else 0.0), text
    lower = text.lower()
    found = partial_ratio_alignment(part.lower(), lower if len(lower) == len(text) else text)
    if found is None:  # only with a score_cutoff, which is not given
        return 0.0, ""
    start, end = found.dest_start, found.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return found.score, text[start:end].strip()


def _shorten(passage: str) -> str:
    if len(passage) <= _PASSAGE_CHARS:
        return passage
    half = _PASSAGE_CHARS // 2
    return f"{passage[:half]} [...] {passage[-half:]}"


class SourceTexts:
    """The source texts of a folder, read and folded on first use, and the sources naming them.

    ``sources`` maps a source record's ID to its ``text_file``; :meth:`add` lets the source
    records of the files being validated replace those.
    """

    def __init__(self, folder: str | os.PathLike[str], sources: Mapping[str, str]) -> None:
        self.folder = Path(folder)
        self.shown = one_line(os.fspath(folder))
        self.sources = dict(sources)
        self._texts: dict[str, str | Exception] = {}

    def add(self, documents: Iterable[Any]) -> None:
        """Take the ``text_file`` of each source record among ``documents`` (JSON objects)."""
        for document in documents:
            if isinstance(document, dict):
                record_id, text_file = document.get("id"), document.get("text_file")
                if isinstance(record_id, str) and isinstance(text_file, str):
                    self.sources[record_id] = text_file

    def _text(self, text_file: str) -> str | Exception:
        if text_file not in self._texts:
            self._texts[text_file] = self._read(text_file)
        return self._texts[text_file]

    def _read(self, text_file: str) -> str | Exception:
        if Path(text_file).name != text_file or text_file in ("", ".", ".."):
            return ValueError("not a plain file name")
        try:
            return fold(read_bytes(self.folder / text_file).decode("utf-8"))
        except FileNotFoundError:
            return FileNotFoundError(f"not in {self.shown}")
        except OSError as exc:
            return OSError(f"cannot read it: {exc.strerror or exc}")
        except JSONInputError as exc:  # over the size limit
            return exc
        except UnicodeDecodeError as exc:
            return ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start})")

    def check(self, document: Any) -> Iterator[Finding]:
        """Yield a finding for each quote of ``document`` not found in its source's text, and
        one for each source text that cannot be read."""
        unread: set[str] = set()
        for pointer, citation in citations(document):
            if not isinstance(citation, dict):
                continue
            source, quote = citation.get("source"), citation.get("quote")
            if not (isinstance(source, str) and isinstance(quote, str)):
                continue
            text_file = self.sources.get(source)
            if text_file is None:
                continue  # an unknown source is a dangling reference, reported as such
            text = self._text(text_file)
            if isinstance(text, Exception):
                if source not in unread:
                    unread.add(source)
                    yield (
                        f"{pointer}/source",
                        "source-text",
                        f"the text of {source!r}, {text_file!r}, cannot be checked: {text}",
                        f"give the folder holding {text_file} as --texts",
                    )
                continue
            finding = self._finding(quote, text)
            if finding is not None:
                message, hint = finding
                yield (
                    f"{pointer}/quote",
                    "quote-not-found",
                    f"{message} {text_file} (the text of {source!r})",
                    hint,
                )

    @staticmethod
    def _finding(quote: str, text: str) -> tuple[str, str | None] | None:
        parts = fragments(quote)
        if not parts:
            return "the quote has no words to find in", None
        missing, start = _search(parts, text)
        if missing == len(parts):
            return None
        score, passage = _closest(parts[missing], text[start:])
        if len(parts) == 1:
            message = "the quote is not in"
        elif start:
            message = (
                f"fragment {missing + 1} of {len(parts)} of the quote is not, after the ones "
                "before it, in"
            )
        else:
            message = f"fragment {missing + 1} of {len(parts)} of the quote is not in"
        if not passage:
            return message, None
        return message, f"closest passage, {score:.0f}% alike: {_shorten(passage)!r}"


def line_findings(
    files: Iterable[tuple[str, Path, str]], texts: SourceTexts
) -> Iterator[tuple[str, int, str | None, Finding]]:
    """Yield ``(file as shown, line number, record ID, finding)`` for the quotes of JSON Lines
    files, ``(shown, path, record type)``: the source records among them are taken first.
    Lines that are not JSON objects are skipped (the bulk validator reports them)."""
    from .._loading.jsonio import parse_json
    from .._loading.jsonl import lines

    files = list(files)

    def documents(only_sources: bool) -> Iterator[tuple[str, int, Any]]:
        for shown, path, record_type in files:
            if only_sources and record_type != "source":
                continue
            for number, raw in lines(path):
                try:
                    document = parse_json(raw)
                except JSONInputError:
                    continue
                if isinstance(document, dict):
                    yield shown, number, document

    texts.add(document for _, _, document in documents(only_sources=True))
    for shown, number, document in documents(only_sources=False):
        record_id = document.get("id")
        for finding in texts.check(document):
            yield shown, number, record_id if isinstance(record_id, str) else None, finding
