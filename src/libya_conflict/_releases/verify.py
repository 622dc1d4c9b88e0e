"""``verify()``: check a release's files against the checksums of its manifest.

It finds a file listed but missing, a file whose size or sha256 differs, and a file under
``data/`` or ``schemas/`` that the manifest does not list; each is one :class:`Problem` naming
the file. It checks the installed package by default, or any release: a checkout, a data
bundle (folder or zip), a wheel.

Only the manifest at the release's root is trusted: the root is where the release's kind puts
it (``libya_conflict/`` in a wheel), and any other ``datapackage.json`` in an archive is a
problem (``extra-manifest``), as is an archive holding one name twice. A wheel's own
``.dist-info/RECORD`` is checked too: every file of the wheel listed, with the sha256 and size
it gives. The checksums say the files are the ones the manifest describes, not who wrote it:
``verify`` finds damage and careless tampering, not a forger who rewrites the manifest too.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
from collections.abc import Iterator
from importlib.resources.abc import Traversable

from .._loading.release import (
    MANIFEST,
    TOMBSTONES,
    Release,
    listed_files,
    open_release,
    read_manifest,
    unpinned,
)
from .._loading.resources import bundle_root
from .._validation.problems import Problem, Report
from .._version import __version__
from ..exceptions import DataError

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
    problems.extend(
        Problem(file=opened.where_entry(name), code=code, message=message)
        for name, code, message in opened.anomalies
    )
    if opened.kind == "wheel":
        problems.extend(_wheel_record(opened))
    records = sum(1 for collection, _ in opened.record_files() if collection != TOMBSTONES)
    return Report(problems=tuple(problems), files=len(listed), records=records)


def _installed() -> Release:
    root: Traversable = bundle_root()
    return open_release(root, shown=str(root))


def _ignorable(name: str) -> bool:
    return "/__pycache__/" in name or name.endswith((".pyc", "/.DS_Store"))


_SIGNATURES = ("/RECORD.jws", "/RECORD.p7s")  # the only files a wheel's RECORD may leave out


def _wheel_record(wheel: Release) -> Iterator[Problem]:
    """Problems with a wheel's ``.dist-info/RECORD``: every file listed, and as listed."""
    names = wheel.entries()
    infos = sorted({n.split("/", 1)[0] for n in names if n.split("/", 1)[0].endswith(".dist-info")})
    if len(infos) != 1:
        where = wheel.where_entry("")
        yield Problem(
            file=where,
            code="wheel-record",
            message=f"a wheel holds one .dist-info folder, this one {len(infos)}",
        )
        return
    record = f"{infos[0]}/RECORD"

    def problem(name: str, message: str) -> Problem:
        return Problem(file=wheel.where_entry(name), code="wheel-record", message=message)

    try:
        text = wheel.read_entry(record).decode("utf-8")
        rows = list(csv.reader(io.StringIO(text)))
    except (DataError, UnicodeDecodeError, csv.Error) as exc:
        yield problem(record, f"the wheel's RECORD cannot be read: {exc}")
        return
    listed: set[str] = set()
    for row in rows:
        if not row:
            continue
        if len(row) != 3:
            yield problem(record, f"a RECORD line of {len(row)} fields, not 3")
            continue
        name, digest, size = row
        listed.add(name)
        if name == record:
            continue
        if name not in names:
            yield problem(name, "listed in the wheel's RECORD but missing")
            continue
        try:
            content = wheel.read_entry(name)
        except DataError as exc:
            yield problem(name, str(exc).split(": ", 1)[-1])
            continue
        actual = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(
            b"="
        ).decode("ascii")
        if actual != digest or str(len(content)) != size:
            yield problem(
                name,
                f"the file differs from the wheel's RECORD: {actual} ({len(content)} bytes), "
                f"RECORD says {digest} ({size} bytes)",
            )
    for name in names:
        if name not in listed and not name.endswith(_SIGNATURES):
            yield problem(name, "the file is not listed in the wheel's RECORD")
