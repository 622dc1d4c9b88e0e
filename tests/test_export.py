"""Exports: every format read back with its real reader equals the dataset; same data, same
bytes; writes are atomic; missing extras and bad destinations give clear errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._cli import main
from libya_conflict._export import csvfiles as _csv
from libya_conflict._export import sqlite as _sqlite
from libya_conflict._export.tables import ACLED_COLUMNS, tables
from libya_conflict._loading.converter import to_json

COLLECTIONS = ("sources", "places", "actors", "armed_groups", "relations", "support", "events")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _record_from_cells(cells: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    """Rebuild a record's JSON form from its row (text cells, as CSV or SQLite give them)."""
    document: dict[str, Any] = {}
    coordinates = {}
    for name, value in cells.items():
        if value in ("", None) or types[name] == "date":
            continue  # the earliest and latest days beside dates are checked on their own
        if name in ("latitude", "longitude"):
            coordinates[name[:3]] = float(value)
        elif name == "coordinate_precision":
            coordinates["precision"] = value
        elif types[name] == "array":
            if decoded := json.loads(value):
                document[name] = decoded
        elif types[name] == "integer":
            document[name] = int(value)
        else:
            document[name] = value
    if coordinates:
        document["coordinates"] = coordinates
    return document


def _types(table: str) -> dict[str, str]:
    return {c.name: c.type for t in tables(lc.load()) if t.name == table for c in t.columns}


def _expected(record: lc.Record) -> dict[str, Any]:
    document = to_json(record)
    return {k: v for k, v in document.items() if v not in ([], ())}


