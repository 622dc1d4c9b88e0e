"""Records back to JSON: :func:`to_json`, the inverse of reading a record file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import Record

__all__ = ["to_json"]


def to_json(record: Record) -> dict[str, Any]:
    """The JSON object of ``record``: the object its record file holds.

    Unset optional fields are left out, partial dates and periods are strings, enumerations
    their values, so ``json.dumps(lc.to_json(record))`` writes a file that loads as the same
    record::

        >>> import libya_conflict as lc
        >>> lc.to_json(lc.load().get("tripoli"))["name"]
        'Tripoli'

    The object is new on each call; changing it changes nothing in the dataset.
    """
    from ._converter import unstructure_record  # cattrs: imported on first use

    return unstructure_record(record)
