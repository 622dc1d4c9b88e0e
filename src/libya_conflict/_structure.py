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
from ._model import RECORD_CLASSES, Record, _tuple

__all__ = ["structure_record"]


class _Unusual(Exception):
    """A value the fast path does not handle; the record goes to cattrs instead."""


_CHECKED = {str: "str", int: "int", bool: "bool"}
_PARSED_CACHE: dict[type, dict[str, Any]] = {PartialDate: {}, Period: {}}
_CACHE_LIMIT = 1 << 16


def _cached_parse(tp: Any) -> Callable[[str], Any]:
    """Parse a partial date or period once per distinct text: they are immutable, so shared.

    Ten years of days are under 4,000 texts; the cache stops growing at 65,536.
    """
    cache = _PARSED_CACHE[tp]
    parse = tp.parse

    def cached(text: str) -> Any:
        value = parse(text)
        if len(cache) < _CACHE_LIMIT:
            cache[text] = value
        return value

    return cached


_RAISE = "raise _Unusual"


class _Source:
    """The lines of a generated function, and the names it needs."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "_Unusual": _Unusual,
        }
        self.names = 0

    def name(self, value: Any) -> str:
        self.names += 1
        key = f"n{self.names}"
        self.namespace[key] = value
        return key

    def add(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def value(self, tp: Any, var: str, target: str, depth: int) -> None:
        """Emit code that checks ``var`` and assigns its structured value to ``target``."""
        if tp in _CHECKED:
            self.add(depth, f"if {var}.__class__ is not {_CHECKED[tp]}: {_RAISE}")
            self.add(depth, f"{target} = {var}")
        elif tp is float:
            self.add(depth, f"if {var}.__class__ is float: {target} = {var}")
            self.add(depth, f"elif {var}.__class__ is int: {target} = float({var})")
            self.add(depth, f"else: {_RAISE}")
        elif tp in _PARSED_CACHE:
            cache, parse = self.name(_PARSED_CACHE[tp]), self.name(_cached_parse(tp))
            self.add(depth, f"if {var}.__class__ is not str: {_RAISE}")
            self.add(depth, f"{target} = {cache}.get({var})")
            self.add(depth, f"if {target} is None: {target} = {parse}({var})")
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            members = self.name(tp._value2member_map_)
            self.add(depth, f"if {var}.__class__ is not str: {_RAISE}")
            self.add(depth, f"{target} = {members}[{var}]")  # KeyError: not a member
        elif isinstance(tp, type) and attrs.has(tp):
            self.add(depth, f"{target} = {self.name(_for_class(tp))}({var})")
        elif _optional_of(tp) is not None:
            self.add(depth, f"if {var} is None: {target} = None")
            self.add(depth, "else:")
            self.value(_optional_of(tp), var, target, depth + 1)
        elif typing.get_origin(tp) is tuple and typing.get_args(tp)[1:] == (Ellipsis,):
            item = typing.get_args(tp)[0]
            self.add(depth, f"if {var}.__class__ is not list: {_RAISE}")
            if isinstance(item, type) and attrs.has(item):
                self.add(depth, f"{target} = tuple(map({self.name(_for_class(item))}, {var}))")
            else:
                items = f"i{depth}"
                self.add(depth, f"{items} = []")
                self.add(depth, f"for x{depth} in {var}:")
                self.value(item, f"x{depth}", f"y{depth}", depth + 1)
                self.add(depth + 1, f"{items}.append(y{depth})")
                self.add(depth, f"{target} = tuple({items})")
        else:  # a model change this module must learn: fail loudly in the tests
            raise TypeError(f"no fast structuring for {tp!r}")


def _optional_of(tp: Any) -> Any:
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 2:
        others = [a for a in args if a is not type(None)]
        if len(others) == 1:
            return others[0]
    return None


_annotations: dict[tuple[str, str], Any] = {}


def _evaluate(annotation: Any, module: dict[str, Any]) -> Any:
    """The type a (string) annotation names; cheaper than typing.get_type_hints."""
    if not isinstance(annotation, str):
        return annotation
    key = (module["__name__"], annotation)
    if key not in _annotations:
        _annotations[key] = eval(annotation, module)
    return _annotations[key]


def _source_of(cls: type) -> _Source:
    """Generate the source of the structuring function of one attrs class, and its names.

    The function refuses (raises :class:`_Unusual`, :class:`KeyError`...) anything but a dict
    of known keys holding exactly the JSON types of the fields, and builds the instance from
    the values (see :func:`_slot_setters`).
    """
    module = vars(sys.modules[cls.__module__])
    code = _Source()
    fields = [f for f in attrs.fields(cls) if f.init]  # as cattrs: the others are not read
    known = code.name(frozenset(f.name for f in fields))
    code.add(0, "def structure(d):")
    code.add(1, f"if d.__class__ is not dict or not {known}.issuperset(d): {_RAISE}")
    arguments = []
    for number, field in enumerate(fields):
        tp = _evaluate(field.type, module)
        target = f"a{number}"
        arguments.append(f"{field.alias}={target}")
        if field.default is attrs.NOTHING:
            code.add(1, f"v = d[{field.name!r}]")
            code.value(tp, "v", target, 1)
        else:
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                # The function passes a default on as a value; a factory would be stored.
                raise TypeError(
                    f"no fast structuring for the factory of {cls.__name__}.{field.name}"
                )
            code.add(1, f"if {field.name!r} in d:")
            code.add(2, f"v = d[{field.name!r}]")
            code.value(tp, "v", target, 2)
            code.add(1, f"else: {target} = {code.name(field.default)}")
    setters = _slot_setters(cls, module)
    if setters is None:
        code.add(1, f"return {code.name(cls)}({', '.join(arguments)})")
        return code
    code.add(1, f"r = {code.name(object.__new__)}({code.name(cls)})")
    for number, setter in enumerate(setters):
        code.add(1, f"{code.name(setter)}(r, a{number})")
    code.add(1, "return r")
    return code


def _slot_setters(cls: type, module: dict[str, Any]) -> list[Callable[[Any, Any], None]] | None:
    """The setters of the slots of ``cls``'s fields, in order, or ``None`` to call the class.

    The values the structuring function makes are the ones ``__init__`` would store, so storing
    them straight into the slots (as the ``__init__`` attrs writes does, past the frozen
    ``__setattr__``) builds the same instance for about half the cost of calling the class.
    Only where calling it would do nothing more: ``__new__`` is :meth:`object.__new__` and
    ``__init__`` is the one attrs writes, with no validator, no hook, no cached hash, no field
    left out of ``__init__``, and no converter but :func:`._model._tuple`, on a field the
    function already makes a tuple and whose default is one.
    """
    constructor: Any = cls
    init_code = getattr(constructor.__init__, "__code__", None)
    if constructor.__new__ is not object.__new__ or init_code is None:
        return None
    if not init_code.co_filename.startswith("<attrs generated"):  # an __init__ written by hand
        return None
    if any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")):
        return None
    if "_attrs_cached_hash" in getattr(cls, "__slots__", ()):
        return None
    setters = []
    for field in attrs.fields(cls):
        if field.validator is not None or not field.init:
            return None
        if field.converter is not None and not (
            field.converter is _tuple
            and typing.get_origin(_evaluate(field.type, module)) is tuple
            and (field.default is attrs.NOTHING or isinstance(field.default, tuple))
        ):
            return None
        slot = next((vars(k)[field.name] for k in cls.__mro__ if field.name in vars(k)), None)
        if not isinstance(slot, types.MemberDescriptorType):
            return None
        setters.append(slot.__set__)
    return setters


@functools.cache
def _for_class(cls: type) -> Callable[[Any], Any]:
    """The structuring function of one attrs class (see :func:`_source_of`).

    Taken from :mod:`._structurers`, compiled with the package, when that module holds this
    very source (it is regenerated with the model: ``python -m libya_conflict._structure``);
    compiled here otherwise, which costs ``load()`` a few milliseconds.
    """
    code = _source_of(cls)
    source = "\n".join(code.lines)
    from ._structurers import FACTORIES

    known, factory = FACTORIES.get(cls.__name__, ("", None))
    if factory is not None and known == source:
        function: Callable[[Any], Any] = factory(**code.namespace)
        return function
    namespace = code.namespace
    exec(compile(source, f"<structure {cls.__name__}>", "exec"), namespace)
    function = namespace["structure"]
    return function


def module_source() -> str:
    """The source of :mod:`._structurers`: every structuring function, precompiled."""
    lines = [
        '"""The structuring functions of :mod:`._structure`, compiled with the package.',
        "",
        "Generated by ``python -m libya_conflict._structure > src/libya_conflict/_structurers.py``",
        "from the model; a test fails when it is stale. Each factory takes the names its function",
        "uses and returns the function; ``FACTORIES`` maps a class name to the source it was",
        "generated from and its factory.",
        '"""',
        "",
        "from typing import Any",
        "",
    ]
    entries = []
    for cls in _reachable_classes():
        code = _source_of(cls)
        lines += ["", f"def _make_{cls.__name__}("]
        lines += [f"    {name}: Any," for name in code.namespace]
        lines += [") -> Any:"]
        body = list(code.lines)
        body[0] = "def structure(d: Any) -> Any:"
        lines += [f"    {line}" for line in body]
        lines += ["    return structure", ""]
        entries.append(f"    {cls.__name__!r}: (")
        entries.append(f"        {chr(10).join(code.lines)!r},")
        entries.append(f"        _make_{cls.__name__},")
        entries.append("    ),")
    lines += ["", "FACTORIES: dict[str, tuple[str, Any]] = {", *entries, "}", ""]
    return "\n".join(lines)


