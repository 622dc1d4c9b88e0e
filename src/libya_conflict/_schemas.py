"""The bundled JSON Schemas, an offline registry for their ``$ref``s, and validators.

No schema is ever fetched: a ``$ref`` that does not point into the bundled schemas (a remote
``https://`` URL, say) makes reading them fail with a :class:`~libya_conflict.BundleError`
naming the schema and the reference, and as a second line of defence the registry's
``retrieve`` refuses every URL it does not hold instead of opening a socket.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

from ._model import RECORD_CLASSES
from ._resources import bundle_folder
from .exceptions import BundleError, SchemaNotFound

if TYPE_CHECKING:
    from jsonschema.protocols import Validator
    from referencing import Registry

__all__ = ["RECORD_TYPES", "locations", "schema", "validator_for"]

RECORD_TYPES: tuple[str, ...] = tuple(RECORD_CLASSES)
"""The record types, each with a ``schemas/<type>.schema.json``."""

_SHARED = ("common", "tombstone")


@functools.cache
def _raw_schemas() -> dict[str, dict[str, Any]]:
    folder = bundle_folder("schemas")
    result: dict[str, dict[str, Any]] = {}
    for name in (*RECORD_TYPES, *_SHARED):
        resource = folder / f"{name}.schema.json"
        try:
            result[name] = json.loads(resource.read_bytes())
        except (OSError, ValueError) as exc:
            raise BundleError(f"bundled schema {name}.schema.json cannot be read: {exc}") from None
        if not isinstance(result[name], dict) or not isinstance(result[name].get("$id"), str):
            raise BundleError(f"bundled schema {name}.schema.json is not a schema with an $id")
    known = {s["$id"] for s in result.values()}
    for name, document in result.items():
        for where, ref in _refs(document):
            target = urldefrag(urljoin(document["$id"], ref)).url
            if target not in known:
                raise BundleError(
                    f"bundled schema {name}.schema.json: the $ref {ref!r} at {where or '/'} "
                    "points outside the bundled schemas; remote references are never fetched"
                )
    return result


def _refs(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Yield ``(pointer, reference)`` for every ``$ref`` and ``$dynamicRef`` in a schema."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("$ref", "$dynamicRef") and isinstance(item, str):
                yield f"{where}/{key}", item
            else:
                yield from _refs(item, f"{where}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _refs(item, f"{where}/{i}")


def schema(name: str) -> dict[str, Any]:
    """Return the JSON Schema of a record type (``"event"``), ``"common"`` or ``"tombstone"``.

    The schema is a new dict each time.

    Raises :class:`~libya_conflict.SchemaNotFound` for any other name, listing the valid ones.
    """
    schemas = _raw_schemas()
    if name not in schemas:
        known = ", ".join(sorted(schemas))
        raise SchemaNotFound(f"no schema named {name!r}; the schemas are: {known}")
    return copy.deepcopy(schemas[name])


@functools.cache
def locations(
    record_type: str,
    definition: str | None = None,
    *,
    json_type: str | None = None,
    required: bool = False,
) -> tuple[tuple[str, ...], ...]:
    """Where a record of a type can hold a value of a shared definition of ``common``.

    Each location is a JSON pointer as tokens, ``"*"`` standing for every item of an array:
    ``locations("event", "citations")`` is ``(("citations",), ("casualties", "*",
    "citations"))``. With ``json_type`` instead (``"integer"``), where it can hold a value
    the schema gives that JSON type; with ``required``, the properties their object requires
    (``("casualties", "*", "kind")``). Read from the schema, following its ``$ref``s; the answer
    is complete for every record valid against the schema because every object schema is
    closed (``additionalProperties: false``), which this checks: an open object on the way
    raises :class:`~libya_conflict.BundleError`.
    """
    schemas = _raw_schemas()
    target = f"#/$defs/{definition}"
    found: list[tuple[str, ...]] = []

    def walk(
        node: Any, document: str, path: tuple[str, ...], seen: frozenset[str], inner: bool = False
    ) -> None:
        # ``inner``: a subschema applied to the object it is in (allOf, then), whose
        # properties only constrain those the enclosing, closed, object lists.
        if not isinstance(node, dict):
            return
        if json_type is not None and node.get("type") == json_type:
            found.append(path)
        ref = node.get("$ref")
        if isinstance(ref, str):
            name, _, fragment = ref.partition("#")
            name = name.removesuffix(".schema.json") or document
            if definition is not None and name == "common" and f"#{fragment}" == target:
                found.append(path)
                return
            if f"{name}#{fragment}" not in seen:
                definition_node = schemas[name]["$defs"][fragment.rsplit("/", 1)[-1]]
                walk(definition_node, name, path, seen | {f"{name}#{fragment}"})
        if "properties" in node and node.get("additionalProperties") is not False and not inner:
            raise BundleError(
                f"bundled schema {document}.schema.json: an object at {'/'.join(path) or '/'} "
                "is not closed (additionalProperties: false)"
            )
        for key, item in node.get("properties", {}).items():
            if required and not inner and key in node.get("required", ()):
                found.append((*path, key))
            walk(item, document, (*path, key), seen)
        walk(node.get("items"), document, (*path, "*"), seen)
        for keyword in ("allOf", "anyOf", "oneOf"):
            for item in node.get(keyword, ()):
                walk(item, document, path, seen, inner=True)
        for keyword in ("then", "else"):
            walk(node.get(keyword), document, path, seen, inner=True)

    walk(schemas[record_type], record_type, (), frozenset())
    return tuple(dict.fromkeys(found))


@functools.cache
def registry() -> Registry[Any]:
    """The offline registry of every bundled schema, keyed by ``$id``."""
    from referencing import Registry, Resource
    from referencing.exceptions import NoSuchResource

    def refuse(uri: str) -> Resource[Any]:
        raise NoSuchResource(ref=uri)  # type: ignore[call-arg]

    resources = [(s["$id"], Resource.from_contents(s)) for s in _raw_schemas().values()]
    return Registry(retrieve=refuse).with_resources(resources).crawl()  # type: ignore[call-arg]


@functools.cache
def validator_for(record_type: str) -> Validator:
    """A draft 2020-12 validator for a record type or ``"tombstone"``, offline."""
    from jsonschema import Draft202012Validator

    if record_type not in (*RECORD_TYPES, "tombstone"):
        raise SchemaNotFound(f"no record type named {record_type!r}")
    return Draft202012Validator(
        _raw_schemas()[record_type],
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
