"""``libya-conflict validate``: every kind of bad input gets exit 1 and a one-line message
naming the file, the record and the field; usage errors get exit 2; nothing is modified."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import libya_conflict as lc
from libya_conflict._cli import main

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
GOLDEN = FIXTURES / "invalid.expected.txt"


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "libya_conflict", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_bundled_data_is_valid() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("valid")


def test_data_folder_of_the_checkout_is_valid() -> None:
    result = run("validate", "data/")
    assert result.returncode == 0, result.stdout


def test_a_valid_contributed_record_passes() -> None:
    result = run("validate", "tests/fixtures/valid")
    assert result.returncode == 0, result.stdout


def test_invalid_fixtures_match_the_golden_output() -> None:
    result = run("validate", "tests/fixtures/invalid")
    assert result.returncode == 1
    assert result.stderr == ""
    if os.environ.get("LIBYA_CONFLICT_UPDATE_GOLDEN"):
        GOLDEN.write_text(result.stdout)
    assert result.stdout == GOLDEN.read_text()


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in (FIXTURES / "invalid" / "events").glob("*.json"))
)
def test_each_bad_input_exits_1_with_a_message_naming_the_file(name: str) -> None:
    result = run("validate", f"tests/fixtures/invalid/events/{name}.json")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    problem_lines = result.stdout.splitlines()[:-1]
    assert problem_lines
    assert all(
        line.startswith(f"tests/fixtures/invalid/events/{name}.json") for line in problem_lines
    )


def test_deep_nesting_is_refused_with_a_position(tmp_path: Path) -> None:
    events = tmp_path / "events"
    events.mkdir()
    (events / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    result = run("validate", str(events / "deep.json"))
    assert result.returncode == 1
    assert "nesting is too deep" in result.stdout
    assert "Traceback" not in result.stderr


def test_json_format_carries_the_same_problems() -> None:
    result = run("validate", "--format", "json", "tests/fixtures/invalid")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["status"] == "invalid"
    text_lines = run("validate", "tests/fixtures/invalid").stdout.splitlines()[:-1]
    problem_lines = [line for line in text_lines if not line.startswith("warning: ")]
    assert len(report["problems"]) == len(problem_lines)
    assert len(report["warnings"]) == len(text_lines) - len(problem_lines)
    assert {p["code"] for p in report["problems"]} >= {"json", "enum", "dangling-reference"}


def test_validation_never_modifies_its_inputs(tmp_path: Path) -> None:
    copy = tmp_path / "invalid"
    shutil.copytree(FIXTURES / "invalid", copy)

    def digest() -> dict[str, str]:
        return {
            str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in copy.rglob("*")
            if p.is_file()
        }

    before = digest()
    run("validate", str(copy))
    run("validate", "--format", "json", str(copy))
    assert digest() == before


def test_missing_path_is_a_usage_error() -> None:
    result = run("validate", "no/such/folder")
    assert result.returncode == 2
    assert "no/such/folder: no such file or folder" in result.stderr


def test_unknown_record_type_is_a_usage_error() -> None:
    result = run("validate", "--type", "battle", "tests/fixtures/valid")
    assert result.returncode == 2
    assert "unknown record type 'battle'" in result.stderr


def test_type_option_applies_to_files_outside_collection_folders(tmp_path: Path) -> None:
    record = FIXTURES / "valid" / "events" / "2017-01-valid-carrier-visit.json"
    loose = tmp_path / record.name
    loose.write_bytes(record.read_bytes())
    assert run("validate", str(loose)).returncode == 1
    assert "cannot tell the record type" in run("validate", str(loose)).stdout
    assert run("validate", "--type", "event", str(loose)).returncode == 0


def test_a_record_given_replaces_the_bundled_one_with_its_id(tmp_path: Path) -> None:
    places = tmp_path / "places"
    places.mkdir()
    tripoli = json.loads((REPO / "data" / "places" / "tripoli.json").read_text())
    tripoli["kind"] = "town"
    (places / "tripoli.json").write_text(json.dumps(tripoli))
    assert run("validate", str(places)).returncode == 0


def test_an_id_already_used_by_another_bundled_type_is_refused(tmp_path: Path) -> None:
    actors = tmp_path / "actors"
    actors.mkdir()
    record = {
        "id": "tripoli",
        "name": "Tripoli",
        "kind": "other",
        "citations": [{"source": "nyt-2018-trump-wavers-libya", "quote": "Tripoli"}],
    }
    (actors / "tripoli.json").write_text(json.dumps(record))
    result = run("validate", str(actors))
    assert result.returncode == 1
    assert "already used by the bundled place record" in result.stdout


def test_the_bundled_ids_come_alike_from_the_loaded_bundle_and_from_its_files() -> None:
    """Contributed records are checked against the bundled IDs: taken from the loaded bundle,
    or read file by file when it cannot be loaded, they are the same."""
    from libya_conflict._validation import run as _run

    loaded = _run.bundled_index(_run.bundled_dataset())
    assert _run.bundled_index(None) == loaded
    assert len(loaded) == len(lc.load()) + len(lc.load().tombstones)


def test_a_bundled_tombstone_id_is_known_as_a_tombstone() -> None:
    from libya_conflict._model.tombstones import Tombstone
    from libya_conflict._validation import run as _run

    removed = Tombstone(id="old-id", record_type="event", reason="merged", removed_in="1.0.0")
    bundle = lc.Dataset(lc.load(), tombstones=[removed])
    assert _run.bundled_index(bundle)["old-id"] == "tombstone"


def test_api_and_cli_give_the_same_verdict() -> None:
    report = lc.validate([FIXTURES / "invalid"])
    assert not report.ok
    with pytest.raises(lc.ValidationFailed) as caught:
        report.raise_for_problems()
    assert len(caught.value.problems) == len(report.problems)


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "event"]) == 0
    assert json.loads(capsys.readouterr().out) == lc.schema("event")
    assert main(["schema", "battle"]) == 2


def test_show_finds_a_record_by_any_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "Hifter"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "khalifa-haftar"
    assert main(["show", "Nobody At All"]) == 1


def test_stats_counts_every_collection_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    ds = lc.load()
    assert stats["collections"]["armed_groups"] == len(ds.armed_groups)
    assert sum(stats["collections"].values()) == len(ds)
    assert {s["id"] for s in stats["sources"]} == set(ds.sources.ids())
    assert all(s["records"] > 0 for s in stats["sources"])


def test_output_cut_short_by_a_closed_pipe_is_not_a_traceback() -> None:
    command = f"{sys.executable} -m libya_conflict schema event | head -n 1"
    result = subprocess.run(command, shell=True, cwd=REPO, capture_output=True, text=True)
    assert result.stdout.strip() == "{"
    assert "Traceback" not in result.stderr


def test_a_reader_that_stops_early_does_not_turn_problems_into_success() -> None:
    invalid = sorted(str(p) for p in (REPO / "tests" / "fixtures" / "invalid" / "events").glob("*"))
    process = subprocess.Popen(
        [sys.executable, "-m", "libya_conflict", "validate", "--type", "event", *invalid],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head -0`: the reader is gone before anything is printed
    status = process.wait(timeout=60)
    with process.stderr:
        assert b"Traceback" not in process.stderr.read()
    assert status == 1


def test_a_single_path_string_is_one_path_not_its_characters() -> None:
    report = lc.validate(str(REPO / "tests" / "fixtures" / "valid"))
    assert report.ok
    assert report.files == 1


def test_a_folder_without_record_files_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(lc.UsageError, match="no record files"):
        lc.validate([tmp_path])
    result = run("validate", str(tmp_path))
    assert result.returncode == 2
    assert "no record files (*.json) to validate" in result.stderr
