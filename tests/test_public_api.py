"""The public API: one exception hierarchy, and records back to their JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import libya_conflict as lc

REPO = Path(__file__).resolve().parents[1]


def test_validate_of_a_path_that_does_not_exist_raises_a_libya_conflict_error() -> None:
    with pytest.raises(lc.LibyaConflictError) as caught:
        lc.validate("/nonexistent")
    assert isinstance(caught.value, lc.UsageError)
    assert isinstance(caught.value, ValueError)  # as it always was


def test_usage_error_is_a_libya_conflict_error_and_a_value_error() -> None:
    assert issubclass(lc.UsageError, lc.LibyaConflictError)
    assert issubclass(lc.UsageError, ValueError)


@pytest.mark.parametrize(
    "call",
    [
        lambda ds: ds.candidates("Haftar", collection="people"),
        lambda ds: ds.events.between("2019-12-31", "2019-01-01"),
        lambda ds: lc.Dataset([ds.get("tripoli"), ds.get("tripoli")]),
    ],
    ids=["unknown-collection", "backwards-range", "repeated-id"],
)
def test_a_bad_argument_to_the_dataset_is_a_usage_error(ds: lc.Dataset, call: object) -> None:
    with pytest.raises(lc.UsageError):
        call(ds)  # type: ignore[operator]


def test_to_json_of_every_bundled_record_is_its_file() -> None:
    ds = lc.load(REPO / "data")
    assert len(ds) > 0
    for record in ds:
        path = REPO / "data" / record.collection / f"{record.id}.json"
        assert lc.to_json(record) == json.loads(path.read_text(encoding="utf-8")), path


def test_to_json_gives_a_new_object_each_time() -> None:
    record = lc.load().get("tripoli")
    first = lc.to_json(record)
    first["name"] = "changed"
    assert lc.to_json(record)["name"] == "Tripoli"
