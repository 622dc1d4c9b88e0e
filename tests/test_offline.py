"""No network, ever: loading, validating and printing schemas open no socket, and a ``$ref`` to a
remote URL in a record or a schema is refused with a clear message, without a fetch.

To cover a new operation (an export, say), add a ``(name, callable)`` pair to OPERATIONS.
"""

from __future__ import annotations

import io
import json
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._cli import main
from libya_conflict._loading import load as _loading
from libya_conflict._loading import resources as _resources
from libya_conflict._validation import run as _run
from libya_conflict._validation import schemas as _schemas

from .conftest import REPO

VALID = REPO / "tests" / "fixtures" / "valid"


class NetworkAttempt(AssertionError):
    """Raised by the blocked socket functions; also recorded, in case something swallows it."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Block every way to open a connection or resolve a name; return the attempts made."""
    attempts: list[str] = []

    def blocked(name: str) -> Callable[..., Any]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise NetworkAttempt(f"network access attempted: {name}")

        return refuse

    monkeypatch.setattr(socket.socket, "connect", blocked("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", blocked("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", blocked("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", blocked("getaddrinfo"))
    return attempts


@pytest.fixture
def cold_caches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Forget every cached bundle, schema, registry and validator, before and after."""

    def clear() -> None:
        for cached in (
            _resources.bundle_root,
            _schemas._raw_schemas,
            _schemas.registry,
            _schemas.validator_for,
            _schemas.screen_for,
        ):
            cached.cache_clear()

    clear()
    monkeypatch.setattr(_loading, "_bundled", None)
    yield
    clear()


def _cli(*args: str) -> int:
    return main(list(args), stdout=io.StringIO())


def _export(fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        lc.export(fmt, Path(folder) / f"out.{fmt}")


def _bulk() -> None:
    with tempfile.TemporaryDirectory() as folder:
        lines = Path(folder) / "events.jsonl"
        lines.write_text(
            "\n".join(
                p.read_text(encoding="utf-8").replace("\n", " ") for p in VALID.rglob("*.json")
            )
            + "\n",
            encoding="utf-8",
        )
        lc.validate([lines], record_type="event", jobs=2).raise_for_problems()


OPERATIONS: list[tuple[str, Callable[[], object]]] = [
    ("load", lambda: lc.load()),
    ("load-path", lambda: lc.load(REPO / "data")),
    ("validate-bundle", lambda: lc.validate().raise_for_problems()),
    ("validate-folder", lambda: lc.validate([VALID]).raise_for_problems()),
    ("schema", lambda: [lc.schema(name) for name in (*lc.RECORD_TYPES, "common")]),
    ("validator", lambda: [_schemas.validator_for(name) for name in lc.RECORD_TYPES]),
    ("cli-validate", lambda: _cli("validate", str(VALID))),
    ("cli-stats", lambda: _cli("stats")),
    ("cli-show", lambda: _cli("show", "Hifter")),
    ("cli-schema", lambda: _cli("schema", "event")),
    *((f"export-{fmt}", lambda fmt=fmt: _export(fmt)) for fmt in lc.EXPORT_FORMATS),
    ("to-pandas", lambda: lc.to_pandas()),
    ("to-networkx", lambda: lc.to_networkx()),
    ("validate-json-lines", _bulk),
    ("verify", lambda: lc.verify().raise_for_problems()),
    ("diff", lambda: lc.diff(REPO, REPO / "data")),
]


@pytest.mark.usefixtures("cold_caches")
@pytest.mark.parametrize("operation", [op for _, op in OPERATIONS], ids=[n for n, _ in OPERATIONS])
def test_operation_opens_no_socket(no_network: list[str], operation: Callable[[], object]) -> None:
    result = operation()
    assert result in (None, 0) or result is not False
    assert no_network == []


def test_the_socket_block_works(no_network: list[str]) -> None:
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("example.com", 443))
    with pytest.raises(NetworkAttempt):
        socket.getaddrinfo("example.com", 443)
    assert len(no_network) == 2


# -- a remote $ref in a contributed record --------------------------------------------------------


def _contributed_event(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    record = json.loads(next((VALID / "events").glob("*.json")).read_text())
    change(record)
    folder = tmp_path / "events"
    folder.mkdir()
    path = folder / f"{record['id']}.json"
    path.write_text(json.dumps(record))
    return path


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("", lambda r: r.update({"$ref": "https://example.com/evil.json"})),
        ("/citations/0", lambda r: r["citations"][0].update({"$ref": "https://example.com/q"})),
        ("/places", lambda r: r.update({"places": {"$ref": "https://example.com/places.json"}})),
    ],
    ids=["top-level", "in-a-citation", "as-a-value"],
)
def test_a_remote_ref_in_a_record_is_refused_without_a_fetch(
    tmp_path: Path, no_network: list[str], where: str, change: Callable[[dict[str, Any]], None]
) -> None:
    path = _contributed_event(tmp_path, change)
    report = lc.validate([path])
    assert not report.ok
    (problem,) = [p for p in report.problems if p.pointer == where]
    assert "$ref" in str(problem)
    if problem.code == "additionalProperties":
        assert "'$ref' is never followed" in str(problem.hint)
    assert no_network == []


# -- a remote $ref in a schema --------------------------------------------------------------------


@pytest.fixture
def contributed_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled schemas that the library reads instead of its own."""
    folder = tmp_path / "schemas"
    shutil.copytree(Path(str(_resources.bundle_folder("schemas"))), folder)
    monkeypatch.setattr(_schemas, "bundle_folder", lambda kind: folder)
    return folder


def _add_ref(folder: Path, name: str, ref: str) -> None:
    path = folder / f"{name}.schema.json"
    schema = json.loads(path.read_text())
    schema["properties"]["title"] = {"$ref": ref}
    path.write_text(json.dumps(schema))


@pytest.mark.usefixtures("cold_caches")
@pytest.mark.parametrize(
    "ref",
    [
        "https://example.com/evil.schema.json",
        "http://169.254.169.254/latest/meta-data",
        "file:///etc/passwd",
        "other.schema.json",  # relative: resolves against the $id, to a schema not bundled
    ],
)
def test_a_remote_ref_in_a_schema_is_refused_without_a_fetch(
    contributed_schemas: Path,
    no_network: list[str],
    capsys: pytest.CaptureFixture[str],
    ref: str,
) -> None:
    _add_ref(contributed_schemas, "event", ref)
    message = f"schema event.schema.json: the $ref '{ref}' at /properties/title/$ref points"
    with pytest.raises(lc.BundleError, match="remote references are never fetched") as caught:
        lc.validate([VALID])
    assert message in str(caught.value)
    with pytest.raises(lc.BundleError):
        lc.schema("event")
    assert main(["validate", str(VALID)]) == 2
    assert message in capsys.readouterr().err
    assert no_network == []


@pytest.mark.usefixtures("cold_caches")
def test_a_ref_between_bundled_schemas_is_still_fine(contributed_schemas: Path) -> None:
    _add_ref(contributed_schemas, "event", "common.schema.json#/$defs/text")
    assert lc.validate([VALID]).ok


def test_the_registry_refuses_an_unknown_url_without_a_fetch(no_network: list[str]) -> None:
    from referencing.exceptions import NoSuchResource

    with pytest.raises(NoSuchResource):
        _schemas.registry().get_or_retrieve("https://example.com/evil.schema.json")
    assert no_network == []


def test_validation_uses_only_the_offline_registry() -> None:
    validator = _schemas.validator_for("event")
    assert validator._registry is _schemas.registry()  # type: ignore[attr-defined]
    assert _run.validator_for is _schemas.validator_for
