"""The installed package carries its schemas and data and reads them through importlib."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import libya_conflict as lc
from libya_conflict._loading.resources import bundle_folder

from .conftest import REPO

installed_wheel = pytest.mark.skipif(
    not os.environ.get("LIBYA_CONFLICT_EXPECT_WHEEL"),
    reason="only meaningful against an installed wheel (scripts/test.sh sets this)",
)


@installed_wheel
def test_tests_run_against_the_installed_wheel_not_src() -> None:
    package = Path(lc.__file__).resolve()
    assert "site-packages" in package.parts
    assert Path(str(bundle_folder("data"))).is_relative_to(package.parent)


@installed_wheel
def test_wheel_holds_every_schema_and_data_file_unchanged() -> None:
    for kind in ("data", "schemas"):
        folder = Path(str(bundle_folder(kind)))
        for source in (REPO / kind).rglob("*.json"):
            copy = folder / source.relative_to(REPO / kind)
            assert copy.is_file(), f"{kind}/{source.relative_to(REPO / kind)} is not in the wheel"
            assert (
                hashlib.sha256(copy.read_bytes()).digest()
                == hashlib.sha256(source.read_bytes()).digest()
            )


@installed_wheel
def test_wheel_is_typed() -> None:
    assert (Path(lc.__file__).parent / "py.typed").is_file()


def test_checkout_and_install_see_the_same_records() -> None:
    files = sorted(p.stem for p in (REPO / "data").rglob("*.json") if p.parent.name != "tombstones")
    assert sorted(r.id for r in lc.load()) == files
