"""Importing the package is cheap: it loads no data, validator or converter."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print('\\n'.join(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


def test_import_loads_no_data_validator_or_converter() -> None:
    modules = _modules_after("import libya_conflict")
    for heavy in ("jsonschema", "cattrs", "attrs", "referencing", "libya_conflict._loading.load"):
        assert heavy not in modules


def test_version_is_available_without_loading_anything() -> None:
    modules = _modules_after("import libya_conflict; libya_conflict.__version__")
    assert "cattrs" not in modules


def test_public_names_resolve_lazily() -> None:
    import libya_conflict as lc

    for name in lc.__all__:
        assert getattr(lc, name) is not None
    assert set(dir(lc)) == set(lc.__all__)


def test_unknown_attribute_is_an_attribute_error() -> None:
    import pytest

    import libya_conflict as lc

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        lc.nope  # noqa: B018


def test_the_typing_imports_and_the_lazy_map_name_the_same_things() -> None:
    """__init__.py writes the public names twice, as typing imports and as ``_EXPORTS`` (from
    which ``__all__`` and the lazy imports come): each must name what the other does."""
    import ast
    from pathlib import Path

    import libya_conflict as lc

    tree = ast.parse(Path(lc.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    )
    typed: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom), ast.unparse(node)
        for alias in node.names:
            assert alias.asname == alias.name, f"{alias.name} must be imported as itself"
            typed[alias.name] = "." * node.level + (node.module or "")
    assert typed == lc._EXPORTS
    assert sorted(lc.__all__) == sorted(["__version__", *typed])
