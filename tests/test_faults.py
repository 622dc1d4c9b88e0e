"""Faults in the installed data: a missing, unreadable or corrupted bundled file is an error
naming the file (DataError or BundleError, exit status 2 from the command), never a traceback.

The tests damage a copy of the bundle, which the library is pointed at instead of its own.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import pkgutil
import shutil
from collections.abc import Callable, Iterator
from importlib.resources.abc import Traversable
from pathlib import Path
from types import ModuleType

import pytest

import libya_conflict as lc
from libya_conflict._cli import main
from libya_conflict._loading import jsonio as _jsonio
from libya_conflict._loading import load as _loading
from libya_conflict._loading import resources as _resources
from libya_conflict._loading.release import MANIFEST
from libya_conflict._validation import schemas as _schemas

from .conftest import REPO

VICTIM = Path("actors") / "khalifa-haftar.json"


def _package_modules() -> list[ModuleType]:
    """Every module of the package, imported: each that found the bundle by name is patched."""
    import libya_conflict

    names = [m.name for m in pkgutil.walk_packages(libya_conflict.__path__, "libya_conflict.")]
    return [importlib.import_module(n) for n in names if n != "libya_conflict.__main__"]


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled release that the library reads instead of its own; its data folder."""
    root = tmp_path / "site-packages" / "libya_conflict"
    real_root = Path(str(_resources.bundle_root()))
    shutil.copytree(real_root / "data", root / "data")
    shutil.copytree(real_root / "schemas", root / "schemas")
    shutil.copy2(real_root / MANIFEST, root / MANIFEST)
    folder = root / "data"
    real = _resources.bundle_folder

    def patched(kind: str) -> Traversable:
        return folder if kind == "data" else real(kind)

    for module in _package_modules():
        if hasattr(module, "bundle_root"):
            monkeypatch.setattr(module, "bundle_root", lambda: root)
        if hasattr(module, "bundle_folder"):
            monkeypatch.setattr(module, "bundle_folder", patched)
    monkeypatch.setattr(_loading, "_bundled", None)
    return folder


def _cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(list(args), stdout=out)
    return code, out.getvalue(), capsys.readouterr().err


