"""Fast structuring of JSON records into the model, without importing cattrs.

For each model class a plain Python function is generated (once, on first use) from
:func:`attrs.fields`: it checks every value has exactly the JSON type the field expects and
builds the instance directly. Anything unusual (a missing or unknown key, a value of another
type, an impossible date) makes it give up and hand the whole record to the cattrs converter of
:mod:`._converter`, so the result, and every error message, is exactly what cattrs gives; cattrs
is only imported when that happens. Records read from valid JSON never need it.
"""

from __future__ import annotations

import enum
import functools
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from ._dates import PartialDate, Period
from ._model import RECORD_CLASSES, Record

__all__ = ["structure_record"]

Structure = Callable[[Any], Any]


class _Unusual(Exception):
    """A value the fast path does not handle; the record goes to cattrs instead."""


def _unusual() -> Any:
    raise _Unusual


def _string(value: Any) -> Any:
    if value.__class__ is str:
        return value
    return _unusual()


def _integer(value: Any) -> Any:
    if value.__class__ is int:
        return value
    return _unusual()


def _number(value: Any) -> Any:
    if value.__class__ is float or value.__class__ is int:
        return float(value)
    return _unusual()


def _boolean(value: Any) -> Any:
    if value.__class__ is bool:
        return value
    return _unusual()


def _parsed(parse: Callable[[str], Any]) -> Structure:
    def structure(value: Any) -> Any:
        if value.__class__ is str:
            return parse(value)
        return _unusual()

    return structure


def _member(enum_class: type[enum.Enum]) -> Structure:
    members = enum_class._value2member_map_

    def structure(value: Any) -> Any:
        if value.__class__ is str:
            return members[value]  # KeyError: not a member, cattrs says so
        return _unusual()

    return structure


def _optional(inner: Structure) -> Structure:
    def structure(value: Any) -> Any:
        return None if value is None else inner(value)

    return structure


def _array(inner: Structure) -> Structure:
    def structure(value: Any) -> Any:
        if value.__class__ is list:
            return tuple([inner(item) for item in value])
        return _unusual()

    return structure


_SCALARS: dict[Any, Structure] = {
    str: _string,
    int: _integer,
    float: _number,
    bool: _boolean,
    PartialDate: _parsed(PartialDate.parse),
    Period: _parsed(Period.parse),
}


def _for_type(tp: Any) -> Structure:
    if tp in _SCALARS:
        return _SCALARS[tp]
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return _optional(_for_type(next(a for a in args if a is not type(None))))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _array(_for_type(args[0]))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _member(tp)
    if isinstance(tp, type) and attrs.has(tp):
        return _for_class(tp)
    raise TypeError(f"no fast structuring for {tp!r}")  # a model change this module must learn


_annotations: dict[tuple[str, str], Any] = {}


def _evaluate(annotation: Any, module: dict[str, Any]) -> Any:
    """The type a (string) annotation names; cheaper than typing.get_type_hints."""
    if not isinstance(annotation, str):
        return annotation
    key = (module["__name__"], annotation)
    if key not in _annotations:
        _annotations[key] = eval(annotation, module)
    return _annotations[key]


@functools.cache
def _for_class(cls: type) -> Structure:
    """Generate the structuring function of one attrs class."""
    namespace_of_model = vars(sys.modules[cls.__module__])
    namespace: dict[str, Any] = {"cls": cls, "_Unusual": _Unusual}
    keys: list[str] = []
    arguments: list[str] = []
    for field in attrs.fields(cls):
        keys.append(field.name)
        namespace[f"s_{field.name}"] = _for_type(_evaluate(field.type, namespace_of_model))
        if field.default is attrs.NOTHING:
            arguments.append(f"{field.alias}=s_{field.name}(d[{field.name!r}])")
        else:
            namespace[f"d_{field.name}"] = field.default
            arguments.append(
                f"{field.alias}=s_{field.name}(d[{field.name!r}]) "
                f"if {field.name!r} in d else d_{field.name}"
            )
    namespace["known"] = frozenset(keys)
    source = (
        "def structure(d):\n"
        "    if d.__class__ is not dict or not known.issuperset(d):\n"
        "        raise _Unusual\n"
        f"    return cls({', '.join(arguments)})\n"
    )
    exec(compile(source, f"<libya_conflict structure {cls.__name__}>", "exec"), namespace)
    function: Structure = namespace["structure"]
    return function


def structure_record(data: Any, record_type: str) -> Record:
    """Structure one JSON object into the class of ``record_type``, as cattrs would.

    Raises what :func:`._converter.structure_record` raises for data that does not fit.
    """
    try:
        cls: type = RECORD_CLASSES[record_type]
        record: Record = _for_class(cls)(data)
        return record
    except (_Unusual, KeyError, TypeError, ValueError):
        from ._converter import structure_record as slow

        return slow(data, record_type)
