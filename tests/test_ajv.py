"""The schemas compile in Ajv's strict mode and agree with the Python validator on every record.

Runs the JavaScript recipe of docs/guide/validation.md with Node and Ajv (installed with npm into
a temporary folder), on every bundled record and on the test fixtures.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from libya_conflict._loading.resources import bundle_folder
from libya_conflict._model.records import COLLECTION_TYPES
from libya_conflict._validation.schemas import validator_for

from .conftest import REPO

TYPES = {**COLLECTION_TYPES, "tombstones": "tombstone"}


def _recipe() -> str:
    page = (REPO / "docs" / "guide" / "validation.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```js\n(.*?)^```", page, flags=re.M | re.S)
    assert len(blocks) == 1, "docs/guide/validation.md has one JavaScript recipe"
    return str(blocks[0])


@pytest.fixture(scope="module")
def ajv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the recipe as validate.js, with Ajv installed beside it."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js and npm are not installed: the Ajv tests need them")
    folder = tmp_path_factory.mktemp("ajv")
    (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--no-package-lock", "ajv@8"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"npm install ajv failed:\n{done.stdout}\n{done.stderr}"
    (folder / "validate.js").write_text(_recipe(), encoding="utf-8")
    return folder


def _run(folder: Path, files: list[Path]) -> tuple[int, set[str], str]:
    done = subprocess.run(
        ["node", "validate.js", str(bundle_folder("schemas")), *map(str, files)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "strict mode" not in done.stderr, done.stderr
    assert done.stdout.endswith(" invalid\n"), done.stdout + done.stderr
    failed = {line.split(": ")[0] for line in done.stdout.splitlines()[:-1]}
    return done.returncode, failed, done.stdout


def _strict_json(path: Path) -> object | None:
    def refuse(constant: str) -> None:
        raise ValueError(constant)

    try:
        return json.loads(path.read_bytes().decode("utf-8"), parse_constant=refuse)
    except ValueError:
        return None


def test_every_schema_compiles_in_strict_mode_and_every_record_is_valid(ajv: Path) -> None:
    data = Path(str(bundle_folder("data")))
    files = [p for c in TYPES for p in sorted((data / c).glob("*.json"))]
    assert len(files) > 100
    code, failed, output = _run(ajv, files)
    assert (code, failed) == (0, set()), output
    assert output.splitlines()[-1] == f"{len(files)} files, 0 invalid"


def test_ajv_gives_the_python_schema_verdicts_on_the_fixtures(ajv: Path) -> None:
    files = [
        p
        for p in sorted((REPO / "tests" / "fixtures").glob("*/*/*.json"))
        if isinstance(_strict_json(p), dict)
    ]
    expected = {
        str(p) for p in files if not validator_for(TYPES[p.parent.name]).is_valid(_strict_json(p))
    }
    assert expected, "the fixtures hold records the schemas refuse"
    _, failed, output = _run(ajv, files)
    assert failed == expected, output
