"""``verify()``: check a release's files against the checksums of its manifest.

It finds a file listed but missing, a file whose size or sha256 differs, and a file under
``data/`` or ``schemas/`` that the manifest does not list; each is one :class:`Problem` naming
the file. It checks the installed package by default, or any release: a checkout, a data
bundle (folder or zip), a wheel.
"""

from __future__ import annotations

import os
from importlib.resources.abc import Traversable

from .._loading.release import (
    MANIFEST,
    Release,
    listed_files,
    open_release,
    read_manifest,
    unpinned,
)
from .._loading.resources import bundle_root
from .._validation.problems import Problem, Report
from .._version import __version__

__all__ = ["verify"]

_PINNED = ("data/", "schemas/")


def verify(release: str | os.PathLike[str] | None = None) -> Report:
    """Check a release against its manifest and return a :class:`Report`.

    With no argument, checks the data and schemas installed with the library, and that the
    manifest's version is the library's. ``release`` may be a checkout, a data bundle (folder
    or ``.zip``) or a wheel. Raises :class:`~libya_conflict.DataError` when the release or its
    manifest cannot be read at all.
    """
    opened = _installed() if release is None else open_release(release)
    manifest = read_manifest(opened)
    problems = [
        Problem(file=opened.where(name), code=code, message=message)
        for name, code, message in unpinned(opened, manifest)
    ]
    listed = set(listed_files(manifest))
    hint = (
        "the installed data was changed: reinstall libya-conflict"
        if release is None
        else "in a checkout, regenerate the manifest with 'libya-conflict manifest'"
    )
    for name in opened.names():
        if name.startswith(_PINNED) and name not in listed and not _ignorable(name):
            problems.append(
                Problem(
                    file=opened.where(name),
                    code="unlisted-file",
                    message=f"the file is not listed in {MANIFEST}",
                    hint=hint,
                )
            )
    if release is None and manifest.get("version") != __version__:
        problems.append(
            Problem(
                file=opened.where(MANIFEST),
                code="version",
                message=f"the manifest is for version {manifest.get('version')!r}, "
                f"the library is {__version__!r}",
            )
        )
    records = sum(1 for _ in opened.record_files())
    return Report(problems=tuple(problems), files=len(listed), records=records)


def _installed() -> Release:
    root: Traversable = bundle_root()
    return open_release(root, shown=str(root))


def _ignorable(name: str) -> bool:
    return "/__pycache__/" in name or name.endswith((".pyc", "/.DS_Store"))