def _reachable_classes(*roots: type) -> list[type]:
    """Every attrs class a record (of ``roots``, or any) can hold, records first, each once,
    in a fixed order."""
    found: dict[type, None] = {}

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and attrs.has(tp):
            if tp in found:
                return
            found[tp] = None
            module = vars(sys.modules[tp.__module__])
            for field in attrs.fields(tp):
                visit(_evaluate(field.type, module))
        for arg in typing.get_args(tp):
            visit(arg)

    for cls in roots or RECORD_CLASSES.values():
        visit(cls)
    return list(found)


def structure_record(data: Any, record_type: str) -> Record:
    """Structure one JSON object into the class of ``record_type``, as cattrs would.

    Raises what :func:`._converter.structure_record` raises for data that does not fit.
    """
    record = usual_structurer(record_type)(data)
    if record is not None:
        return record
    from ._converter import structure_record as slow

    return slow(data, record_type)


@functools.cache
def usual_structurer(record_type: str) -> Callable[[Any], Record | None]:
    """The fast structuring of one record type: a function giving the record when the data
    holds exactly the JSON types of its fields, else ``None``.

    A whole number where the model has an ``int`` must be an ``int``: a ``float`` there
    (orjson reads an integer beyond 64 bits as one) gives ``None``. ``record_type`` must be
    one of :data:`._model.RECORD_CLASSES` (:class:`KeyError` otherwise).
    """
    cls: type = RECORD_CLASSES[record_type]
    structure = _for_class(cls)

    def usual(data: Any) -> Record | None:
        try:
            record: Record = structure(data)
        except (_Unusual, KeyError, TypeError, ValueError):
            return None
        return record

    return usual


@functools.cache
def holds_floats(record_type: str) -> bool:
    """Whether a record of this type has a ``float`` field anywhere (coordinates do)."""

    def floats(tp: Any) -> bool:
        return tp is float or any(floats(arg) for arg in typing.get_args(tp))

    for cls in _reachable_classes(RECORD_CLASSES[record_type]):
        module = vars(sys.modules[cls.__module__])
        if any(floats(_evaluate(f.type, module)) for f in attrs.fields(cls)):
            return True
    return False


if __name__ == "__main__":
    sys.stdout.write(module_source())
