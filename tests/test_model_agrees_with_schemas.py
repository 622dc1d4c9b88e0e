"""The typed model and the JSON Schemas agree, in both directions.

Field by field: every schema property is a model field of the same optionality and the same
enumeration. By example: what the schema accepts structures into the model and unstructures
back unchanged (hypothesis-jsonschema generates it); what the model holds unstructures to JSON
the schema accepts.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import libya_conflict as lc
from libya_conflict._loading.converter import structure_record, to_json
from libya_conflict._model.records import RECORD_CLASSES
from libya_conflict._validation.integrity import _check_dates
from libya_conflict._validation.schemas import validator_for

_COMMON = "common.schema.json#/$defs/"


def bundled(record_type: str) -> dict[str, Any]:
    """The record schema with common.schema.json's definitions inlined (one document)."""
    schema = lc.schema(record_type)
    common = lc.schema("common")["$defs"]
    text = json.dumps(schema).replace(f'"{_COMMON}', '"#/$defs/common_')
    document: dict[str, Any] = json.loads(text)
    defs = document.setdefault("$defs", {})
    for name, sub in common.items():
        defs[f"common_{name}"] = json.loads(
            json.dumps(sub).replace('"#/$defs/', '"#/$defs/common_')
        )
    document.pop("$id")
    return document


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].split("/")[-1]
        node = {**schema["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """(inner type, optional?) of a field annotation."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return inner[0], True
    return tp, False


def _pairs() -> list[tuple[str, type, dict[str, Any], dict[str, Any]]]:
    """(where, model class, schema of its object, whole bundled schema), for every object."""
    out = []
    for record_type, cls in RECORD_CLASSES.items():
        schema = bundled(record_type)
        stack = [(record_type, cls, schema)]
        while stack:
            where, klass, node = stack.pop()
            out.append((where, klass, node, schema))
            hints = typing.get_type_hints(klass)
            for field in attrs.fields(klass):
                inner, _ = _unwrap(hints[field.name])
                if typing.get_origin(inner) is tuple:
                    inner = typing.get_args(inner)[0]
                if attrs.has(inner) and inner not in (lc.PartialDate, lc.Period):
                    prop = _resolve(schema, node["properties"][field.name])
                    if prop.get("type") == "array":
                        prop = _resolve(schema, prop["items"])
                    stack.append((f"{where}.{field.name}", inner, prop))
    return out


PAIRS = _pairs()


@pytest.mark.parametrize(("where", "cls", "node", "schema"), PAIRS, ids=[p[0] for p in PAIRS])
def test_fields_match_properties_and_required(
    where: str, cls: type, node: dict[str, Any], schema: dict[str, Any]
) -> None:
    fields = {f.name: f for f in attrs.fields(cls)}
    assert set(fields) == set(node["properties"]), where
    required = {n for n, f in fields.items() if f.default is attrs.NOTHING}
    assert required == set(node.get("required", [])), where


@pytest.mark.parametrize(("where", "cls", "node", "schema"), PAIRS, ids=[p[0] for p in PAIRS])
def test_enumerations_match(
    where: str, cls: type, node: dict[str, Any], schema: dict[str, Any]
) -> None:
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        inner, _ = _unwrap(hints[field.name])
        prop = _resolve(schema, node["properties"][field.name])
        if typing.get_origin(inner) is tuple:
            inner = typing.get_args(inner)[0]
            prop = _resolve(schema, prop["items"])
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            assert [m.value for m in inner] == prop["enum"], f"{where}.{field.name}"


def _valid(record_type: str, document: dict[str, Any]) -> bool:
    return not any(True for _ in validator_for(record_type).iter_errors(document))


# No shrinking: the schemas are large and shrinking a failure can take minutes; the failing
# example hypothesis prints is already small enough to read.
_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


def _real_dates(document: Any) -> bool:
    """Whether every date in a generated document exists (the schema's regex allows 02-30)."""
    text = json.dumps(document)
    for year, month, day in re.findall(r"(?<![0-9])(\d{4})-(\d{2})-(\d{2})", text):
        try:
            lc.PartialDate(year=int(year), month=int(month), day=int(day))
        except ValueError:
            return False
    return True


@pytest.mark.parametrize("record_type", list(RECORD_CLASSES))
def test_what_the_schema_accepts_round_trips_through_the_model(record_type: str) -> None:
    @_SETTINGS
    @given(from_schema(bundled(record_type)))
    def check(document: dict[str, Any]) -> None:
        if not _valid(record_type, document) or not _real_dates(document):
            return  # hypothesis-jsonschema drops keywords it does not know; skip those
        if any(True for _ in _check_dates(record_type, document)):
            return  # a period ending before it starts: the integrity layer rejects it
        record = structure_record(document, record_type)
        again = to_json(record)
        assert again == _without_empty_arrays(document)
        assert _valid(record_type, again)

    check()


def _without_empty_arrays(document: Any) -> Any:
    if isinstance(document, dict):
        return {k: _without_empty_arrays(v) for k, v in document.items() if v != []}
    if isinstance(document, list):
        return [_without_empty_arrays(v) for v in document]
    return document


_partial_dates = st.builds(
    lc.PartialDate.parse,
    st.builds(
        lambda d, precision, q: d.isoformat()[: {1: 4, 2: 7, 3: 10}[precision]] + q,
        st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)),
        st.sampled_from([1, 2, 3]),
        st.sampled_from(["", "~", "?", "%"]),
    ),
)


@settings(max_examples=200)
@given(_partial_dates, _partial_dates, st.sampled_from(["closed", "open", "unknown", "single"]))
def test_dates_and_periods_the_model_holds_are_schema_valid(
    a: lc.PartialDate, b: lc.PartialDate, form: str
) -> None:
    first, last = sorted((a, b))
    if last.latest < first.earliest:
        return
    period = {
        "closed": lc.Period(start=first, end=last),
        "open": lc.Period(start=first, open_end=True),
        "unknown": lc.Period(end=last),
        "single": lc.Period(start=first, end=first, single=True),
    }[form]
    event = {
        "id": "x",
        "title": "X",
        "type": "other",
        "acled_event_type": "Strategic developments",
        "acled_sub_event_type": "Other",
        "date": str(first),
        "certainty": "reported",
        "citations": [{"source": "s", "quote": "q"}],
    }
    relation = {
        "id": "r",
        "type": "leads",
        "subject": "a",
        "object": "b",
        "certainty": "confirmed",
        "period": str(period),
        "citations": [{"source": "s", "quote": "q"}],
    }
    assert _valid("event", event)
    assert _valid("relation", relation)
    assert structure_record(relation, "relation").period == period


@given(st.data())
def test_hand_built_records_are_hashable_and_valid(data: st.DataObject) -> None:
    name = data.draw(st.text(alphabet="abcdefgh", min_size=1, max_size=8))
    place = lc.Place(
        id=name,
        name=name.title(),
        kind=lc.PlaceKind.CITY,
        aliases=[name.upper()],  # a list typed by hand becomes a tuple
        citations=[lc.Citation(source="orton-2015-islamic-state-libya", quote="Sirte")],
    )
    assert hash(place) == hash(attrs.evolve(place))
    assert _valid("place", to_json(place))
