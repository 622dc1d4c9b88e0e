"""The resource limits on input, in one place.

Files written by strangers are read under these limits, so a hostile or broken file is refused
early with a one-line message instead of exhausting memory, the stack or the user's patience.
Every limit is far above what a real record needs (the bundled records peak at 6 levels of
nesting, 2,825 characters in one string, 22 items in one array and 12 fields in one object), and
the JSON Schemas set the tighter, per-field limits (200 characters for a name, 4,000 for a
quote).

Releases (``verify``, ``diff``) are read under :data:`MAX_RELEASE_FILES` and, for a zip or a
wheel, :data:`MAX_ARCHIVE_BYTES`; each of their files under :data:`MAX_FILE_BYTES`. Bulk
validation keeps at most :data:`MAX_PROBLEMS` problems (it counts the rest) and runs at most
:data:`MAX_JOBS` processes.

The limits of record files are checked in this order:

1. :data:`MAX_FILES`: a validation run gathering more files than this stops with a usage error
   before reading any of them.
2. :data:`MAX_FILE_BYTES`: a file's size is taken from ``fstat`` before it is read, and the read
   itself is bounded, so a larger file (or one that grows) is never read whole.
3. :data:`MAX_NUMBER_CHARS`: checked by the parser as each number is read, so a 5,000-digit
   integer never reaches Python's int conversion.
4. :data:`MAX_DEPTH`, :data:`MAX_STRING_CHARS`, :data:`MAX_ARRAY_ITEMS` and
   :data:`MAX_OBJECT_MEMBERS`: checked on the parsed document before any schema or integrity
   check walks it; the message gives the JSON pointer of the offending value.
"""

from __future__ import annotations

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_ARRAY_ITEMS",
    "MAX_DEPTH",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_JOBS",
    "MAX_NUMBER_CHARS",
    "MAX_OBJECT_MEMBERS",
    "MAX_PROBLEMS",
    "MAX_RELEASE_FILES",
    "MAX_STRING_CHARS",
]

MAX_FILES = 10_000
"""Record files one validation run reads (the bundle has 783)."""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Bytes in one record file (10 MiB)."""

MAX_DEPTH = 32
"""Levels of nested arrays and objects in one record (the record itself is level 1)."""

MAX_STRING_CHARS = 10_000
"""Characters in one string, a key or a value."""

MAX_ARRAY_ITEMS = 1_000
"""Items in one array."""

MAX_OBJECT_MEMBERS = 200
"""Members (fields) in one object."""

MAX_NUMBER_CHARS = 40
"""Characters in one number as written (a 20-digit integer is already beyond any count)."""


MAX_RELEASE_FILES = 100_000
"""Files (or zip entries) in one release read by ``verify`` or ``diff`` (a wheel holds ~900)."""

MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024
"""Bytes a zip or wheel's entries declare, expanded, in total (1 GiB; the bundle expands to
a few MiB). Each entry is also held to :data:`MAX_FILE_BYTES`, declared and as expanded."""

MAX_PROBLEMS = 10_000
"""Problems one bulk validation run keeps; those beyond are counted, not kept."""

MAX_JOBS = 32
"""Worker processes of bulk validation, at most (``--jobs`` is also held to the CPU count)."""
