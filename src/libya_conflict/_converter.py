"""The cattrs converter between JSON-shaped dicts and the typed model.

It refuses unknown keys, refuses a string where an array is expected (cattrs would otherwise
split ``"LNA"`` into ``('L', 'N', 'A')``), turns partial dates and periods into their typed
values and back, and leaves out unset optional fields when unstructuring, so that a record
read from JSON unstructures to the same JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_origin

import cattrs
from cattrs.cols import homogenous_tuple_structure_factory

from ._dates import PartialDate, Period
from ._model import RECORD_CLASSES, Record

__all__ = ["converter", "structure_record", "unstructure_record"]


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(PartialDate, lambda value, _: PartialDate.parse(_str(value)))
    conv.register_unstructure_hook(PartialDate, str)
    conv.register_structure_hook(Period, lambda value, _: Period.parse(_str(value)))
    conv.register_unstructure_hook(Period, str)

    def tuple_hook_factory(tp: Any) -> Callable[[Any, Any], Any]:
        inner = homogenous_tuple_structure_factory(tp, conv)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected an array, got {type(value).__name__}")
            return inner(value, tp)

        return structure

    conv.register_structure_hook_factory(_is_tuple, tuple_hook_factory)
    return conv


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


converter: cattrs.Converter = _make_converter()
"""The converter used to structure and unstructure records."""


def structure_record(data: dict[str, Any], record_type: str) -> Record:
    """Structure one JSON object into the class of ``record_type`` (``"event"``, ...)."""
    return converter.structure(data, RECORD_CLASSES[record_type])


def unstructure_record(record: Record) -> dict[str, Any]:
    """Unstructure a record into its JSON form, leaving out unset optional fields."""
    document: dict[str, Any] = converter.unstructure(record)
    return document
