"""A fork of the data validates as a fork: a file is checked against its data folder's other
records, then the packaged release; the pre-commit hook works across a fork's commits."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import libya_conflict as lc
from libya_conflict._loading.resources import bundle_folder

from .conftest import REPO

GROUP: dict[str, Any] = {
    "id": "example-fork-brigade",
    "name": "Example Fork Brigade",
    "kind": "brigade",
    "description": "A group only the fork knows.",
    "citations": [
        {
            "source": "orton-2015-islamic-state-libya",
            "quote": "Libya's three main cities—Tripoli, Benghazi, and Misrata",
        }
    ],
}
RELATION: dict[str, Any] = {
    "id": "example-fork-brigade-member-of-lna",
    "type": "member_of",
    "subject": "example-fork-brigade",
    "object": "lna",
    "certainty": "reported",
    "description": "The fork's new group is part of the LNA.",
    "citations": GROUP["citations"],
}


def _write(folder: Path, collection: str, record: dict[str, Any]) -> Path:
    path = folder / collection / f"{record['id']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    """A data folder holding a few records: a small fork (the whole copy is tested below)."""
    data = tmp_path / "fork" / "data"
    _write(data, "armed_groups", GROUP)
    return data


def test_a_relation_to_the_forks_new_group_validates_file_by_file(fork: Path) -> None:
    relation = _write(fork, "relations", RELATION)
    report = lc.validate([relation])
    assert report.ok, str(report)
    # The same file outside a data folder: the group is unknown, as before.
    alone = fork.parent / f"{RELATION['id']}.json"
    shutil.copy(relation, alone)
    report = lc.validate([alone], record_type="relation")
    assert [p.code for p in report.problems] == ["dangling-reference"]


def test_the_folder_is_found_from_a_collection_folder_or_a_relative_path(
    fork: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(fork, "relations", RELATION)
    assert lc.validate([fork / "relations"]).ok
    monkeypatch.chdir(fork / "relations")
    assert lc.validate([f"{RELATION['id']}.json"]).ok


def test_the_forks_records_count_for_ids_and_names(fork: Path) -> None:
    twin = dict(GROUP, id="example-fork-brigade-2")  # another group, the same name
    report = lc.validate([_write(fork, "armed_groups", twin)])
    assert [p.code for p in report.problems] == ["name-taken"]
    assert "'example-fork-brigade'" in report.problems[0].message
    # An ID the fork uses for a group, reused for an actor.
    actor = {
        "id": "example-fork-brigade",
        "name": "Someone Else",
        "kind": "person",
        "description": "A person.",
        "citations": GROUP["citations"],
    }
    path = _write(fork, "actors", actor)
    report = lc.validate([path])
    codes = [p.code for p in report.problems]
    assert "duplicate-id" in codes, str(report)
    message = next(p.message for p in report.problems if p.code == "duplicate-id")
    assert "armed_groups/example-fork-brigade.json" in message


def test_the_forks_own_version_of_a_record_comes_first(fork: Path) -> None:
    """A fork that removes a packaged record (a tombstone) makes references to it fail."""
    tombstone = {
        "id": "lna",
        "record_type": "armed_group",
        "successor": GROUP["id"],
        "reason": "Merged into the fork's group.",
        "removed_in": "0.2.0",
    }
    _write(fork, "tombstones", tombstone)
    report = lc.validate([_write(fork, "relations", RELATION)])
    assert [(p.code, p.pointer) for p in report.problems] == [("removed-reference", "/object")], (
        str(report)
    )


def _hook() -> tuple[list[str], re.Pattern[str]]:
    """The hook's command (its ``entry``, run from the environment the tests use) and the
    files it applies to, from ``.pre-commit-hooks.yaml``."""
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = re.search(r"^  entry: (.+)$", text, flags=re.MULTILINE)
    files = re.search(r"^  files: (.+)$", text, flags=re.MULTILINE)
    assert entry is not None and files is not None
    command = shlex.split(entry.group(1))
    assert command[0] == "libya-conflict"
    # pre-commit installs the package and runs its console script; run the same script here.
    script = Path(sys.executable).parent / "libya-conflict"
    if not script.is_file():
        script = Path(shutil.which("libya-conflict") or "")
    start = [os.fspath(script)] if script.is_file() else [sys.executable, "-m", "libya_conflict"]
    return start + command[1:], re.compile(files.group(1))


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Fork Contributor",
        "GIT_AUTHOR_EMAIL": "fork@example.org",
        "GIT_COMMITTER_NAME": "Fork Contributor",
        "GIT_COMMITTER_EMAIL": "fork@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-C", os.fspath(repo), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_pre_commit_hook_passes_across_a_forks_commits(tmp_path: Path) -> None:
    """A fork in a git repository: commit a new armed group, then a relation to it; the hook's
    command, run as pre-commit runs it (from the repository's root, on the files the commit
    changes that its ``files`` pattern matches), passes on each commit."""
    repo = tmp_path / "fork"
    repo.mkdir()
    _git(repo, "init", "--quiet")
    shutil.copytree(os.fspath(bundle_folder("data")), repo / "data")
    _git(repo, "add", "data")
    _git(repo, "commit", "--quiet", "-m", "The packaged data")
    _write(repo / "data", "armed_groups", GROUP)
    _git(repo, "add", "data")
    _git(repo, "commit", "--quiet", "-m", "A new armed group")
    _write(repo / "data", "relations", RELATION)
    _git(repo, "add", "data")
    _git(repo, "commit", "--quiet", "-m", "A relation to the new group")

    command, files = _hook()
    for commit, expected in (("HEAD~1", GROUP["id"]), ("HEAD", RELATION["id"])):
        changed = _git(repo, "diff-tree", "--no-commit-id", "--name-only", "-r", commit)
        chosen = [name for name in changed.splitlines() if files.search(name)]
        assert [Path(name).stem for name in chosen] == [expected]
        done = subprocess.run(
            [*command, *chosen], cwd=repo, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.strip().endswith("1 files, 1 records checked: valid")

    # Without the fork's group on disk, the same relation fails: the fork's data is what counts.
    (repo / "data" / "armed_groups" / f"{GROUP['id']}.json").unlink()
    done = subprocess.run(
        [*command, f"data/relations/{RELATION['id']}.json"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "[dangling-reference]" in done.stdout
