"""Fuzzing archive structure and folder trees: every command ends in a verdict, reading and
writing only inside the paths it was given.

Beside the record fuzzing of ``tests/test_fuzz.py`` (issue 16, item 7). Hypothesis builds
random zip archives (entry names with ``../``, absolute paths into a folder outside, duplicates,
folders, a ``datapackage.json`` at odd depths, names that are not UTF-8, huge or false declared
sizes, compression methods the reader refuses) and random folder trees (nested folders, links in
and out of the root, link loops, named pipes, files named like records), and feeds each to
``lc.verify``, ``lc.diff``, ``lc.load``, ``lc.validate`` and the ``libya-conflict`` command run
in-process. Every call must end in a result or a :class:`LibyaConflictError`, within a time
limit; a sentinel file and folder outside the root (reached through links and archive names) are
never opened, and nothing outside the root is created or changed.

The number of examples comes from a settings profile: ``ci`` by default, ``fuzz`` (long) when
``LIBYA_CONFLICT_FUZZ=long``; see docs/fuzzing.md.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import os
import shutil
import signal
import struct
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import libya_conflict as lc
from libya_conflict._cli import main
from libya_conflict._validation import bulk as _bulk
from libya_conflict._validation import run as _run
from libya_conflict._validation import validate as _validation

from .conftest import fuzz_profile
from .test_hostile_inputs import _manifest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links, pipes and SIGALRM")

PROFILE = fuzz_profile("libya-conflict-archives", ci_examples=150, long_examples=3_000)

T = TypeVar("T")
TIME_LIMIT = 20  # seconds for one call: far above what a small input needs; a hang fails

ACTOR = {"id": "khalifa-haftar", "name": "Khalifa Haftar", "type": "person"}
PLACE = {"id": "sirte", "name": "Sirte"}


@pytest.fixture(scope="module")
def bundled_index() -> Iterator[None]:
    """The bundled ID index read once, not once per example (as in test_fuzz.py)."""
    index = _run.bundled_index(_run.bundled_dataset())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_validation, "bundled_index", lambda _: dict(index))
        patch.setattr(_bulk, "bundled_index", lambda _: dict(index))
        yield


# -- the guard: time limit, opens outside the root, writes outside the root ------------------


class Hang(Exception):
    """Not a LibyaConflictError: a call that outlives TIME_LIMIT fails the test."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang(f"a call ran past {TIME_LIMIT} s")


class Outside:
    """A folder beside the root holding a sentinel file, a record-named file and a pipe.

    ``opened`` lists every file or folder of it that any ``open`` of the process reached, found
    by device and inode after the open, so a link or an odd name leading there is caught
    whatever path spelled it.
    """

    def __init__(self, base: Path) -> None:
        self.folder = base / "outside"
        (self.folder / "data" / "actors").mkdir(parents=True)
        (self.folder / "sentinel.json").write_bytes(json.dumps(ACTOR).encode())
        (self.folder / "datapackage.json").write_bytes(b'{"resources": []}')
        (self.folder / "data" / "actors" / "khalifa-haftar.json").write_bytes(
            json.dumps(ACTOR).encode()
        )
        os.mkfifo(self.folder / "pipe")
        self.inodes = {
            (info.st_dev, info.st_ino): str(path)
            for path in [self.folder, *self.folder.rglob("*")]
            for info in [path.lstat()]
        }
        self.snapshot = self._snapshot(base)
        self.base = base
        self.opened: list[str] = []

    @staticmethod
    def _snapshot(base: Path) -> dict[str, tuple[int, int, bytes | None]]:
        """Everything under ``base`` except the root: names, modes, sizes, contents."""
        seen: dict[str, tuple[int, int, bytes | None]] = {}
        for path in sorted(base.rglob("*")):
            if "root" in path.relative_to(base).parts[:1]:
                continue
            info = path.lstat()
            content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
            seen[str(path)] = (info.st_mode, info.st_size, content)
        return seen

    def note(self, fd: int) -> None:
        info = os.fstat(fd)
        found = self.inodes.get((info.st_dev, info.st_ino))
        if found is not None:
            self.opened.append(found)

    def check(self) -> None:
        assert not self.opened, f"opened outside the root: {self.opened}"
        assert self._snapshot(self.base) == self.snapshot, "changed outside the root"


