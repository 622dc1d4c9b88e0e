"""Shared fixtures: the repository, the seed texts, the bundled dataset."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import libya_conflict as lc

REPO = Path(__file__).resolve().parents[1]


def seeds_folder() -> Path | None:
    """The source texts: $LIBYA_CONFLICT_SEEDS, or ../shared/seeds beside the checkout."""
    configured = os.environ.get("LIBYA_CONFLICT_SEEDS")
    candidate = Path(configured) if configured else REPO.parent / "shared" / "seeds"
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def seeds() -> Path:
    folder = seeds_folder()
    if folder is None:
        pytest.skip(
            "the seed texts are not available: set LIBYA_CONFLICT_SEEDS or put them in "
            "../shared/seeds beside the checkout"
        )
    return folder


@pytest.fixture(scope="session")
def ds() -> lc.Dataset:
    return lc.load()


def fuzz_profile(name: str, ci_examples: int, long_examples: int) -> settings:
    """The Hypothesis profile ``{name}-ci`` (derandomized: the same examples every CI run), or
    ``{name}-fuzz`` (exploring) when ``LIBYA_CONFLICT_FUZZ=long``."""
    settings.register_profile(
        f"{name}-ci",
        max_examples=ci_examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    settings.register_profile(
        f"{name}-fuzz",
        max_examples=long_examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    long = os.environ.get("LIBYA_CONFLICT_FUZZ") == "long"
    return settings.get_profile(f"{name}-fuzz" if long else f"{name}-ci")
