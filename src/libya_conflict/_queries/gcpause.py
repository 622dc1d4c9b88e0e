"""Pausing the cyclic garbage collector while building large immutable structures.

Records, their indexes and the dataset are trees of immutable objects without reference cycles,
so the collector has nothing to find in them; but with hundreds of thousands of records alive,
each collection it triggers while they are built walks all of them, which multiplies the time
(by 20 for a date index over 100,000 events). The collector is restored as it was, even on
error.
"""

from __future__ import annotations

import gc
from types import TracebackType

__all__ = ["gc_paused"]


class gc_paused:  # noqa: N801 (used as a function: ``with gc_paused():``)
    """Disable the cyclic garbage collector for the block, then restore its previous state.

    A class rather than :func:`contextlib.contextmanager`: ``load()`` uses it, and importing
    :mod:`contextlib` would add to every import of the package.
    """

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.enabled:
            gc.enable()