@contextlib.contextmanager
def guarded(outside: Outside) -> Iterator[None]:
    """Record opens that reach ``outside``; fail a call that runs past TIME_LIMIT."""
    real_os_open, real_open = os.open, builtins.open

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real_os_open(path, flags, *args, **kwargs)
        outside.note(fd)
        return fd

    def any_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, *args, **kwargs)
        with contextlib.suppress(AttributeError, OSError, ValueError):
            outside.note(handle.fileno())
        return handle

    previous = signal.signal(signal.SIGALRM, _alarm)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", os_open)
        patch.setattr(builtins, "open", any_open)
        patch.setattr(io, "open", any_open)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def settle(call: Callable[[], T]) -> T | lc.LibyaConflictError:
    """The call's result, or the LibyaConflictError it raised; anything else propagates."""
    signal.alarm(TIME_LIMIT)
    try:
        outcome: T | lc.LibyaConflictError = call()
    except lc.LibyaConflictError as exc:
        outcome = exc
    finally:
        signal.alarm(0)
    if isinstance(outcome, lc.LibyaConflictError):
        assert str(outcome).isprintable(), str(outcome)
    return outcome


def run_cli(*args: str) -> int:
    """The command in-process, output to strict UTF-8 as a terminal; never a traceback."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="\n")
    err = io.StringIO()
    signal.alarm(TIME_LIMIT)
    try:
        with contextlib.redirect_stderr(err):
            try:
                code = main(list(args), stdout=out)
            except SystemExit as exc:  # argparse's own usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        signal.alarm(0)
    out.flush()
    raw.getvalue().decode("utf-8")
    assert code in (0, 1, 2), (args, code, err.getvalue())
    assert "Traceback" not in err.getvalue(), err.getvalue()
    return code


def every_command(target: Path, other: Path) -> None:
    """verify, diff, load and validate, through the API and the command line."""
    for name, call in [
        ("verify", lambda: lc.verify(target)),
        ("diff", lambda: lc.diff(other, target)),
        ("diff-self", lambda: lc.diff(target, target)),
        ("load", lambda: lc.load(target)),
        ("validate", lambda: lc.validate([target])),
    ]:
        outcome = settle(call)
        verdict = type(outcome).__name__
        if isinstance(outcome, lc.Report):
            verdict = "valid" if outcome.ok else f"problem {outcome.problems[0].code}"
            for problem in outcome.problems:
                assert str(problem).isprintable(), str(problem)
        event(f"{name}: {verdict}")
    for argv in [
        ("verify", str(target)),
        ("diff", str(other), str(target)),
        ("diff", "--format", "json", str(target), str(target)),
        ("validate", str(target)),
        ("validate", "--format", "json", str(target)),
    ]:
        run_cli(*argv)


@contextlib.contextmanager
def scratch() -> Iterator[tuple[Path, Outside]]:
    """A fresh base folder per example: ``base/root`` (the input) beside ``base/outside``."""
    base = Path(tempfile.mkdtemp(prefix="libya-conflict-fuzz-tree-"))
    try:
        (base / "root").mkdir()
        yield base / "root", Outside(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _good_release(root: Path) -> Path:
    """A small valid release folder to diff against."""
    files = {
        "data/actors/khalifa-haftar.json": json.dumps(ACTOR).encode(),
        "data/places/sirte.json": json.dumps(PLACE).encode(),
    }
    files["datapackage.json"] = _manifest(files)
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


CONTENTS = st.sampled_from(
    [
        json.dumps(ACTOR).encode(),
        json.dumps(PLACE).encode(),
        json.dumps({**ACTOR, "name": "Khalifa H\u0430ftar\u202e"}).encode(),
        b"",
        b"{",
        b"\xff\xfe\x00",
        b"null",
        b'{"id": "x", "id": "y"}',
        b"[" * 100,
        (json.dumps(ACTOR) + "\n" + json.dumps(ACTOR)).encode(),
        b'{"resources": [{"files": [{"path": "../outside/sentinel.json"}]}]}',
        b'{"resources": [{"files": [{"path": "/etc/passwd", "hash": "sha256:00"}]}]}',
    ]
) | st.binary(max_size=64)

# -- zip archives ------------------------------------------------------------------------------

ENTRY_NAMES = [
    "datapackage.json", "data/actors/khalifa-haftar.json", "data/places/sirte.json",
    "data/actors/", "data/", "data/actors.jsonl", "data/tombstones/x.json",
    "a/datapackage.json", "a/b/c/datapackage.json", "libya_conflict/datapackage.json",
    "libya_conflict/data/actors/khalifa-haftar.json", "x.dist-info/RECORD",
    "../outside/planted.json", "../../planted.json", "data/../../planted.json",
    "{outside}/planted.json", "{outside}/sentinel.json", "C:\\planted.json", "data\\actors\\x.json",
    "./datapackage.json", "data//actors//x.json", " ", ".", "..", "data/actors/\u202ex.json",
    "data/actors/\x1b[2Jx.json", "data/actors/x.json\x00.txt", "\u00e9" * 200,
]  # fmt: skip
NOT_UTF8 = b"\xff\xfe\xc3("


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, bytes, int, int | None, bool]:
    """One entry: name, content, compression, a false declared size or None, a non-UTF-8 name."""
    name = draw(st.sampled_from(ENTRY_NAMES) | st.text(min_size=1, max_size=12))
    content = b"" if name.endswith("/") else draw(CONTENTS)
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]))
    declared = draw(st.none() | st.sampled_from([0, 1, 2**20 * 11, 2**31, 0xFFFFFFFE, 0xFFFFFFFF]))
    return name, content, method, declared, draw(st.booleans()) and draw(st.booleans())


def _patch_central_directory(data: bytearray, index: int, declared: int) -> None:
    """Set the uncompressed size entry ``index`` declares in the central directory."""
    position = -1
    for _ in range(index + 1):
        position = data.find(b"PK\x01\x02", position + 1)
        if position < 0:
            return
    data[position + 24 : position + 28] = struct.pack("<I", declared)


def build_zip(
    path: Path, outside: Path, drawn: list[tuple[str, bytes, int, int | None, bool]]
) -> Path:
    buffer = io.BytesIO()
    placeholders: list[tuple[bytes, bytes]] = []
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": wanted here
        for number, (name, content, method, _, bad_name) in enumerate(drawn):
            name = name.replace("{outside}", str(outside))
            if bad_name:  # a UTF-8-flagged name that is not UTF-8, swapped in after writing
                placeholder = f"\u00e9{number:06d}"
                placeholders.append((placeholder.encode(), NOT_UTF8 + f"{number:04d}".encode()))
                name = placeholder
            info = zipfile.ZipInfo(name)
            info.filename = name  # as drawn: ZipInfo would tidy a leading '/' or '..'
            info.compress_type = method
            if name.endswith("/"):
                info.external_attr = 0o40755 << 16 | 0x10
            archive.writestr(info, content)
    data = bytearray(buffer.getvalue())
    for before, after in placeholders:
        data = bytearray(bytes(data).replace(before, after))
    for number, (*_, declared, _bad) in enumerate(drawn):
        if declared is not None:
            _patch_central_directory(data, number, declared)
    path.write_bytes(bytes(data))
    return path


@PROFILE
@given(
    drawn=st.lists(entries(), min_size=0, max_size=8),
    suffix=st.sampled_from([".zip", "-9.9.9-py3-none-any.whl", ".json", ".jsonl"]),
    with_manifest=st.booleans(),
)
def test_random_zip_archives_end_in_a_verdict_inside_the_root(
    bundled_index: None,
    drawn: list[tuple[str, bytes, int, int | None, bool]],
    suffix: str,
    with_manifest: bool,
) -> None:
    with scratch() as (root, outside):
        if with_manifest:  # a manifest that lists the entries: verify gets past the root check
            listed = {name: content for name, content, *_ in drawn if not name.endswith("/")}
            manifest = ("datapackage.json", _manifest(listed), zipfile.ZIP_DEFLATED, None, False)
            drawn = [manifest, *drawn]
        archive = build_zip(root / f"release{suffix}", outside.folder, drawn)
        other = _good_release(root / "good")
        with guarded(outside):
            every_command(archive, other)
        outside.check()
        assert not (root.parent / "planted.json").exists()


# -- folder trees ------------------------------------------------------------------------------

FILE_NAMES = [
    "datapackage.json", "data/datapackage.json", "data/actors/khalifa-haftar.json",
    "data/actors/other.json", "data/places/sirte.json", "data/actors.jsonl", "actors.jsonl",
    "data/tombstones/x.json", "data/tombstones/khalifa-haftar.json", "actors/khalifa-haftar.json",
    "data/.hidden/actors/x.json", "data/actors/sub/deeper/x.json", "data/nonsense/x.json",
    "data/actors/x.txt", "schemas/common.schema.json", "data/actors/\u202ex.json",
]  # fmt: skip
LINK_NAMES = [
    "data/actors/link.json", "data/actors/khalifa-haftar.json", "data/actors", "data/places",
    "data/actors.jsonl", "data/tombstones", "datapackage.json", "data", "data/loop", "loop",
    "data/tombstones/x.json",
]  # fmt: skip
# Where a link leads: outside the root, inside it, to itself or a parent (loops), nowhere.
LINK_TARGETS = [
    "{outside}/sentinel.json", "{outside}/data", "{outside}/data/actors", "{outside}",
    "{outside}/pipe", "{outside}/datapackage.json", "../../outside/sentinel.json", "../../outside",
    "{root}", "{root}/data", ".", "..", "{root}/data/actors/khalifa-haftar.json", "missing",
    "/dev/zero", "/proc/self/fd/0",
]  # fmt: skip


@st.composite
def trees(draw: st.DrawFn) -> list[tuple[str, str, Any]]:
    """Steps that build a tree: ("file", name, bytes), ("dir", name, None), ("link", name,
    target), ("fifo", name, None)."""
    steps: list[tuple[str, str, Any]] = []
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["file", "file", "file", "dir", "link", "link", "fifo"]))
        if kind == "file":
            steps.append((kind, draw(st.sampled_from(FILE_NAMES)), draw(CONTENTS)))
        elif kind == "dir":
            steps.append((kind, draw(st.sampled_from(["data/actors", "data/a/b/c/d", "x"])), None))
        elif kind == "link":
            steps.append(
                (kind, draw(st.sampled_from(LINK_NAMES)), draw(st.sampled_from(LINK_TARGETS)))
            )
        else:
            steps.append(
                (kind, draw(st.sampled_from([*FILE_NAMES, "data/actors/pipe.json"])), None)
            )
    return steps


def build_tree(root: Path, outside: Path, steps: list[tuple[str, str, Any]]) -> None:
    for kind, name, value in steps:
        path = root / name
        with contextlib.suppress(OSError):  # a step that collides with an earlier one is skipped
            inside = os.path.realpath(path.parent) + os.sep
            if not inside.startswith(os.path.realpath(root) + os.sep):
                continue  # never build through a link out: the outside stays as it was
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink() or path.exists():
                continue
            if kind == "file":
                path.write_bytes(value)
            elif kind == "dir":
                path.mkdir(parents=True)
            elif kind == "link":
                target = value.replace("{outside}", str(outside)).replace("{root}", str(root))
                path.symlink_to(target)
            elif hasattr(os, "mkfifo"):
                os.mkfifo(path)


@PROFILE
@given(steps=trees(), start=st.sampled_from(["", "data", "data/actors", "datapackage.json"]))
def test_random_folder_trees_end_in_a_verdict_inside_the_root(
    bundled_index: None, steps: list[tuple[str, str, Any]], start: str
) -> None:
    with scratch() as (root, outside):
        tree = root / "tree"
        tree.mkdir()
        build_tree(tree, outside.folder, steps)
        other = _good_release(root / "good")
        with guarded(outside):
            target = tree / start
            if not os.path.realpath(target).startswith(os.path.realpath(tree) + os.sep):
                target = tree  # a path given that is itself a link out may be followed
            every_command(target, other)
        outside.check()


def test_the_guard_sees_a_link_to_the_sentinel_opened(tmp_path: Path) -> None:
    """The guard itself works: opening the sentinel through a link is caught."""
    outside = Outside(tmp_path)
    link = tmp_path / "link.json"
    link.symlink_to(outside.folder / "sentinel.json")
    with guarded(outside):
        link.read_bytes()
    with pytest.raises(AssertionError, match="opened outside the root"):
        outside.check()
