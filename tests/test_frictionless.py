"""Both data packages pass Frictionless's own validator: the release manifest and the CSV export."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import frictionless

import libya_conflict as lc
from libya_conflict._loading.release import MANIFEST, open_release
from libya_conflict._loading.resources import bundle_root
from libya_conflict._releases.manifest import build_manifest, manifest_bytes

from .conftest import REPO


def _errors(report: Any) -> list[str]:
    return [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors] + [
        e.message for e in report.errors
    ]


def _validate(descriptor: Path) -> Any:
    return frictionless.validate(str(descriptor.name), basepath=str(descriptor.parent))


def test_release_manifest_is_a_valid_data_package() -> None:
    report = _validate(Path(str(bundle_root())) / MANIFEST)
    assert report.valid, _errors(report)
    names = {task.name for task in report.tasks}
    assert {"events", "tombstones", "schemas"} <= names


def test_manifest_of_a_release_with_an_empty_collection_is_valid(tmp_path: Path) -> None:
    root = tmp_path / "release"
    for name in ("data", "schemas"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "CHANGELOG.md", root / "CHANGELOG.md")
    shutil.rmtree(root / "data" / "tombstones")
    manifest = build_manifest(open_release(root))
    assert "tombstones" not in {r["name"] for r in manifest["resources"]}
    (root / MANIFEST).write_bytes(manifest_bytes(manifest))
    report = _validate(root / MANIFEST)
    assert report.valid, _errors(report)


def test_csv_export_is_a_valid_tabular_data_package(tmp_path: Path) -> None:
    folder = lc.export("csv", tmp_path / "csv")
    report = _validate(folder / "datapackage.json")
    assert report.valid, _errors(report)
    assert len(report.tasks) == len(list(folder.glob("*.csv")))
