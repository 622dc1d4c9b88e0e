"""The examples in the README and the docstrings run and say what they show."""

from __future__ import annotations

import doctest
import re

import libya_conflict
from libya_conflict._model import names as _names

from .conftest import REPO


def test_docstring_examples_run() -> None:
    for module in (libya_conflict, _names):
        result = doctest.testmod(module, raise_on_error=False, verbose=False)
        assert result.failed == 0, module.__name__
        assert result.attempted > 0, module.__name__


def test_readme_quickstart_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert blocks, "the README has no Python example"
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["haftar"].id == "khalifa-haftar"  # type: ignore[attr-defined]
