"""The schemas are valid, portable draft 2020-12, fully documented, and resolve offline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

import libya_conflict as lc
from libya_conflict._validation.schemas import registry, validator_for

NAMES = [*lc.RECORD_TYPES, "common", "tombstone"]


def _subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for name, sub in value.items():
                    yield from _subschemas(sub, f"{where}/{key}/{name}")
            elif key in ("items", "then", "if", "not"):
                yield from _subschemas(value, f"{where}/{key}")
            elif key == "allOf":
                for i, sub in enumerate(value):
                    yield from _subschemas(sub, f"{where}/allOf/{i}")


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = lc.schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", NAMES)
def test_id_carries_major_version_and_file_name(name: str) -> None:
    assert lc.schema(name)["$id"].endswith(f"/v1/{name}.schema.json")


@pytest.mark.parametrize("name", NAMES)
def test_every_property_has_title_and_description(name: str) -> None:
    for where, node in _subschemas(lc.schema(name)):
        if "/if" in where or "/then" in where:
            continue  # conditions restate properties already documented
        for prop, sub in node.get("properties", {}).items():
            assert sub.get("title"), f"{name} {where}/properties/{prop} lacks a title"
            assert sub.get("description"), f"{name} {where}/properties/{prop} lacks a description"


@pytest.mark.parametrize("name", NAMES)
def test_every_enum_value_is_described(name: str) -> None:
    for where, node in _subschemas(lc.schema(name)):
        if "enum" in node and "/then" not in where:
            # Standard annotations only: the description ends with one line per value.
            prose, _, values = node.get("description", "").rpartition("\n\n")
            described = re.findall(r"^- `([^`]+)`: \S.*$", values, flags=re.M)
            assert prose, f"{name} {where}: the description lacks its prose"
            assert described == node["enum"], f"{name} {where}: enum values not described in order"


@pytest.mark.parametrize("name", NAMES)
def test_objects_are_closed(name: str) -> None:
    for where, node in _subschemas(lc.schema(name)):
        if node.get("type") == "object":
            assert node.get("additionalProperties") is False, f"{name} {where} is open"


def test_only_standard_keywords_are_used() -> None:
    standard = set(Draft202012Validator.META_SCHEMA["allOf"][0].keys()) | {
        "$schema",
        "$id",
        "$ref",
        "$defs",
        "title",
        "description",
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "const",
        "pattern",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minimum",
        "maximum",
        "allOf",
        "if",
        "then",
        "not",
    }
    for name in NAMES:
        for where, node in _subschemas(lc.schema(name)):
            for key in node:
                if key in ("properties", "$defs"):
                    continue
                assert key in standard, f"{name} {where}: non-standard keyword {key!r}"
    assert "format" not in json.dumps([lc.schema(n) for n in NAMES])


def test_remote_references_are_refused_offline() -> None:
    resolver = registry().resolver()
    with pytest.raises(Unresolvable):
        resolver.lookup("https://example.com/elsewhere.schema.json")


def test_cross_file_references_resolve_from_the_bundle() -> None:
    # A record whose citation is wrong is caught through common.schema.json's definitions.
    errors = list(
        validator_for("place").iter_errors(
            {"id": "x", "name": "X", "kind": "city", "citations": [{"source": "s"}]}
        )
    )
    assert [e.validator for e in errors] == ["required"]


def test_unknown_schema_name_lists_the_known_ones() -> None:
    with pytest.raises(lc.SchemaNotFound, match="event"):
        lc.schema("evnt")


def test_schema_returns_an_independent_copy() -> None:
    first = lc.schema("event")
    first["title"] = "changed"
    assert lc.schema("event")["title"] == "Event"
