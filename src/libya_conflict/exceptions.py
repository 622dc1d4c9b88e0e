"""The exceptions libya_conflict raises.

Every exception the public API raises on purpose derives from :class:`LibyaConflictError`,
so ``except LibyaConflictError`` catches them all; each also derives from the built-in
exception its kind of failure has always been, so ``except ValueError`` or ``except KeyError``
keeps working::

    LibyaConflictError
    ├── UsageError             the arguments cannot be acted on at all: a path that does not
    │                          exist, an unknown collection, a date range that ends before it
    │                          starts, two records with one ID      (also a ValueError)
    ├── BundleError            the installed data or schemas are missing or damaged
    ├── DataError              a data folder cannot be read into the model
    ├── ValidationFailed       validation found problems (carries them)
    ├── ExportError            an export cannot be written (destination, missing extra)
    ├── SchemaNotFound         no schema has that name        (also a LookupError)
    ├── RecordNotFound         no record has that ID          (also a KeyError)
    └── NameNotFound           no record has that name        (also a LookupError)
        └── AmbiguousName      several records have that name equally well

Not in the tree: :class:`TypeError` and :class:`AttributeError` for a call the code itself gets
wrong (a field that does not exist, an argument of the wrong type), which are bugs to fix rather
than failures to handle; :class:`OSError` never escapes an export (it becomes
:class:`ExportError`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "AmbiguousName",
    "BundleError",
    "DataError",
    "ExportError",
    "LibyaConflictError",
    "NameNotFound",
    "RecordNotFound",
    "SchemaNotFound",
    "UsageError",
    "ValidationFailed",
]


class LibyaConflictError(Exception):
    """The base of every exception the library raises on purpose."""


class UsageError(LibyaConflictError, ValueError):
    """The arguments given cannot be acted on at all: a path that does not exist, a bad option.

    Also a :class:`ValueError`, which it was before it joined the hierarchy.
    """


class BundleError(LibyaConflictError):
    """The installed data or schemas are missing or damaged."""


class DataError(LibyaConflictError):
    """A data folder cannot be read into the model; the message names the file."""


class ExportError(LibyaConflictError):
    """An export cannot be written: bad format, destination folder missing or read-only,
    or an optional dependency not installed (the message names the extra)."""


class ValidationFailed(LibyaConflictError):
    """Validation found problems; ``problems`` holds them (:class:`~libya_conflict.Problem`
    objects), one per line in ``str()``.

    A leaf module, this one imports nothing of the package, so the type of ``problems`` is not
    spelled here.
    """

    def __init__(self, problems: Sequence[Any]) -> None:
        self.problems: tuple[Any, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SchemaNotFound(LibyaConflictError, LookupError):
    """No schema has the name asked for."""


class RecordNotFound(LibyaConflictError, KeyError):
    """No record has the ID asked for; ``suggestions`` lists the IDs of the closest records
    when the value was looked up by name as well (a filter or graph query)."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        self.suggestions = tuple(suggestions)
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class NameNotFound(LibyaConflictError, LookupError):
    """No record has the name asked for; ``suggestions`` lists the closest names."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        self.suggestions = tuple(suggestions)
        super().__init__(message)


class AmbiguousName(NameNotFound):
    """Several records match a name equally well; ``candidates`` holds their IDs."""

    def __init__(self, message: str, candidates: Sequence[str]) -> None:
        self.candidates = tuple(candidates)
        super().__init__(message, candidates)
