"""The generated structuring functions give exactly what the cattrs converter gives."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import libya_conflict as lc
from libya_conflict import _converter, _structure
from libya_conflict._model import _tuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import generate

from .conftest import REPO


def _outcome(function: Any, document: Any, record_type: str) -> Any:
    try:
        return function(document, record_type)
    except Exception as exc:  # the kind of failure is what we compare
        return type(exc)


def test_fast_structuring_equals_cattrs_on_every_bundled_record() -> None:
    """Every bundled record structures to an equal object both ways."""
    ds = lc.load()
    for record in ds:
        document = _converter.unstructure_record(record)
        fast = _structure.structure_record(document, _type_of(record))
        assert fast == record


def _type_of(record: Any) -> str:
    from libya_conflict._model import RECORD_CLASSES

    return next(t for t, c in RECORD_CLASSES.items() if c is type(record))


@pytest.mark.parametrize(
    "change",
    [
        {"date": 2019},
        {"date": "2019-02-30"},
        {"type": "skirmish"},
        {"places": "tripoli"},
        {"participants": [{"ref": "lna"}]},
        {"participants": [{"ref": "lna", "role": "side_a", "x": 1}]},
        {
            "casualties": [
                {
                    "kind": "killed",
                    "count": {"qualifier": "exact", "as_reported": "5", "best": "5"},
                    "citations": [],
                }
            ]
        },
        {"title": None},
        {"extra": 1},
    ],
)
def test_fast_structuring_fails_where_cattrs_fails(change: dict[str, Any]) -> None:
    """An odd value gets cattrs' own answer: the same object or the same kind of error."""
    record = lc.load().events.ids()[0]
    document = _converter.unstructure_record(lc.load().get(record))
    document.update(change)
    fast = _outcome(_structure.structure_record, document, "event")
    slow = _outcome(_converter.structure_record, document, "event")
    assert fast == slow


def test_fast_structuring_equals_cattrs_on_generated_records() -> None:
    """Generated records of every type, broken ones included, structure the same both ways."""
    for item in generate.generate(300, seed=11, invalid=0.1):
        try:
            document = json.loads(item.text)
        except ValueError:
            continue
        fast = _outcome(_structure.structure_record, document, item.record_type)
        slow = _outcome(_converter.structure_record, document, item.record_type)
        assert fast == slow, item.mutation


def test_the_precompiled_structurers_are_generated_from_the_current_model() -> None:
    """``_structurers.py`` is what the generator gives now; regenerate it after a model change."""
    committed = (REPO / "src" / "libya_conflict" / "_structurers.py").read_text()
    assert committed == _structure.module_source(), (
        "stale: python -m libya_conflict._structure > structurers.py "
        "&& mv structurers.py src/libya_conflict/_structurers.py"
    )


def test_every_record_class_is_structured_by_a_precompiled_function() -> None:
    """No structuring function is compiled at run time: they all come from ``_structurers``."""
    from libya_conflict._model import RECORD_CLASSES

    for cls in _structure._reachable_classes():
        function = _structure._for_class(cls)
        assert function.__code__.co_filename.endswith("_structurers.py"), cls
    assert set(RECORD_CLASSES.values()) <= set(_structure._reachable_classes())


