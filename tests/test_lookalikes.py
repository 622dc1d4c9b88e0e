"""validate warns when a contributed record looks like one already in the data, so that a
contributor adds a citation instead of a copy; the bundled data has no such pair."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import libya_conflict as lc

from .conftest import REPO


def _bundled(collection: str, record_id: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (REPO / "data" / collection / f"{record_id}.json").read_text(encoding="utf-8")
    )
    return document


def _contribute(tmp_path: Path, collection: str, document: dict[str, Any]) -> lc.Report:
    folder = tmp_path / collection
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{document['id']}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return lc.validate(path)


def test_the_bundled_data_has_no_look_alikes() -> None:
    report = lc.validate()
    assert report.ok, str(report)
    assert report.warnings == (), "\n".join(map(str, report.warnings))


def test_a_copy_of_a_bundled_event_from_another_source_is_a_warning_naming_it(
    tmp_path: Path,
) -> None:
    event = _bundled("events", "2019-04-04-lna-tripoli-offensive")
    event["id"] = "2019-04-lna-offensive-on-tripoli"
    event["title"] = "The LNA launches its offensive on Tripoli"
    event["date"] = "2019-04"
    report = _contribute(tmp_path, "events", event)
    assert report.ok  # a warning, not a problem: the verdict stands
    (warning,) = report.warnings
    assert warning.code == "looks-like"
    assert "'2019-04-04-lna-tripoli-offensive'" in warning.message
    assert warning.record == "2019-04-lna-offensive-on-tripoli"


def test_an_event_of_the_same_parties_on_another_date_is_not_a_look_alike(tmp_path: Path) -> None:
    event = _bundled("events", "2019-04-04-lna-tripoli-offensive")
    event["id"] = "2021-lna-tripoli-offensive"
    event["date"] = "2021"
    event.pop("end_date", None)
    assert _contribute(tmp_path, "events", event).warnings == ()


def test_a_copy_of_a_support_record_is_a_warning(tmp_path: Path) -> None:
    support = _bundled("support", "russia-lna-wagner-mercenaries")
    support["id"] = "russia-lna-mercenaries-again"
    (warning,) = _contribute(tmp_path, "support", support).warnings
    assert "'russia-lna-wagner-mercenaries'" in warning.message


def test_a_request_for_support_does_not_look_like_the_support_given(tmp_path: Path) -> None:
    support = _bundled("support", "russia-lna-wagner-mercenaries")
    support["id"] = "lna-asks-russia-for-mercenaries"
    support["status"] = "requested"
    assert _contribute(tmp_path, "support", support).warnings == ()


def test_a_copy_of_a_relation_is_a_warning(tmp_path: Path) -> None:
    relation = _bundled("relations", "khalifa-haftar-leads-lna")
    relation["id"] = "haftar-commands-the-lna"
    (warning,) = _contribute(tmp_path, "relations", relation).warnings
    assert "'khalifa-haftar-leads-lna'" in warning.message


def test_a_record_given_with_its_own_id_replaces_the_bundled_one_and_is_no_look_alike() -> None:
    report = lc.validate(REPO / "data" / "events" / "2019-04-04-lna-tripoli-offensive.json")
    assert report.warnings == ()


def test_warnings_are_in_the_json_report_and_leave_the_exit_status_at_zero(
    tmp_path: Path,
) -> None:
    from libya_conflict._cli import main

    relation = _bundled("relations", "khalifa-haftar-leads-lna")
    relation["id"] = "haftar-commands-the-lna"
    (tmp_path / "relations").mkdir()
    (tmp_path / "relations" / "haftar-commands-the-lna.json").write_text(json.dumps(relation))
    assert main(["validate", str(tmp_path)]) == 0
    data = lc.validate(tmp_path).to_dict()
    assert [w["code"] for w in data["warnings"]] == ["looks-like"]
