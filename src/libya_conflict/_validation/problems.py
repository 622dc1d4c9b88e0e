"""The result of validation: one :class:`Problem` per finding, gathered in a :class:`Report`."""

from __future__ import annotations

from typing import Any

import attrs

from .._model.text import one_line
from ..exceptions import ValidationFailed

__all__ = ["Problem", "Report", "finding_problem"]


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with one file.

    ``file`` is the path as given; ``record`` the record's ID where it has one; ``pointer`` a
    JSON pointer (RFC 6901) into the record, ``""`` for the whole document; ``code`` the JSON
    Schema keyword (``enum``, ``required``) or a check's name (``json``, ``dangling-reference``);
    ``hint`` a suggestion where one helps; ``line`` and ``column`` are 1-based, for JSON syntax.
    ``str()`` gives one printable line: a newline or control character quoted from the input
    (in a pointer, say) is shown escaped, as ``\\n``.
    """

    file: str
    message: str
    code: str
    record: str | None = None
    pointer: str = ""
    hint: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = one_line(self.file)
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        parts = [where]
        if self.record is not None:
            parts.append(f"record {self.record!r}")
        if self.pointer:
            parts.append(one_line(self.pointer))
        text = ": ".join(parts) + f": {one_line(self.message)}"
        if self.hint:
            text += f" ({one_line(self.hint)})"
        return text + f" [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready dict (every field, ``None`` where unset)."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Report:
    """The outcome of validating files: every problem, how much was checked, and warnings.

    ``warnings`` are :class:`Problem` objects that do not make the files invalid (``ok``
    ignores them): a record that looks like one already in the data (``looks-like``).
    ``omitted`` counts the problems found but not kept: bulk validation keeps at most
    :data:`~libya_conflict._loading.limits.MAX_PROBLEMS`, so memory stays bounded.
    """

    problems: tuple[Problem, ...]
    files: int
    records: int
    warnings: tuple[Problem, ...] = ()
    omitted: int = 0

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems and not self.omitted

    def raise_for_problems(self) -> None:
        """Raise :class:`~libya_conflict.ValidationFailed` if any problem was found."""
        if self.problems:
            raise ValidationFailed(self.problems)

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict: ``status``, counts and ``problems``."""
        return {
            "status": "ok" if self.ok else "invalid",
            "files": self.files,
            "records": self.records,
            "problems": [p.to_dict() for p in self.problems],
            "omitted": self.omitted,
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.omitted:
            lines.append(f"... and {self.omitted:,} more problems, not kept (the first shown)")
        lines += [f"warning: {w}" for w in self.warnings]
        found = len(self.problems) + self.omitted
        noun = "problem" if found == 1 else "problems"
        verdict = "valid" if self.ok else f"{found:,} {noun}"
        lines.append(f"{self.files} files, {self.records} records checked: {verdict}")
        return "\n".join(lines)


def finding_problem(
    file: str,
    record: str | None,
    finding: tuple[str, str, str, str | None],
    line: int | None = None,
) -> Problem:
    """The problem for a check's ``(pointer, code, message, hint)`` finding on a record."""
    pointer, code, message, hint = finding
    return Problem(
        file=file, code=code, message=message, record=record, pointer=pointer, hint=hint, line=line
    )