def _assert_fault_reported(bundle: Path, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    """load() raises DataError naming the file; stats and show exit 2 with that message."""
    victim = str(bundle / VICTIM)
    with pytest.raises(lc.DataError) as caught:
        lc.load()
    assert str(caught.value).startswith(f"{victim}: ")
    assert expected in str(caught.value)
    for command in (["stats"], ["show", "Hifter"]):
        code, out, err = _cli(*command, capsys=capsys)
        assert code == 2
        assert out == ""
        assert err.startswith(f"libya-conflict: error: {victim}: ")
        assert expected in err
        assert "Traceback" not in err


CORRUPTIONS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (lambda data: data[: len(data) // 2], "invalid JSON"),
    "garbage": (lambda data: os.urandom(64) + b"\xff", "not valid UTF-8"),
    "emptied": (lambda data: b"", "the file is empty"),
    "bit-flipped": (lambda data: data.replace(b'"name"', b'"nam\x05"', 1), "invalid JSON"),
    "wrong-shape": (
        lambda data: json.dumps({**json.loads(data), "kind": "wizard"}).encode(),
        "does not fit the model",
    ),
    "not-an-object": (lambda data: b"[]", "a record must be a JSON object"),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_corrupted_bundled_file_is_named(
    bundle: Path, capsys: pytest.CaptureFixture[str], corruption: str
) -> None:
    damage, expected = CORRUPTIONS[corruption]
    path = bundle / VICTIM
    path.write_bytes(damage(path.read_bytes()))
    _assert_fault_reported(bundle, expected, capsys)


def test_a_corrupted_bundled_file_is_named_with_its_checksum_mismatch(bundle: Path) -> None:
    path = bundle / VICTIM
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(lc.DataError) as caught:
        lc.load()
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "1 installed file(s) differ from the release manifest's checksums" in message
    assert f"{path}" in message.split("checksums", 1)[1]
    assert message.endswith("reinstall libya-conflict")


def test_a_corrupted_bundled_file_fails_validation_of_the_bundle(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bundle / VICTIM).write_bytes(b'{"id": "khalifa-haftar",')
    code, out, err = _cli("validate", capsys=capsys)
    assert code == 1
    assert out.startswith(f"data/{VICTIM.as_posix()}:1:")
    assert "Traceback" not in err


def test_an_unreadable_bundled_file_is_named(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    (bundle / VICTIM).chmod(0)
    try:
        _assert_fault_reported(bundle, "cannot read the file: ", capsys)
    finally:
        (bundle / VICTIM).chmod(0o644)


def test_a_file_the_system_refuses_to_read_is_named(
    bundle: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What chmod 000 does for a user who is not root, for any user.
    real = _jsonio.read_bytes

    def refuse(resource: Traversable) -> bytes:
        if resource.name == VICTIM.name:
            raise PermissionError(13, "Permission denied", str(resource))
        return real(resource)

    monkeypatch.setattr(_loading, "read_bytes", refuse)
    _assert_fault_reported(bundle, "cannot read the file: [Errno 13] Permission denied", capsys)


def test_a_file_that_vanishes_while_loading_is_named(
    bundle: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = _jsonio.read_bytes

    def delete_then_read(resource: Traversable) -> bytes:  # listed, then gone when its turn comes
        if resource.name == VICTIM.name:
            (bundle / VICTIM).unlink()
        return real(resource)

    monkeypatch.setattr(_loading, "read_bytes", delete_then_read)
    with pytest.raises(lc.DataError, match=r"khalifa-haftar\.json: cannot read the file: "):
        lc.load()


def test_a_missing_collection_folder_is_a_bundle_error(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(bundle / "events")
    with pytest.raises(lc.BundleError, match=r"damaged: no events folder; reinstall"):
        lc.load()
    code, _, err = _cli("stats", capsys=capsys)
    assert code == 2
    assert "no events folder" in err


def test_a_missing_bundle_is_a_bundle_error(
    bundle: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> Traversable:
        raise lc.BundleError("the bundled 'data' folder is missing from the install")

    monkeypatch.setattr(_loading, "bundle_root", missing)
    code, _, err = _cli("show", "Hifter", capsys=capsys)
    assert code == 2
    assert "the bundled 'data' folder is missing" in err


@pytest.fixture
def schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "schemas"
    shutil.copytree(Path(str(_resources.bundle_folder("schemas"))), folder)
    monkeypatch.setattr(_schemas, "bundle_folder", lambda kind: folder)
    for cached in (
        _schemas._raw_schemas,
        _schemas.registry,
        _schemas.validator_for,
        _schemas.screen_for,
    ):
        cached.cache_clear()
    yield folder
    for cached in (
        _schemas._raw_schemas,
        _schemas.registry,
        _schemas.validator_for,
        _schemas.screen_for,
    ):
        cached.cache_clear()


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[:100]), "cannot be read"),
        (lambda p: p.unlink(), "cannot be read"),
        (lambda p: p.write_text("[]"), "is not a schema with an $id"),
    ],
    ids=["truncated", "missing", "not-a-schema"],
)
def test_a_damaged_bundled_schema_is_named(
    schemas: Path,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[Path], object],
    expected: str,
) -> None:
    damage(schemas / "event.schema.json")
    with pytest.raises(lc.BundleError, match=r"bundled schema event\.schema\.json") as caught:
        lc.schema("event")
    assert expected in str(caught.value)
    code, _, err = _cli("validate", str(REPO / "tests" / "fixtures" / "valid"), capsys=capsys)
    assert code == 2
    assert "event.schema.json" in err
