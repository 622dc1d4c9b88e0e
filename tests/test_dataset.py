"""Loading and access: typed collections, lookups by ID and by any spelling, date queries."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
from pathlib import Path

import pytest

import libya_conflict as lc

from .conftest import REPO


def test_load_is_cached(ds: lc.Dataset) -> None:
    assert lc.load() is ds


def test_load_is_safe_from_many_threads() -> None:
    import libya_conflict._loading.load as loading

    loading._bundled = None
    results: list[lc.Dataset] = []
    threads = [threading.Thread(target=lambda: results.append(lc.load())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(r) for r in results}) == 1


def test_collections_are_typed_sized_and_indexed(ds: lc.Dataset) -> None:
    assert len(ds.armed_groups) > 0
    lna = ds.armed_groups["lna"]
    assert isinstance(lna, lc.ArmedGroup)
    assert ds.armed_groups.get("lna") is lna
    assert ds.get("lna") is lna
    assert "lna" in ds.armed_groups
    assert ds.armed_groups.get("no-such-id") is None
    assert all(isinstance(a, lc.Actor) for a in ds.actors)


def test_missing_id_raises_a_key_error_naming_it(ds: lc.Dataset) -> None:
    with pytest.raises(KeyError, match="no-such-id"):
        ds.get("no-such-id")
    with pytest.raises(lc.RecordNotFound, match="no armed_groups record"):
        ds.armed_groups["no-such-id"]


@pytest.mark.parametrize(
    "spelling", ["Hifter", "Hiftar", "Haftar", "HAFTAR", "Khalifa Haftar", "khalifa hifter"]
)
def test_resolve_finds_haftar_by_any_spelling(ds: lc.Dataset, spelling: str) -> None:
    assert ds.resolve(spelling).id == "khalifa-haftar"


def test_resolve_ignores_the_article_and_apostrophes(ds: lc.Dataset) -> None:
    assert ds.resolve("Ansar Sharia").id == ds.resolve("Ansar al-Sharia in Libya").id
    assert ds.resolve("Fayez Sarraj").id == "fayez-al-sarraj"


def test_resolve_explains_when_nothing_matches(ds: lc.Dataset) -> None:
    with pytest.raises(lc.NameNotFound, match="closest") as caught:
        ds.resolve("Khalifa Belqasim Haftar")
    assert "Khalifa Haftar" in caught.value.suggestions
    assert len(set(caught.value.suggestions)) == len(caught.value.suggestions)


def test_resolve_narrows_by_collection(ds: lc.Dataset) -> None:
    assert ds.resolve("Tripoli", collection="places").id == "tripoli"


def test_where_filters_on_fields_and_array_members(ds: lc.Dataset) -> None:
    to_lna = ds.support.where(recipient="lna")
    assert len(to_lna) > 0
    assert all(s.recipient == "lna" for s in to_lna)
    drones = to_lna.where(kinds="drones")
    assert all(lc.SupportKind.DRONES in s.kinds for s in drones)
    with pytest.raises(AttributeError, match="no field 'colour'"):
        ds.support.where(colour="red")


def test_between_respects_partial_dates(ds: lc.Dataset) -> None:
    april = ds.events.between("2019-04-10", "2019-04-12")
    for event in april:
        end = event.end_date or event.date
        assert event.date.earliest <= dt.date(2019, 4, 12)
        assert end.latest >= dt.date(2019, 4, 10)
    month_precise = [e for e in ds.events if str(e.date) == "2019-04"]
    assert set(e.id for e in month_precise) <= set(april.ids())


def test_involving_finds_events_of_a_party(ds: lc.Dataset) -> None:
    events = ds.events.involving("lna")
    assert len(events) > 0
    assert all(any(p.ref == "lna" for p in e.participants) for e in events)


def test_load_reads_a_forked_data_folder(tmp_path: Path) -> None:
    fork = tmp_path / "data"
    shutil.copytree(REPO / "data", fork)
    record = json.loads((fork / "places" / "tripoli.json").read_text())
    record["id"] = "tripoli-fork"
    (fork / "places" / "tripoli-fork.json").write_text(json.dumps(record))
    forked = lc.load(fork)
    assert "tripoli-fork" in forked.places
    assert len(forked) == len(lc.load()) + 1


def test_load_names_the_file_that_does_not_fit(tmp_path: Path) -> None:
    (tmp_path / "places").mkdir()
    (tmp_path / "places" / "bad.json").write_text('{"id": "bad", "name": "B", "kind": "moon"}')
    with pytest.raises(lc.DataError, match=r"places/bad\.json"):
        lc.load(tmp_path)


def test_load_of_a_missing_folder_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(lc.DataError, match="no such data folder"):
        lc.load(tmp_path / "nope")
