"""``load()`` is safe to call from many threads at once, and reads the bundle once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._loading import load as _loading
from libya_conflict._loading import resources as _resources

THREADS = 32


def _load_together() -> tuple[list[lc.Dataset], list[BaseException]]:
    """Start THREADS threads at one barrier, each calling load()."""
    barrier = threading.Barrier(THREADS)
    results: list[lc.Dataset] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(lc.load())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Forget the cached bundle and count the reads of it; each read is slowed down so that
    threads racing without a lock would all get in."""
    monkeypatch.setattr(_loading, "_bundled", None)
    calls: list[str] = []
    real = _loading._read_files

    def slow_read(folder: Any, shown: str) -> Iterator[Any]:
        calls.append(shown)
        time.sleep(0.2)
        return real(folder, shown)

    monkeypatch.setattr(_loading, "_read_files", slow_read)
    return calls


def test_load_from_many_threads_reads_once_and_returns_one_object(reads: list[str]) -> None:
    results, errors = _load_together()
    assert errors == []
    assert len(results) == THREADS
    assert len(reads) == 1
    assert all(result is results[0] for result in results)
    assert len(results[0]) == sum(
        1 for _ in _resources.record_files(_resources.bundle_root() / "data")
    )
    assert lc.load() is results[0]
    assert len(reads) == 1


def test_a_failed_load_is_not_cached(reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(folder: Any, shown: str) -> Iterator[Any]:
        raise lc.BundleError("the bundled 'data' folder is missing")

    with monkeypatch.context() as patch:
        patch.setattr(_loading, "_read_files", broken)
        results, errors = _load_together()
    assert results == []
    assert len(errors) == THREADS
    assert all(isinstance(e, lc.BundleError) for e in errors)
    assert lc.load().get("lna").id == "lna"
    assert len(reads) == 1
