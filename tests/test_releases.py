"""Versioned releases: one version, a manifest that pins every file, verify, diff, tombstones."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import libya_conflict as lc
from libya_conflict._cli import main
from libya_conflict._loading.release import MANIFEST, listed_files, open_release
from libya_conflict._releases.bundle import write_bundle
from libya_conflict._releases.manifest import build_manifest, manifest_bytes

from .conftest import REPO

EVENT = "2019-04-04-lna-tripoli-offensive"
RELEASE_FILES = ("data", "schemas", MANIFEST, "CHANGELOG.md", "LICENSE", "LICENSE-DATA")


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A copy of the checkout's release files, free to damage."""
    root = tmp_path / "release"
    root.mkdir()
    for name in RELEASE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


def _newest_changelog_release() -> tuple[str, str]:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    match = re.search(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.M)
    assert match, "CHANGELOG.md has no released version heading"
    return match[1], match[2]


# -- one version, three faces ---------------------------------------------------------------


def test_library_data_and_schema_versions_are_the_newest_changelog_release() -> None:
    version, date = _newest_changelog_release()
    assert lc.__version__ == lc.DATA_VERSION == lc.SCHEMA_VERSION == version
    manifest = json.loads((REPO / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["created"] == f"{date}T00:00:00Z"


def test_loaded_dataset_knows_its_release() -> None:
    assert lc.load().version == lc.__version__


# -- the manifest -----------------------------------------------------------------------------


def test_committed_manifest_is_what_the_generator_writes() -> None:
    fresh = manifest_bytes(build_manifest(open_release(REPO)))
    assert (REPO / MANIFEST).read_bytes() == fresh, (
        "datapackage.json is stale: regenerate it with 'libya-conflict manifest'"
    )


def test_manifest_lists_every_record_and_schema_file_with_its_checksum() -> None:
    manifest = json.loads((REPO / MANIFEST).read_text(encoding="utf-8"))
    on_disk = sorted(
        p.relative_to(REPO).as_posix()
        for folder in ("data", "schemas")
        for p in (REPO / folder).rglob("*.json")
    )
    assert sorted(listed_files(manifest)) == on_disk
    counts = {r["name"]: r["count"] for r in manifest["resources"]}
    assert counts["events"] == len(lc.load().events)
    assert {lic["name"] for lic in manifest["licenses"]} == {"CC-BY-4.0", "MIT"}
    assert [s["id"] for s in manifest["sources"]] == sorted(s.id for s in lc.load().sources)
    assert set(manifest["released_ids"]) >= {r.id for r in lc.load()}


def test_manifest_check_reports_a_stale_manifest(release: Path) -> None:
    (release / "data" / "events" / f"{EVENT}.json").unlink()
    status, output = _run("manifest", str(release), "--check")
    assert status == 1
    assert "stale" in output
    assert _run("manifest", str(release))[0] == 0
    assert _run("manifest", str(release), "--check") == (0, f"{release / MANIFEST}: up to date\n")


def test_regenerated_manifest_keeps_ids_that_were_released(release: Path) -> None:
    (release / "data" / "events" / f"{EVENT}.json").unlink()
    assert _run("manifest", str(release))[0] == 0
    manifest = json.loads((release / MANIFEST).read_text(encoding="utf-8"))
    assert EVENT in manifest["released_ids"]


def test_manifest_needs_a_changelog_heading_for_the_version(release: Path) -> None:
    changelog = release / "CHANGELOG.md"
    changelog.write_text(changelog.read_text().replace(f"[{lc.__version__}]", "[0.0.9]"))
    status, _ = _run("manifest", str(release))
    assert status == 2


# -- verify -----------------------------------------------------------------------------------


def test_installed_data_passes_verify() -> None:
    report = lc.verify()
    assert report.ok, str(report)
    assert report.records == len(lc.load())
    assert _run("verify")[0] == 0


def test_changing_one_byte_of_a_data_file_fails_verify_naming_that_file(release: Path) -> None:
    assert lc.verify(release).ok
    damaged = release / "data" / "actors" / "khalifa-haftar.json"
    content = bytearray(damaged.read_bytes())
    content[10] ^= 0x01
    damaged.write_bytes(bytes(content))
    report = lc.verify(release)
    assert [(p.file, p.code) for p in report.problems] == [
        (f"{release}/data/actors/khalifa-haftar.json", "checksum")
    ]
    status, output = _run("verify", str(release))
    assert status == 1
    assert "data/actors/khalifa-haftar.json: the file differs from the release" in output


def test_verify_names_missing_and_unlisted_files(release: Path) -> None:
    (release / "schemas" / "event.schema.json").unlink()
    shutil.copy2(release / "data" / "actors" / "khalifa-haftar.json", release / "data" / "x.json")
    problems = {(p.file.removeprefix(f"{release}/"), p.code) for p in lc.verify(release).problems}
    assert problems == {
        ("schemas/event.schema.json", "missing-file"),
        ("data/x.json", "unlisted-file"),
    }


def test_verify_of_a_folder_without_manifest_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(lc.DataError, match="not a release"):
        lc.verify(tmp_path)
    status, _ = _run("verify", str(tmp_path))
    assert status == 2


# -- the data bundle --------------------------------------------------------------------------


def test_bundle_holds_exactly_the_manifest_files_and_passes_verify(tmp_path: Path) -> None:
    bundle = write_bundle(REPO, tmp_path)
    assert bundle.name == f"libya-conflict-data-{lc.__version__}.zip"
    manifest = json.loads((REPO / MANIFEST).read_text(encoding="utf-8"))
    with zipfile.ZipFile(bundle) as archive:
        names = {n.split("/", 1)[1] for n in archive.namelist()}
    assert names == {*listed_files(manifest), MANIFEST, "CHANGELOG.md", "LICENSE", "LICENSE-DATA"}
    assert lc.verify(bundle).ok


def test_bundle_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    first = write_bundle(REPO, tmp_path / "a").read_bytes()
    second = write_bundle(REPO, tmp_path / "b").read_bytes()
    assert first == second


# -- diff -------------------------------------------------------------------------------------


def _add_change_remove(release: Path) -> None:
    events = release / "data" / "events"
    added = json.loads((events / f"{EVENT}.json").read_text(encoding="utf-8"))
    added["id"] = "2019-04-05-a-new-event"
    (events / "2019-04-05-a-new-event.json").write_text(json.dumps(added), encoding="utf-8")
    actor = release / "data" / "actors" / "khalifa-haftar.json"
    changed = json.loads(actor.read_text(encoding="utf-8"))
    changed["name"] = "Khalifa Hiftar"
    changed["aliases"] = [*changed.get("aliases", []), "Field Marshal"]
    actor.write_text(json.dumps(changed), encoding="utf-8")
    (release / "data" / "places" / "sirte.json").unlink()


def test_diff_reports_exactly_the_records_added_changed_and_removed(release: Path) -> None:
    old_name = json.loads((REPO / "data/actors/khalifa-haftar.json").read_text())["name"]
    aliases = json.loads((REPO / "data/actors/khalifa-haftar.json").read_text())["aliases"]
    _add_change_remove(release)
    result = lc.diff(REPO / "data", release / "data")
    assert [
        (c.name, c.added, c.removed, [r.id for r in c.changed]) for c in result.collections if c
    ] == [
        ("places", (), ("sirte",), []),
        ("actors", (), (), ["khalifa-haftar"]),
        ("events", ("2019-04-05-a-new-event",), (), []),
    ]
    [record] = result.collection("actors").changed
    assert [c.to_dict() for c in record.changes] == [
        {"pointer": "/name", "kind": "changed", "old": old_name, "new": "Khalifa Hiftar"},
        {"pointer": f"/aliases/{len(aliases)}", "kind": "added", "new": "Field Marshal"},
    ]


def test_diff_cli_prints_text_and_json_and_exits_1_on_differences(release: Path) -> None:
    _add_change_remove(release)
    status, text = _run("diff", str(REPO), str(release))
    assert status == 1
    assert "  + 2019-04-05-a-new-event" in text
    assert "  - sirte" in text
    assert '      /name: "Khalifa Haftar" -> "Khalifa Hiftar"' in text
    assert text.rstrip().endswith("records: 1 added, 1 removed, 1 changed")
    status, output = _run("diff", str(REPO), str(release), "--format", "json")
    document = json.loads(output)
    assert document["old"]["version"] == document["new"]["version"] == lc.__version__
    assert document["collections"]["places"]["removed"] == ["sirte"]


def test_diff_of_a_release_with_itself_is_empty_across_folder_and_zip(tmp_path: Path) -> None:
    bundle = write_bundle(REPO, tmp_path)
    result = lc.diff(REPO, bundle)
    assert not result
    assert _run("diff", str(REPO / "data"), str(bundle))[0] == 0


def test_diff_tells_a_number_from_a_boolean(release: Path, tmp_path: Path) -> None:
    path = release / "data" / "events" / f"{EVENT}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    old = tmp_path / "old"
    shutil.copytree(release, old)
    (old / "data" / "events" / f"{EVENT}.json").write_text(json.dumps({**document, "x": 1}))
    path.write_text(json.dumps({**document, "x": True}), encoding="utf-8")
    [record] = lc.diff(old, release).collection("events").changed
    assert [c.to_dict() for c in record.changes] == [
        {"pointer": "/x", "kind": "changed", "old": 1, "new": True}
    ]


def test_diff_names_an_unreadable_record(release: Path) -> None:
    (release / "data" / "events" / f"{EVENT}.json").write_text("{", encoding="utf-8")
    with pytest.raises(lc.DataError, match=f"data/events/{EVENT}.json"):
        lc.diff(REPO, release)
    assert _run("diff", str(REPO), str(release))[0] == 2


# -- tombstones and stable IDs ----------------------------------------------------------------


def _tombstone(release: Path, record_id: str, **fields: str) -> None:
    folder = release / "data" / "tombstones"
    folder.mkdir(exist_ok=True)
    document = {"id": record_id, "reason": "merged as a duplicate", "removed_in": "0.2.0", **fields}
    (folder / f"{record_id}.json").write_text(json.dumps(document), encoding="utf-8")


def test_validation_fails_when_a_released_id_has_no_record_nor_tombstone(release: Path) -> None:
    (release / "data" / "places" / "sirte.json").unlink()
    report = lc.validate([release / "data"])
    released = [p for p in report.problems if p.code == "released-id"]
    assert [(p.record, p.file) for p in released] == [("sirte", f"{release}/{MANIFEST}")]


def test_a_tombstone_keeps_a_removed_id_released_and_flags_references_to_it(
    release: Path,
) -> None:
    (release / "data" / "places" / "sirte.json").unlink()
    _tombstone(release, "sirte", record_type="place")
    problems = lc.validate([release / "data"]).problems
    assert problems, "records that still refer to Sirte must be reported"
    assert {p.code for p in problems} == {"removed-reference"}
    assert all("'sirte' is the ID of a removed record" in p.message for p in problems)


def test_get_follows_a_tombstone_to_its_successor_with_a_deprecation_warning(
    release: Path,
) -> None:
    (release / "data" / "actors" / "khalifa-haftar.json").rename(
        release / "data" / "actors" / "khalifa-hiftar.json"
    )
    path = release / "data" / "actors" / "khalifa-hiftar.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["id"] = "khalifa-hiftar"
    path.write_text(json.dumps(document), encoding="utf-8")
    _tombstone(release, "khalifa-haftar", record_type="actor", successor="khalifa-hiftar")
    ds = lc.load(release / "data")
    assert ds.tombstones["khalifa-haftar"].successor == "khalifa-hiftar"
    with pytest.warns(
        DeprecationWarning, match="'khalifa-haftar' was merged into 'khalifa-hiftar'"
    ):
        record = ds.get("khalifa-haftar")
    assert record.id == "khalifa-hiftar"


def test_get_of_an_id_removed_without_successor_says_why(release: Path) -> None:
    (release / "data" / "places" / "sirte.json").unlink()
    _tombstone(release, "sirte", record_type="place", reason="not a place in the sources")
    with pytest.raises(
        lc.RecordNotFound, match=re.escape("'sirte' was removed in release 0.2.0: not a place")
    ):
        lc.load(release / "data").get("sirte")


def test_a_reference_to_a_removed_id_is_a_problem(release: Path) -> None:
    _tombstone(release, "misrata-x", record_type="place")
    relation = json.loads(
        next((release / "data" / "relations").glob("*.json")).read_text(encoding="utf-8")
    )
    relation["subject"] = "misrata-x"
    target = release / "data" / "relations" / f"{relation['id']}.json"
    target.write_text(json.dumps(relation), encoding="utf-8")
    codes = {
        (p.pointer, p.code) for p in lc.validate([target, release / "data" / "tombstones"]).problems
    }
    assert ("/subject", "removed-reference") in codes


def test_a_tombstone_successor_must_be_a_record_of_the_same_type(release: Path) -> None:
    _tombstone(release, "old-place", record_type="place", successor="khalifa-haftar")
    report = lc.validate([release / "data" / "tombstones"])
    assert [(p.pointer, p.code) for p in report.problems] == [("/successor", "reference-type")]


def test_a_tombstone_that_does_not_fit_its_schema_is_reported(release: Path) -> None:
    _tombstone(release, "old-place", record_type="planet")
    report = lc.validate([release / "data" / "tombstones"])
    assert [(p.pointer, p.code) for p in report.problems] == [("/record_type", "enum")]


# -- the release artefacts CI builds ----------------------------------------------------------

dist = pytest.mark.skipif(
    not os.environ.get("LIBYA_CONFLICT_DIST"),
    reason="needs the built artefacts (scripts/test.sh sets LIBYA_CONFLICT_DIST)",
)


@dist
def test_built_wheel_and_bundle_hold_exactly_the_manifest_files() -> None:
    folder = Path(os.environ["LIBYA_CONFLICT_DIST"])
    manifest = json.loads((REPO / MANIFEST).read_text(encoding="utf-8"))
    listed = set(listed_files(manifest))
    [wheel] = folder.glob("*.whl")
    [bundle] = folder.glob("libya-conflict-data-*.zip")
    for artefact in (wheel, bundle):
        report = lc.verify(artefact)
        assert report.ok, str(report)
    with zipfile.ZipFile(wheel) as archive:
        packaged = {
            n.removeprefix("libya_conflict/")
            for n in archive.namelist()
            if n.startswith(("libya_conflict/data/", "libya_conflict/schemas/"))
        }
    assert packaged == listed
