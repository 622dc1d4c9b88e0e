"""The atomic writer: never deletes a previous output, flushes to disk, honours the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import libya_conflict as lc
from libya_conflict._export.atomic import OWNED_MARKER, atomic_file, atomic_folder

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and fsync")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    """Set the process umask for one test; put the previous one back after."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield os.umask
    os.umask(previous)


def test_a_failed_folder_swap_whose_restore_fails_keeps_both_folders_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "csv"
    output.mkdir()
    (output / "events.csv").write_text("previous")
    (output / OWNED_MARKER).write_text('{"files": ["events.csv"]}')  # a previous export
    real = os.replace
    moves: list[tuple[str, str]] = []

    def fail_after_the_first_move(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        moves.append((str(src), str(dst)))
        if len(moves) > 1:  # the new folder in, then the previous one back: both refused
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", fail_after_the_first_move)
    with (
        pytest.raises(lc.ExportError, match="could not be put back") as caught,
        atomic_folder(output, owned=(".csv",)) as folder,
    ):
        (folder / "events.csv").write_text("new")
    monkeypatch.undo()
    (_, previous), (new, _), _ = moves  # output -> previous; new -> output; previous -> output
    assert previous in str(caught.value) and new in str(caught.value)
    assert (Path(previous) / "events.csv").read_text() == "previous"
    assert (Path(new) / "events.csv").read_text() == "new"


def test_a_failed_folder_swap_puts_the_previous_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "csv"
    output.mkdir()
    (output / "events.csv").write_text("previous")
    (output / OWNED_MARKER).write_text('{"files": ["events.csv"]}')  # a previous export
    real = os.replace
    calls: list[int] = []

    def fail_the_second_move(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", fail_the_second_move)
    with (
        pytest.raises(lc.ExportError, match="Input/output error"),
        atomic_folder(output, owned=(".csv",)) as folder,
    ):
        (folder / "events.csv").write_text("new")
    assert (output / "events.csv").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["csv"]


@posix_only
def test_a_written_file_is_synced_before_the_move_and_its_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, object]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.fstat(fd).st_ino))
        real_fsync(fd)

    def replace(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        events.append(("replace", Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    output = tmp_path / "data.geojson"
    with atomic_file(output) as temporary:
        temporary.write_text("{}")
    assert events == [
        ("fsync", output.stat().st_ino),
        ("replace", "data.geojson"),
        ("fsync", tmp_path.stat().st_ino),
    ]


@posix_only
def test_every_file_of_a_written_folder_is_synced_before_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.fstat(fd).st_ino)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    output = tmp_path / "csv"
    with atomic_folder(output, owned=(".csv",)) as folder:
        for name in ("a.csv", "b.csv"):
            (folder / name).write_text(name)
    files = {(output / name).stat().st_ino for name in ("a.csv", "b.csv")}
    assert files <= set(synced[:-1])  # the files, then the folder ...
    assert synced[-1] == tmp_path.stat().st_ino  # ... and, after the swap, its parent


@posix_only
@pytest.mark.parametrize(
    ("mask", "file_mode", "folder_mode"),
    [(0o002, 0o664, 0o775), (0o077, 0o600, 0o700)],
    ids=["umask-002", "umask-077"],
)
def test_outputs_get_the_permissions_the_umask_gives_a_new_file(
    tmp_path: Path, umask: Callable[[int], int], mask: int, file_mode: int, folder_mode: int
) -> None:
    umask(mask)
    with atomic_file(tmp_path / "one.geojson") as temporary:
        temporary.write_text("{}")
    with atomic_folder(tmp_path / "csv", owned=(".csv",)) as folder:
        (folder / "a.csv").write_text("a")
    assert _mode(tmp_path / "one.geojson") == file_mode
    assert _mode(tmp_path / "csv") == folder_mode
    assert _mode(tmp_path / "csv" / "a.csv") == file_mode


@posix_only
def test_an_export_that_recreates_its_file_still_gets_the_umask_permissions(
    ds: lc.Dataset, tmp_path: Path, umask: Callable[[int], int]
) -> None:
    umask(0o002)
    assert _mode(lc.export("sqlite", tmp_path / "lc.db", ds)) == 0o664
