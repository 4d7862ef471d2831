"""Keeping Python's cyclic garbage collector out of the way of big loads.

Loading 20,000 rows makes tens of thousands of tuples, and every few thousand new objects
the collector walks objects to look for reference cycles — at times every object in the
program. Measured on the tracker's opening: a third of its time and most of its spread
from run to run. Rows hold no cycles (reference counting frees them as before), so the
collector is paused while they are built, and the objects that live as long as the program
(its code, loaded at start) are moved out of its sight once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle_long_lived() -> None:
    """Once the program's code is loaded: stop walking its objects in every collection.
    Only for objects that live as long as the program (modules, classes, functions)."""
    gc.collect()
    gc.freeze()


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection while tens of thousands of rows are built (safe to nest)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
