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
    """Built past ``__init__``, straight into the slots, a record has every field set, and the
    same values, hash and repr as the record its class builds from those values."""
    for record in lc.load():
        document = _converter.unstructure_record(record)
        fast = _structure.structure_record(document, _type_of(record))
        fields = attrs.fields(type(fast))
        rebuilt = type(fast)(**{f.alias: getattr(fast, f.name) for f in fields})
        assert attrs.astuple(fast, recurse=False) == attrs.astuple(rebuilt, recurse=False)
        assert (hash(fast), repr(fast)) == (hash(rebuilt), repr(rebuilt))


@pytest.mark.parametrize("extra", ["validator", "converter", "post-init hook"])
def test_a_class_whose_init_does_more_than_store_is_built_by_calling_it(extra: str) -> None:
    """A validator, a converter or a hook of ``__init__`` is never skipped."""
    seen: list[str] = []

    def note(*args: Any) -> Any:
        seen.append(extra)
        return args[0] if extra == "converter" else None

    if extra == "validator":
        probe_field: Any = attrs.field(validator=lambda *args: note(*args))
    elif extra == "converter":
        probe_field = attrs.field(converter=note)
    else:
        probe_field = attrs.field()

    @attrs.frozen(kw_only=True)
    class Probe:
        name: str = probe_field

        if extra == "post-init hook":

            def __attrs_post_init__(self) -> None:
                note(self)

    built = _structure._for_class(Probe)({"name": "x"})
    assert seen == [extra]
    assert built == Probe(name="x")