def test_a_stale_precompiled_structurer_is_compiled_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the model and ``_structurers.py`` part, the function is generated and compiled here."""
    from libya_conflict import _structurers
    from libya_conflict._model import Citation

    source, factory = _structurers.FACTORIES["Citation"]
    monkeypatch.setitem(_structurers.FACTORIES, "Citation", (source + "\n# stale", factory))
    _structure._for_class.cache_clear()
    try:
        function = _structure._for_class(Citation)
        assert function.__code__.co_filename == "<structure Citation>"
        citation = function({"source": "s", "quote": "q"})
        assert citation == Citation(source="s", quote="q")
    finally:
        _structure._for_class.cache_clear()


def test_a_record_built_into_its_slots_is_the_one_its_class_builds() -> None:
    """Structured past ``__init__``, straight into the slots, every bundled record file gives
    the record cattrs builds by calling the class: equal, with the same hash and repr."""
    from libya_conflict._model import COLLECTION_TYPES

    for collection, record_type in COLLECTION_TYPES.items():
        for path in sorted((REPO / "data" / collection).glob("*.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            fast = _structure.usual_structurer(record_type)(document)
            called = _converter.structure_record(document, record_type)
            assert fast is not None, path
            assert (fast, hash(fast), repr(fast)) == (called, hash(called), repr(called)), path


def _probe(extra: str, note: Any) -> type:
    """A frozen slotted attrs class whose ``__init__`` does one thing more than store ``name``
    (or, for ``"plain"``, nothing more)."""
    name: dict[str, Any] = {"type": str}
    other: dict[str, Any] = {}
    options: dict[str, Any] = {"frozen": True, "slots": True}  # as the model's classes
    bases: tuple[type, ...] = ()
    if extra == "plain":
        pass
    elif extra == "validator":
        name["validator"] = note
    elif extra == "converter":
        name["converter"] = note
    elif extra == "tuple converter on a field of another type":
        name["converter"] = _tuple
    elif extra == "other converter on a tuple field":
        tags = {"tags": attrs.field(type=tuple[str, ...], converter=note, default=("b", "a"))}
        other = tags
    elif extra == "tuple converter on a default of another type":
        other = {"tags": attrs.field(type=tuple[str, ...], converter=_tuple, default=["x"])}
    elif extra == "field left out of __init__":
        other = {"other": attrs.field(type=str, init=False, default="set")}
    elif extra == "cached hash":
        options["cache_hash"] = True
    elif extra == "no slots":
        options["slots"] = False
    elif extra == "own __new__":

        class Made:
            def __new__(cls, *args: Any, **kwargs: Any) -> Any:
                note(cls)
                return super().__new__(cls)

        bases = (Made,)
    elif extra in ("pre-init hook", "post-init hook"):
        hook = "__attrs_pre_init__" if extra == "pre-init hook" else "__attrs_post_init__"
        bases = (type("Hooked", (), {hook: lambda self: note(self)}),)
    else:  # a hand-written __init__: attrs writes __attrs_init__ instead

        class Written:
            def __init__(self, *, name: str) -> None:
                note(self)
                self.__attrs_init__(name=name)  # type: ignore[attr-defined]

        bases, options["init"] = (Written,), False
    fields = {"name": attrs.field(**name), **other}
    return attrs.make_class("Probe", fields, bases=bases, kw_only=True, **options)


@pytest.mark.parametrize(
    "extra",
    [
        "validator",
        "converter",
        "tuple converter on a field of another type",
        "tuple converter on a default of another type",
        "other converter on a tuple field",
        "no slots",
        "own __new__",
        "field left out of __init__",
        "cached hash",
        "pre-init hook",
        "post-init hook",
        "hand-written __init__",
    ],
)
def test_a_class_whose_init_does_more_than_store_is_built_by_calling_it(extra: str) -> None:
    """A validator, a converter, a hook, a field ``__init__`` sets itself, a cached hash or a
    hand-written ``__init__`` is never skipped: the class is called."""
    calls: list[str] = []

    def note(*args: Any) -> Any:
        calls.append(extra)
        if extra == "other converter on a tuple field":
            return tuple(sorted(args[-1]))
        return args[-1] if extra == "converter" else None

    probe = _probe(extra, note)
    built = _structure._for_class(probe)({"name": "x"})
    expected = probe(name="x")
    assert (built, hash(built) if extra == "cached hash" else 0) == (
        expected,
        hash(expected) if extra == "cached hash" else 0,
    )
    assert calls == ([extra] * 2 if calls else [])  # once for built, once for expected


def test_a_class_whose_init_only_stores_is_built_into_its_slots() -> None:
    """The fast way is taken where it is safe, and gives the instance the class gives."""
    probe = _probe("plain", None)
    assert _structure._slot_setters(probe, vars(sys.modules[probe.__module__])) is not None
    built = _structure._for_class(probe)({"name": "x"})
    assert (built, hash(built), repr(built)) == (
        probe(name="x"),
        hash(probe(name="x")),
        repr(probe(name="x")),
    )


def test_a_factory_default_fails_loudly() -> None:
    """The structuring function passes a default on as a value: a factory would be stored."""
    probe = attrs.make_class("Probe", {"tags": attrs.field(type=tuple[str, ...], factory=tuple)})
    with pytest.raises(TypeError, match=r"factory of Probe\.tags"):
        _structure._for_class(probe)
