"""Pausing the cyclic garbage collector while building large immutable structures.

Records, their indexes and the dataset are trees of immutable objects without reference cycles,
so the collector has nothing to find in them; but with hundreds of thousands of records alive,
each collection it triggers while they are built walks all of them, which multiplies the time
(by 20 for a date index over 100,000 events). The collector is restored as it was, even on
error.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector for the block, then restore its previous state."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