def _files(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


# -- round trips --------------------------------------------------------------------------------


def test_csv_tables_read_back_equal_every_record(ds: lc.Dataset, tmp_path: Path) -> None:
    out = lc.export("csv", tmp_path / "csv", ds)
    for collection in COLLECTIONS:
        rows = _read_csv(out / f"{collection}.csv")
        types = _types(collection)
        assert [r["id"] for r in rows] == sorted(getattr(ds, collection).ids())
        for row in rows:
            assert _record_from_cells(row, types) == _expected(ds.get(row["id"])), row["id"]


def test_csv_child_tables_hold_names_citations_participants(ds: lc.Dataset, tmp_path: Path) -> None:
    out = lc.export("csv", tmp_path / "csv", ds)
    names = _read_csv(out / "names.csv")
    assert {(n["record_id"], n["name"]) for n in names} == {
        (r.id, name) for r in ds for name in r.names
    }
    citations = _read_csv(out / "citations.csv")
    assert len(citations) == sum(len(getattr(r, "citations", ())) for r in ds)
    participants = _read_csv(out / "event_participants.csv")
    assert {(p["event_id"], p["ref"], p["role"]) for p in participants} == {
        (e.id, p.ref, p.role.value) for e in ds.events for p in e.participants
    }
    records = _read_csv(out / "records.csv")
    assert len(records) == len(ds)


def test_datapackage_describes_every_csv_file(ds: lc.Dataset, tmp_path: Path) -> None:
    out = lc.export("csv", tmp_path / "csv", ds)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    paths = {r["path"] for r in package["resources"]}
    assert paths == {p.name for p in out.glob("*.csv")}
    resource_names = {r["name"] for r in package["resources"]}
    for resource in package["resources"]:
        with (out / resource["path"]).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        fields = resource["schema"]["fields"]
        assert header == [f["name"] for f in fields]
        assert all(
            f["type"] in {"string", "integer", "number", "array", "boolean", "date"} for f in fields
        )
        assert all(f["description"] for f in fields)
        assert set(resource["schema"]["primaryKey"]) <= set(header)
        for fk in resource["schema"]["foreignKeys"]:
            assert fk["fields"] in header
            assert fk["reference"]["resource"] in resource_names


ACLED_NAMES = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def test_acled_table_has_acled_columns_and_real_values(ds: lc.Dataset, tmp_path: Path) -> None:
    out = lc.export("acled", tmp_path / "events.csv", ds)
    rows = {r["event_id_cnty"]: r for r in _read_csv(out)}
    header = list(next(iter(rows.values())))
    assert header == [c.name for c in ACLED_COLUMNS]
    assert header[: len(ACLED_NAMES)] == ACLED_NAMES  # ACLED's columns, in ACLED's order
    year_only = {e.id for e in ds.events if e.date.month is None}
    assert year_only and set(rows) == set(ds.events.ids()) - year_only
    corinthia = rows["2015-01-27-corinthia-hotel-attack"]
    assert corinthia["event_date"] == "2015-01-27"
    assert (corinthia["year"], corinthia["time_precision"]) == ("2015", "1")
    assert corinthia["event_type"] == "Violence against civilians"
    assert corinthia["disorder_type"] == "Political violence"
    assert corinthia["civilian_targeting"] == "Civilian targeting"
    assert corinthia["actor1"] == ds.get("islamic-state").names[0]
    assert corinthia["inter1"] == "2"  # the Islamic State: a rebel group in ACLED's terms
    assert corinthia["fatalities"] == "8"  # five foreigners and three local guards
    assert corinthia["fatalities_known"] == "true"
    assert corinthia["location"] == "Corinthia Hotel"
    assert (corinthia["iso"], corinthia["country"], corinthia["region"]) == (
        "434",
        "Libya",
        "Northern Africa",
    )
    assert corinthia["admin1"] == ""  # the texts name no districts: nothing is guessed
    assert corinthia["geo_precision"] == "1"
    assert float(corinthia["latitude"]) == ds.places["corinthia-hotel"].coordinates.lat  # type: ignore[union-attr]
    for event in ds.events:
        if event.id in year_only:
            continue
        row = rows[event.id]
        assert row["event_type"] == event.acled_event_type.value
        assert row["date"] == str(event.date)
        assert row["event_date"].startswith(f"{event.date.year:04d}-{event.date.month:02d}-")
        assert row["year"] == str(event.date.year)
        killed = [f for f in event.casualties if f.kind == "killed"]
        if not killed:
            assert (row["fatalities"], row["fatalities_known"]) == ("0", "false")  # as ACLED
        if not event.places:
            assert row["location"] == row["latitude"] == row["iso"] == row["admin1"] == ""
        inter1, inter2, interaction = row["inter1"], row["inter2"], row["interaction"]
        if inter1 and not row["actor2"]:
            assert interaction == f"{inter1}0"
        elif inter1 and inter2:
            assert interaction == "".join(sorted(inter1 + inter2))
        else:
            assert interaction == ""


def test_acled_clash_without_a_named_initiator_has_both_parties_as_actors(
    ds: lc.Dataset, tmp_path: Path
) -> None:
    clash = ds.events["2017-11-lna-clashes-islamists-benghazi"]
    assert {p.role for p in clash.participants} == {lc.ParticipantRole.PARTICIPANT}
    out = lc.export("acled", tmp_path / "events.csv", ds)
    row = next(r for r in _read_csv(out) if r["event_id_cnty"] == clash.id)
    first, second = (ds.get(p.ref).names[0] for p in clash.participants[:2])
    assert (row["actor1"], row["actor2"]) == (first, second)


def test_acled_event_date_reads_as_dates_with_pandas(ds: lc.Dataset, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    out = lc.export("acled", tmp_path / "events.csv", ds)
    frame = pd.read_csv(out, parse_dates=["event_date"], date_format="%Y-%m-%d")
    assert str(frame["event_date"].dtype).startswith("datetime64")
    assert frame["event_date"].notna().all()
    assert (frame["event_date"].dt.year == frame["year"]).all()
    assert set(frame["time_precision"]) <= {1, 2, 3}
    assert str(frame["fatalities"].dtype) == "int64"  # never empty, as in ACLED's files
    month_only = frame[frame["time_precision"] == 3]
    assert not month_only.empty and (month_only["event_date"].dt.day == 15).all()


def test_cli_acled_export_counts_the_events_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    assert main(["export", "--format", "acled", "--output", str(tmp_path / "e.csv")], out) == 0
    left_out = sum(1 for e in lc.load().events if e.date.month is None)
    err = capsys.readouterr().err
    assert f"left out {left_out} events dated to a year only" in err
    assert len(_read_csv(tmp_path / "e.csv")) == len(lc.load().events) - left_out


def test_dates_and_periods_have_their_earliest_and_latest_day(
    ds: lc.Dataset, tmp_path: Path
) -> None:
    out = lc.export("csv", tmp_path / "csv", ds)
    events = {r["id"]: r for r in _read_csv(out / "events.csv")}
    for event in ds.events:
        row = events[event.id]
        assert row["date_earliest"] == event.date.earliest.isoformat()
        assert row["date_latest"] == event.date.latest.isoformat()
        if event.end_date is None:
            assert row["end_date_earliest"] == row["end_date_latest"] == ""
    year_only = next(e for e in ds.events if e.date.month is None)
    row = events[year_only.id]
    assert (row["date_earliest"], row["date_latest"]) == (
        f"{year_only.date.year}-01-01",
        f"{year_only.date.year}-12-31",
    )
    support = {r["id"]: r for r in _read_csv(out / "support.csv")}
    for record in ds.support:
        period = record.period
        expected = (
            period.earliest.isoformat() if period and period.earliest else "",
            period.latest.isoformat() if period and period.latest else "",
        )
        assert (support[record.id]["period_earliest"], support[record.id]["period_latest"]) == (
            expected
        )
    # A filter on the earliest and latest days keeps an event dated to the year alone.
    db = sqlite3.connect(lc.export("sqlite", tmp_path / "lc.db", ds))
    start = f"{year_only.date.year}-04-01"
    hits = db.execute(
        "SELECT id FROM events WHERE date_latest >= ? AND date_earliest <= ?", (start, start)
    ).fetchall()
    db.close()
    assert (year_only.id,) in hits
    frames = lc.to_pandas(ds)
    assert str(frames["events"]["date_earliest"].dtype).startswith("datetime64")
    geo = json.loads(lc.export("geojson", tmp_path / "g.geojson", ds).read_text())
    feature = next(f for f in geo["features"] if f["id"] == year_only.id)
    assert feature["properties"]["date_earliest"] == f"{year_only.date.year}-01-01"


def test_geojson_features_equal_places_and_events(ds: lc.Dataset, tmp_path: Path) -> None:
    out = lc.export("geojson", tmp_path / "data.geojson", ds)
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == set(ds.places.ids()) | set(ds.events.ids())
    for fid, feature in features.items():
        properties = dict(feature["properties"])
        assert properties.pop("collection") in ("places", "events")
        for name in [k for k in properties if k.endswith(("_earliest", "_latest"))]:
            del properties[name]
        assert properties == to_json(ds.get(fid))
    sirte = ds.places["sirte"]
    assert sirte.coordinates is not None
    assert features["sirte"]["geometry"] == {
        "type": "Point",
        "coordinates": [sirte.coordinates.lon, sirte.coordinates.lat],
    }
    unlocated = [e for e in ds.events if not e.places]
    assert all(features[e.id]["geometry"] is None for e in unlocated)


def test_graphml_reads_back_with_networkx(ds: lc.Dataset, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    out = lc.export("graphml", tmp_path / "graph.graphml", ds)
    graph = nx.read_graphml(out)
    edges = {key: (u, v, data) for u, v, key, data in graph.edges(keys=True, data=True)}
    assert set(edges) == set(ds.relations.ids()) | set(ds.support.ids())
    for relation in ds.relations:
        u, v, data = edges[relation.id]
        assert (u, v, data["label"]) == (relation.subject, relation.object, relation.type.value)
        assert json.loads(data["citations"]) == to_json(relation)["citations"]
    for support in ds.support:
        u, v, data = edges[support.id]
        assert (u, v, data["label"]) == (support.supporter, support.recipient, "supports")
        assert json.loads(data["kinds"]) == [k.value for k in support.kinds]
    for actor in ds.actors:
        assert graph.nodes[actor.id]["name"] == actor.name


def test_graphml_attributes_are_typed_and_read_back_as_numbers(
    ds: lc.Dataset, tmp_path: Path
) -> None:
    nx = pytest.importorskip("networkx")
    out = lc.export("graphml", tmp_path / "graph.graphml", ds)
    declared = re.findall(r'attr\.name="([^"]+)" attr\.type="([^"]+)"', out.read_text())
    types = dict(declared)
    assert types["latitude"] == types["longitude"] == "double"
    assert types["fighters_lowest"] == types["fighters_highest"] == "int"
    assert types["denied"] == "boolean"
    graph = nx.read_graphml(out)
    located = [p for p in ds.places if p.id in graph and p.coordinates is not None]
    assert located
    for place in located:
        node = graph.nodes[place.id]
        assert place.coordinates is not None
        assert isinstance(node["latitude"], float) and isinstance(node["longitude"], float)
        assert (node["latitude"], node["longitude"]) == (
            place.coordinates.lat,
            place.coordinates.lon,
        )
        assert "coordinates" not in node
    counted = [g for g in ds.armed_groups if g.strength]
    assert counted
    for group in counted:
        node = graph.nodes[group.id]
        figures = [e.fighters for e in group.strength]
        lows = [f.low if f.low is not None else f.best for f in figures]
        numbers = [v for v in lows if v is not None]
        if not numbers:  # only words ('thousands'): no figure to give
            assert "fighters_lowest" not in node
            continue
        assert type(node["fighters_lowest"]) is int
        assert node["fighters_lowest"] == min(numbers)
    edges = {key: data for *_, key, data in graph.edges(keys=True, data=True)}
    for support in ds.support:
        assert edges[support.id]["denied"] is bool(support.denials)


def test_sqlite_has_tables_keys_and_full_text_search(ds: lc.Dataset, tmp_path: Path) -> None:
    out = lc.export("sqlite", tmp_path / "lc.db", ds)
    db = sqlite3.connect(out)
    db.row_factory = sqlite3.Row
    for collection in COLLECTIONS:
        rows = db.execute(f"SELECT * FROM {collection} ORDER BY id").fetchall()
        types = _types(collection)
        assert len(rows) == len(getattr(ds, collection))
        for row in rows:
            cells = {k: row[k] for k in row.keys()}  # noqa: SIM118
            assert _record_from_cells(cells, types) == _expected(ds.get(row["id"]))
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    targets = {r["table"] for r in db.execute("PRAGMA foreign_key_list(relations)")}
    assert targets == {"records"}
    hits = db.execute(
        "SELECT DISTINCT names.record_id FROM names_fts JOIN names ON names.rowid = "
        "names_fts.rowid WHERE names_fts MATCH 'Hiftar'"
    ).fetchall()
    assert "khalifa-haftar" in {h[0] for h in hits}
    db.close()


def test_parquet_reads_back_with_pyarrow(ds: lc.Dataset, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = lc.export("parquet", tmp_path / "parquet", ds)
    for table in tables(ds):
        read = pq.read_table(out / f"{table.name}.parquet")
        assert read.column_names == [c.name for c in table.columns]
        expected = [
            [
                json.dumps(v, ensure_ascii=False, separators=(",", ":"))
                if isinstance(v, list | dict)
                else dt.date.fromisoformat(v)
                if c.type == "date" and v is not None
                else v
                for v, c in zip(row, table.columns, strict=True)
            ]
            for row in table.rows
        ]
        assert [list(r.values()) for r in read.to_pylist()] == expected
    events = pq.read_table(out / "events.parquet").to_pylist()
    assert [e["id"] for e in events] == sorted(ds.events.ids())


def test_to_pandas_gives_a_frame_per_table(ds: lc.Dataset) -> None:
    pytest.importorskip("pandas")
    frames = lc.to_pandas(ds)
    support = frames["support"]
    assert list(support["id"]) == sorted(ds.support.ids())
    to_lna = support[support["recipient"] == "lna"]
    assert set(to_lna["supporter"]) == {s.supporter for s in ds.supporters("lna")}
    assert str(frames["acled_events"]["fatalities"].dtype) == "Int64"
    assert frames["places"].set_index("id").loc["sirte", "aliases"] == ["Surt"]


def test_to_networkx_keys_edges_by_record_id(ds: lc.Dataset) -> None:
    pytest.importorskip("networkx")
    graph = lc.to_networkx(ds)
    assert graph.is_directed() and graph.is_multigraph()
    uae_to_lna = graph.get_edge_data("united-arab-emirates", "lna")
    assert set(uae_to_lna) == {
        s.id for s in ds.support if (s.supporter, s.recipient) == ("united-arab-emirates", "lna")
    } | {r.id for r in ds.relations if (r.subject, r.object) == ("united-arab-emirates", "lna")}
    assert graph.number_of_edges() == len(ds.relations) + len(ds.support)


# -- determinism ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("csv", "csv"),
        ("acled", "events.csv"),
        ("geojson", "data.geojson"),
        ("graphml", "graph.graphml"),
        ("sqlite", "lc.db"),
        ("parquet", "parquet"),
    ],
)
def test_same_data_gives_the_same_bytes(
    ds: lc.Dataset, tmp_path: Path, fmt: str, name: str
) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = lc.export(fmt, tmp_path / "a" / name, ds)
    second = lc.export(fmt, tmp_path / "b" / name, ds)
    assert _files(first) == _files(second)
    again = lc.export(fmt, first, ds)  # overwriting a previous export gives the same bytes
    assert _files(again) == _files(second)


# -- atomic writes and errors --------------------------------------------------------------------


def test_an_interrupted_file_export_leaves_the_previous_file_intact(
    ds: lc.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "lc.db"
    out.write_bytes(b"previous export")

    def half_written(path: Path, *args: object) -> None:
        path.write_bytes(b"SQLite format 3\x00 half a database")
        raise RuntimeError("interrupted")

    monkeypatch.setattr(_sqlite, "_write", half_written)
    with pytest.raises(RuntimeError, match="interrupted"):
        lc.export("sqlite", out, ds)
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["lc.db"]


def test_an_interrupted_folder_export_leaves_the_previous_folder_intact(
    ds: lc.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = lc.export("csv", tmp_path / "csv", ds)
    before = _files(out)
    written: list[str] = []
    real = _csv.write_table

    def fail_halfway(folder: Path, table: Any) -> None:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(table.name)
        real(folder, table)

    monkeypatch.setattr(_csv, "write_table", fail_halfway)
    with pytest.raises(lc.ExportError, match="No space left on device"):
        lc.export("csv", out, ds)
    assert _files(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["csv"]


def test_a_missing_destination_folder_is_an_export_error(ds: lc.Dataset, tmp_path: Path) -> None:
    with pytest.raises(lc.ExportError, match="does not exist"):
        lc.export("geojson", tmp_path / "nope" / "data.geojson", ds)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_destination_folder_is_an_export_error(ds: lc.Dataset, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(lc.ExportError, match="not writable"):
            lc.export("graphml", folder / "graph.graphml", ds)
    finally:
        folder.chmod(0o755)


def test_a_refused_write_is_an_export_error_and_leaves_nothing(
    ds: lc.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    for fmt, name in (("geojson", "data.geojson"), ("csv", "csv")):
        with pytest.raises(lc.ExportError, match="Permission denied"):
            lc.export(fmt, tmp_path / name, ds)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_of_other_files_is_never_replaced(ds: lc.Dataset, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(lc.ExportError, match=r"notes\.txt"):
        lc.export("csv", tmp_path, ds)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_unknown_format_lists_the_formats(ds: lc.Dataset, tmp_path: Path) -> None:
    with pytest.raises(lc.ExportError, match="csv, acled, geojson"):
        lc.export("xlsx", tmp_path / "x", ds)


@pytest.mark.parametrize(
    ("module", "call", "extra"),
    [
        ("pyarrow", lambda ds, p: lc.export("parquet", p / "pq", ds), "parquet"),
        ("pandas", lambda ds, p: lc.to_pandas(ds), "pandas"),
        ("networkx", lambda ds, p: lc.to_networkx(ds), "networkx"),
    ],
)
def test_a_missing_extra_names_what_to_install(
    ds: lc.Dataset,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    call: Any,
    extra: str,
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.setitem(sys.modules, f"{module}.parquet", None)
    with pytest.raises(lc.ExportError, match=rf"pip install 'libya-conflict\[{extra}\]'"):
        call(ds, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_import_and_plain_exports_need_no_optional_dependency(tmp_path: Path) -> None:
    code = (
        "import sys, libya_conflict as lc; "
        f"lc.export('geojson', {str(tmp_path / 'x.geojson')!r}); "
        f"lc.export('sqlite', {str(tmp_path / 'x.db')!r}); "
        "print(' '.join(m for m in ('pandas', 'networkx', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == ""


# -- command line --------------------------------------------------------------------------------


def test_cli_export_writes_the_format(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["export", "--format", "geojson", "--output", str(tmp_path / "x.json")], out) == 0
    assert "wrote geojson" in out.getvalue()
    assert json.loads((tmp_path / "x.json").read_text())["type"] == "FeatureCollection"


def test_cli_export_reads_a_data_folder(tmp_path: Path) -> None:
    from .conftest import REPO

    out = io.StringIO()
    args = ["export", "--format", "acled", "--output", str(tmp_path / "e.csv")]
    assert main([*args, "--data", str(REPO / "data")], out) == 0
    dated = [e for e in lc.load().events if e.date.month is not None]
    assert len(_read_csv(tmp_path / "e.csv")) == len(dated)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx", "--output", "{tmp}/x"], "unknown export format 'xlsx'"),
        (["--format", "sqlite", "--output", "{tmp}/no/x.db"], "does not exist"),
        (["--format", "csv", "--output", "{tmp}/x", "--data", "{tmp}/none"], "no such data"),
    ],
)
def test_cli_export_errors_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = ["export", *(a.format(tmp=tmp_path) for a in args)]
    assert main(argv, io.StringIO()) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_cli_export_of_parquet_without_pyarrow_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    argv = ["export", "--format", "parquet", "--output", str(tmp_path / "pq")]
    assert main(argv, io.StringIO()) == 2
    assert "libya-conflict[parquet]" in capsys.readouterr().err


def test_acled_time_precision_follows_the_date_precision(ds: lc.Dataset) -> None:
    from libya_conflict._export.tables import acled_row

    for event in ds.events:
        row = acled_row(event, ds)
        if event.date.month is None:
            assert row is None  # a year alone: left out
            continue
        assert row is not None
        event_date, precision = row[1], row[3]
        if event.date.day is None:
            assert precision == 3
            assert event_date == f"{event.date.year:04d}-{event.date.month:02d}-15"
        elif event.date.approximate or event.date.uncertain:
            assert precision == 2
        else:
            assert precision == 1
            assert event_date == str(event.date)
