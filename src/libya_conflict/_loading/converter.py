"""The one converter between JSON objects and the typed model: cattrs, made strict.

A record's JSON is structured by the functions cattrs generates for each model class
(:mod:`cattrs.gen`, on first use), through each class's own ``__init__``. The converter
refuses every value whose JSON type the schema refuses instead of converting it:

- a string field takes only a string (no ``str()`` of a number or of ``null``);
- an integer field takes only an integer: not a fraction such as 12.9, not a boolean (12.0
  is the integer 12, as JSON Schema reads it);
- a number field takes an integer or a float, not a boolean;
- an array field takes only an array (a string is not split into letters);
- an optional field is left out, never ``null``;
- an object refuses keys the model does not have.

Partial dates and periods are parsed into their typed values and written back as their text.

Unstructuring leaves out unset optional fields, so a record read from JSON unstructures to
the same JSON.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable
from typing import Any, Union, get_args, get_origin

import cattrs
from cattrs.cols import homogenous_tuple_structure_factory

from .._model.dates import PartialDate, Period
from .._model.records import RECORD_CLASSES, Record
from .jsonio import json_pointer

__all__ = ["converter", "error_fields", "structure_record", "to_json"]

_JSON_TYPE = {str: "a string", int: "an integer", float: "a number", bool: "a boolean"}


def _json_type(value: object) -> str:
    """The JSON type of a parsed value, as a message names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _refuse(value: object, expected: str) -> TypeError:
    return TypeError(f"expected {expected}, got {_json_type(value)}")


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is not str:
        raise _refuse(value, "a string")
    return value


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():  # 12.0 is the integer 12 in JSON Schema
        return int(value)
    raise _refuse(value, "an integer")


def _structure_float(value: Any, _: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise _refuse(value, "a number")


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        raise _refuse(value, "a boolean")
    return value


def _structure_enum(value: Any, tp: type[enum.StrEnum]) -> enum.StrEnum:
    if type(value) is not str:
        raise _refuse(value, "a string")
    return tp(value)


_PRIMITIVE_HOOKS: dict[type, Callable[[Any, Any], Any]] = {
    str: _structure_str,
    int: _structure_int,
    float: _structure_float,
    bool: _structure_bool,
}


def _is_optional(tp: Any) -> bool:
    origin = get_origin(tp)
    return origin in (Union, types.UnionType) and type(None) in get_args(tp)


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    for primitive, hook in _PRIMITIVE_HOOKS.items():
        conv.register_structure_hook(primitive, hook)
    # The model's enumerations are StrEnums: their hook must win over ``str``'s, which it
    # does because StrEnum comes before ``str`` in their method resolution order.
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    conv.register_unstructure_hook(enum.StrEnum, lambda member: member.value)
    conv.register_structure_hook(
        PartialDate, lambda value, _: PartialDate.parse(_structure_str(value, str))
    )
    conv.register_unstructure_hook(PartialDate, str)
    conv.register_structure_hook(Period, lambda value, _: Period.parse(_structure_str(value, str)))
    conv.register_unstructure_hook(Period, str)

    def optional_hook_factory(tp: Any) -> Callable[[Any, Any], Any]:
        (inner,) = (arg for arg in get_args(tp) if arg is not type(None))
        handler = conv.get_structure_hook(inner)

        def structure(value: Any, _: Any) -> Any:
            if value is None:  # JSON leaves an unset field out; the schemas never take null
                raise _refuse(value, _JSON_TYPE.get(inner, "a value (or the field left out)"))
            return handler(value, inner)

        return structure

    def tuple_hook_factory(tp: Any) -> Callable[[Any, Any], Any]:
        inner = homogenous_tuple_structure_factory(tp, conv)

        def structure(value: Any, _: Any) -> Any:
            if type(value) is not list and type(value) is not tuple:
                raise _refuse(value, "an array")
            return inner(value, tp)

        return structure

    conv.register_structure_hook_factory(_is_optional, optional_hook_factory)
    conv.register_structure_hook_factory(_is_tuple, tuple_hook_factory)
    return conv


converter: cattrs.Converter = _make_converter()
"""The converter used to structure and unstructure records."""


def structure_record(data: Any, record_type: str) -> Record:
    """Structure one JSON object into the class of ``record_type`` (``"event"``, ...).

    Raises :class:`TypeError` when ``data`` is not an object, and a
    :class:`cattrs.BaseValidationError` (see :func:`error_fields`) when a field does not fit.
    """
    if type(data) is not dict:
        raise _refuse(data, "an object")
    return converter.structure(data, RECORD_CLASSES[record_type])


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
    document: dict[str, Any] = converter.unstructure(record)
    return document


def error_fields(exc: BaseException, where: str = "") -> list[tuple[str, str]]:
    """``(JSON pointer, message)`` for each field a structuring error refuses.

    Walks the exception groups cattrs raises, building the pointer from their notes (the
    attribute name or the array index); a key the model does not have is named by its own
    pointer.
    """
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return [
            (where + json_pointer((key,)), "is not a field of this record")
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, BaseExceptionGroup):
        found: list[tuple[str, str]] = []
        for inner in exc.exceptions:
            step = where
            for note in getattr(inner, "__notes__", ()):
                name = getattr(note, "name", None)
                index = getattr(note, "index", None)
                if isinstance(name, str):
                    step = where + json_pointer((name,))
                elif isinstance(index, int):
                    step = where + json_pointer((index,))
            if isinstance(inner, KeyError) and not isinstance(inner, BaseExceptionGroup):
                found.append((step, "is required"))
            else:
                found.extend(error_fields(inner, step))
        return found
    return [(where, str(exc))]
