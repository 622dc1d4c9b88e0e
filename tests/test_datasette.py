"""The SQLite export in a real Datasette server on 127.0.0.1: search, metadata, queries."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._export.sqlite import metadata_path

pytest.importorskip("datasette", reason="the test extra installs Datasette")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("datasette")
    database = lc.export("sqlite", folder / "libya.db")
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(database),
            "-m",
            str(metadata_path(database)),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"datasette exited with {process.returncode}:\n{output}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    pytest.fail("datasette did not answer within 60 s")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def test_full_text_search_on_names_finds_any_spelling(server: str) -> None:
    rows = _get(f"{server}/libya/names.json?_search=Hiftar&_shape=array")
    assert rows, "the search returned nothing"
    assert {r["record_id"] for r in rows} == {"khalifa-haftar"}
    everything = _get(f"{server}/libya/names.json?_shape=array&_size=max")
    assert len(rows) < len(everything)  # the search filters; it does not return every row


def test_full_text_search_on_event_titles_and_descriptions(server: str) -> None:
    rows = _get(f"{server}/libya/events.json?_search=Corinthia&_shape=array")
    assert "2015-01-27-corinthia-hotel-attack" in {r["id"] for r in rows}


def test_metadata_describes_tables_columns_licence_and_source(server: str) -> None:
    meta = _get(f"{server}/-/metadata.json")
    assert meta["license"] == "CC BY 4.0"
    assert meta["source_url"].startswith("https://")
    support = meta["databases"]["libya"]["tables"]["support"]
    assert support["description"]
    assert support["columns"]["certainty"]
    assert "certainty" in support["facets"]


def test_canned_query_who_backed_whom(server: str) -> None:
    rows = _get(f"{server}/libya/who_backed_whom.json?recipient=lna&_shape=array")
    assert rows
    ds = lc.load()
    assert {r["recipient"] for r in rows} == {ds.get("lna").names[0]}
    expected = {s.id for s in ds.support if s.recipient == "lna"}
    assert {r["id"] for r in rows} == expected


def test_metadata_file_is_written_beside_the_database(tmp_path: Path) -> None:
    database = lc.export("sqlite", tmp_path / "mine.db")
    document = json.loads(metadata_path(database).read_text(encoding="utf-8"))
    tables = document["databases"]["mine"]["tables"]
    assert tables["names"]["fts_table"] == "names_fts"
    assert all(table["description"] for table in tables.values() if "columns" in table)
    assert all(all(c.values()) for c in (t.get("columns", {}) for t in tables.values()))
