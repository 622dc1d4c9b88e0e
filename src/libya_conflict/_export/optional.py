"""Import an optional dependency, or explain which extra installs it."""

from __future__ import annotations

import importlib
from types import ModuleType

from ..exceptions import ExportError

__all__ = ["require"]


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``; raise :class:`~libya_conflict.ExportError` naming the extra if absent."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ExportError(
            f"{purpose} needs {module.split('.')[0]}: pip install 'libya-conflict[{extra}]'"
        ) from None
