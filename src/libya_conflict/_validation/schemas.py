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
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

from .._loading.resources import bundle_folder
from .._model.records import RECORD_CLASSES
from ..exceptions import BundleError, SchemaNotFound

if TYPE_CHECKING:
    from jsonschema.protocols import Validator
    from referencing import Registry

__all__ = ["RECORD_TYPES", "schema", "screen_for", "validator_for"]

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


# ``\S`` differs between Python's ``re`` (jsonschema's) and jsonschema-rs: Python also takes
# U+001C-U+001F and U+0085 for white space. The screen's pattern refuses them too, so the
# screen never passes a string jsonschema refuses (it may refuse one jsonschema passes: then
# jsonschema decides).
_SCREEN_PATTERNS = {"\\S": "[^\\s\\x1c-\\x1f\\x85]"}


def _screen_schema(value: Any) -> Any:
    """A copy of a schema with the patterns the screen must read more strictly replaced."""
    if isinstance(value, dict):
        return {
            key: _SCREEN_PATTERNS.get(item, item) if key == "pattern" else _screen_schema(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_screen_schema(item) for item in value]
    return value


@functools.cache
def screen_for(record_type: str) -> Callable[[Any], bool]:
    """A compiled check (jsonschema-rs, offline) that is true only for a document
    :func:`validator_for` passes too: it clears valid records fast, and jsonschema decides
    (and writes the messages) for the rest. Not a second schema: the same schemas, compiled."""
    import jsonschema_rs

    schemas = {name: _screen_schema(schema) for name, schema in _raw_schemas().items()}
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values()])
    validator = jsonschema_rs.validator_for(schemas[record_type], registry=registry)
    is_valid: Callable[[Any], bool] = validator.is_valid
    return is_valid
