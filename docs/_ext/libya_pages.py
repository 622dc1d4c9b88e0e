"""Generate the documentation pages that come from the schemas and the data.

Writes Markdown (MyST) into a folder, by default ``docs/_generated/``:

- ``include/counts.md``: records per collection and per source (included by getting-started);
- ``codebook/<type>.md``: one page per record type, and ``codebook/common.md`` for the shared
  definitions: every field by JSON pointer, its type, whether it is required, its description,
  its allowed values with what each means, and a real example record from the data;
- ``sources/<id>.md``: one page per source listing every record taken from it, with the quotes.

Everything is read through the installed ``libya_conflict`` package (its bundled schemas and
data), so the pages describe exactly the release being documented.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libya_conflict as lc
from libya_conflict._loading.resources import bundle_folder, record_files
from libya_conflict._model.records import COLLECTION_TYPES
from libya_conflict._validation.integrity import citations

COMMON = "common.schema.json#/$defs/"
TYPE_OF_COLLECTION = COLLECTION_TYPES
COLLECTION_OF_TYPE = {t: c for c, t in COLLECTION_TYPES.items()}


def md(text: str) -> str:
    """Escape every ASCII punctuation character so that prose from the data stays literal."""
    text = " ".join(str(text).split())
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return md(text)


def write(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it (keeps incremental builds incremental)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def documents() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield ``(collection, record type, JSON document)`` for every bundled record file."""
    for collection, record_type, item in record_files(bundle_folder("data")):
        yield collection, record_type, json.loads(item.read_text(encoding="utf-8"))


def label(document: dict[str, Any]) -> str:
    """A record's human name: its name or title, else a description of the edge."""
    for key in ("name", "title"):
        if key in document:
            return str(document[key])
    if "supporter" in document:
        return f"{document['supporter']} supports {document['recipient']}"
    if "subject" in document:
        return f"{document['subject']} {document['type']} {document['object']}"
    return str(document["id"])


# -- counts -------------------------------------------------------------------------------------


def counts_page(docs: list[tuple[str, str, dict[str, Any]]]) -> str:
    per_collection = Counter(collection for collection, _, _ in docs)
    records: Counter[str] = Counter()
    quotes: Counter[str] = Counter()
    for _, _, document in docs:
        cited = [c["source"] for _, c in citations(document)]
        quotes.update(cited)
        records.update(set(cited))
    lines = [
        "| collection | record type | records |",
        "|---|---|---:|",
    ]
    for collection, record_type in COLLECTION_TYPES.items():
        lines.append(
            f"| `{collection}` | {{doc}}`{record_type} </_generated/codebook/{record_type}>` "
            f"| {per_collection[collection]} |"
        )
    lines.append(f"| **total** | | **{sum(per_collection.values())}** |")
    lines += [
        "",
        "Records and quotes taken from each source (a record that cites a source several times "
        "counts once under *records*; every quote counts under *quotes*):",
        "",
        "| source | records | quotes |",
        "|---|---:|---:|",
    ]
    for _, _, document in (d for d in docs if d[0] == "sources"):
        sid = document["id"]
        lines.append(f"| {{doc}}`/_generated/sources/{sid}` | {records[sid]} | {quotes[sid]} |")
    return "\n".join(lines) + "\n"


# -- codebook -----------------------------------------------------------------------------------


def resolve(node: dict[str, Any], schemas: dict[str, dict[str, Any]], here: str) -> Any:
    """Follow ``$ref`` (to the same schema or to common) and merge the referring annotations."""
    ref = node.get("$ref")
    if ref is None:
        return node, None
    target_file, _, pointer = ref.partition("#")
    owner = target_file.removesuffix(".schema.json") if target_file else here
    target: Any = schemas[owner]
    for part in pointer.strip("/").split("/"):
        target = target[part]
    merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    inner, _ = resolve(merged, schemas, owner)
    return inner, (owner, pointer.rsplit("/", 1)[-1])


def type_of(node: dict[str, Any], via: tuple[str, str] | None) -> str:
    """A readable type: the JSON type, what an array holds, the shared definition used."""
    if node.get("type") == "array":
        items = node.get("items", {})
        inner = items.get("$ref", "").rsplit("/", 1)[-1] or items.get("type", "value")
        return f"array of {inner}"
    kind = node.get("type", "value")
    if via is not None and via[1] not in ("text", "name"):
        return f"{kind} ({via[1]})"
    return str(kind)


def fields(
    node: dict[str, Any], schemas: dict[str, dict[str, Any]], here: str, prefix: str = ""
) -> Iterator[tuple[str, dict[str, Any], dict[str, Any], bool, tuple[str, str] | None]]:
    """Yield ``(pointer, own annotations, resolved schema, required, via)`` for every field."""
    required = set(node.get("required", ()))
    for name, sub in node.get("properties", {}).items():
        pointer = f"{prefix}/{name}"
        resolved, via = resolve(sub, schemas, here)
        yield pointer, sub, resolved, name in required, via
        owner = via[0] if via else here
        if resolved.get("type") == "object":
            yield from fields(resolved, schemas, owner, pointer)
        elif resolved.get("type") == "array" and "$ref" in resolved.get("items", {}):
            item, item_via = resolve(resolved["items"], schemas, owner)
            if item.get("type") == "object":
                yield from fields(item, schemas, item_via[0] if item_via else owner, f"{pointer}/*")


def richness(document: Any) -> int:
    """How many distinct field paths a JSON value uses (to pick a telling example)."""
    paths: set[str] = set()

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                paths.add(f"{where}/{key}")
                walk(item, f"{where}/{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{where}/*")

    walk(document, "")
    return len(paths)


def example(docs: list[tuple[str, str, dict[str, Any]]], record_type: str) -> dict[str, Any]:
    """The record of this type that shows the most fields; the shortest one among those."""
    candidates = [d for _, t, d in docs if t == record_type]
    return max(candidates, key=lambda d: (richness(d), -len(json.dumps(d)), d["id"]))


_VALUE_LINE = re.compile(r"^- `(?P<value>[^`]+)`: (?P<meaning>.+)$")


def split_description(text: str) -> tuple[str, dict[str, str]]:
    """A description's prose and the meaning of each enum value it lists.

    The schemas document an enum's values in standard JSON Schema: the ``description`` ends
    with a paragraph of lines ``- `value`: meaning``, one per value.
    """
    prose, _, last = text.rpartition("\n\n")
    matches = [_VALUE_LINE.match(line) for line in last.splitlines()]
    if not prose or not matches or not all(matches):
        return text, {}
    return prose, {m["value"]: m["meaning"] for m in matches if m}


def enum_table(node: dict[str, Any]) -> list[str]:
    described = split_description(node.get("description", ""))[1]
    lines = ["| value | meaning |", "|---|---|"]
    lines += [f"| `{value}` | {cell(described.get(value, ''))} |" for value in node["enum"]]
    return lines


def codebook_page(
    record_type: str,
    schemas: dict[str, dict[str, Any]],
    docs: list[tuple[str, str, dict[str, Any]]],
) -> str:
    schema = schemas[record_type]
    collection = COLLECTION_OF_TYPE[record_type]
    count = sum(1 for c, _, _ in docs if c == collection)
    lines = [
        f"# {schema['title']}",
        "",
        md(schema["description"]),
        "",
        f"Schema: `schemas/{record_type}.schema.json` (`$id` `{schema['$id']}`). "
        f"Records: `data/{collection}/<id>.json`, {count} in this release. "
        f"Python class: {{py:class}}`libya_conflict.{_class_name(record_type)}`.",
        "",
        "## Fields",
        "",
        "A pointer such as `/strength/*/fighters` names a field inside each element of an array. "
        "*Required* means required whenever the object that holds it is present.",
        "",
        "| field | type | required | description |",
        "|---|---|---|---|",
    ]
    enums: list[tuple[str, dict[str, Any]]] = []
    for pointer, own, resolved, required, via in fields(schema, schemas, record_type):
        description = split_description(own.get("description") or resolved.get("description", ""))[
            0
        ]
        shared = f" See {{ref}}`codebook-common-{via[1]}`." if via else ""
        if "enum" in resolved:
            enums.append((pointer, resolved))
            shared += " Allowed values below."
        lines.append(
            f"| `{pointer}` | {cell(type_of(resolved, via))} | {'yes' if required else 'no'} "
            f"| {cell(description)}{shared} |"
        )
    if enums:
        lines += ["", "## Allowed values"]
        for pointer, resolved in enums:
            lines += ["", f"### `{pointer}`", "", *enum_table(resolved)]
    conditions = [condition(c) for c in schema.get("allOf", ()) if "if" in c]
    if conditions:
        lines += ["", "## Conditional rules", "", *(f"- {c}" for c in conditions)]
    record = example(docs, record_type)
    lines += [
        "",
        "## Example",
        "",
        f"The record `data/{collection}/{record['id']}.json`, as released:",
        "",
        "```json",
        json.dumps(record, indent=2, ensure_ascii=False),
        "```",
    ]
    return "\n".join(lines) + "\n"


def condition(rule: dict[str, Any]) -> str:
    """One ``if``/``then`` rule of a schema in words."""
    tests = [f"`{k}` is `{v['const']}`" for k, v in rule["if"]["properties"].items()]
    then = rule["then"]
    musts = [f"`{k}` is required" for k in then.get("required", ())]
    for key, allowed in then.get("properties", {}).items():
        if not isinstance(allowed, dict) or "enum" not in allowed:
            continue  # a property named so that a strict validator (Ajv) knows it
        musts.append(f"`{key}` is one of " + ", ".join(f"`{v}`" for v in allowed["enum"]))
    return f"When {' and '.join(tests)}, {'; '.join(musts)}."


def _class_name(record_type: str) -> str:
    return "".join(part.title() for part in record_type.split("_"))


def common_page(schemas: dict[str, dict[str, Any]]) -> str:
    schema = schemas["common"]
    lines = [
        f"# {schema['title']}",
        "",
        md(schema["description"]),
        "",
        f"Schema: `schemas/common.schema.json` (`$id` `{schema['$id']}`). Record schemas refer "
        "to these definitions with `$ref`; the fields that use them are listed on each record "
        "type's page.",
    ]
    for name, node in schema["$defs"].items():
        lines += [
            "",
            f"(codebook-common-{name})=",
            f"## {name.replace('_', '-')}",
            "",
            f"**{md(node['title'])}** ({cell(type_of(node, None))}). "
            f"{md(split_description(node['description'])[0])}",
        ]
        constraints = [
            f"{key} `{node[key]}`"
            for key in ("pattern", "minLength", "maxLength", "minItems", "maxItems", "minimum")
            if key in node
        ]
        if constraints:
            lines += ["", "Constraints: " + "; ".join(constraints) + "."]
        if "enum" in node:
            lines += ["", *enum_table(node)]
        if node.get("type") == "object":
            lines += ["", "| field | type | required | description |", "|---|---|---|---|"]
            for pointer, own, resolved, required, via in fields(node, schemas, "common"):
                lines.append(
                    f"| `{pointer}` | {cell(type_of(resolved, via))} | "
                    f"{'yes' if required else 'no'} | "
                    f"{cell(split_description(own.get('description', ''))[0])} |"
                )
            for pointer, _, resolved, _, _ in fields(node, schemas, "common"):
                if "enum" in resolved:
                    lines += ["", f"Values of `{pointer}`:", "", *enum_table(resolved)]
    return "\n".join(lines) + "\n"


# -- sources ------------------------------------------------------------------------------------


def source_page(source: dict[str, Any], docs: list[tuple[str, str, dict[str, Any]]]) -> str:
    taken: dict[str, list[tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]]] = defaultdict(
        list
    )
    for collection, _, document in docs:
        cited = [(p, c) for p, c in citations(document) if c.get("source") == source["id"]]
        if cited:
            taken[collection].append((document, cited))
    total_records = sum(len(v) for v in taken.values())
    total_quotes = sum(len(c) for v in taken.values() for _, c in v)
    about = [
        ("ID", f"`{source['id']}`"),
        ("Kind", f"`{source['kind']}`"),
        ("Publisher", md(source.get("publisher", "not stated"))),
        ("Authors", md(", ".join(source.get("authors", ())) or "not stated")),
        ("Published", f"`{source['published']}`" if "published" in source else "not stated"),
        ("Period covered", f"`{source.get('period_covered', 'not stated')}`"),
        ("Text file", f"`{source['text_file']}`"),
        ("Inferred, not stated", ", ".join(f"`{f}`" for f in source.get("inferred", ())) or "-"),
    ]
    lines = [f"# {md(source['title'])}", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in about]
    if "notes" in source:
        lines += ["", md(source["notes"])]
    lines += [
        "",
        f"{total_records} records cite this source, with {total_quotes} quotes. Each entry "
        "gives the record, then every quote it takes from this text and the field (JSON "
        "pointer) the quote proves.",
    ]
    for collection in COLLECTION_TYPES:
        entries = taken.get(collection)
        if not entries:
            continue
        lines += ["", f"## {collection.replace('_', ' ').capitalize()} ({len(entries)})", ""]
        for document, cited in sorted(entries, key=lambda e: e[0]["id"]):
            lines.append(f"- **{md(label(document))}** (`{document['id']}`)")
            for pointer, citation in cited:
                lines.append(f"  - `{pointer}`: “{md(citation['quote'])}”")
    return "\n".join(lines) + "\n"


def generate(out: Path) -> list[Path]:
    """Write every generated page under ``out``; return the pages written."""
    docs = list(documents())
    schemas = {name: lc.schema(name) for name in [*lc.RECORD_TYPES, "common"]}
    pages: dict[str, str] = {"include/counts.md": counts_page(docs)}
    for record_type in lc.RECORD_TYPES:
        pages[f"codebook/{record_type}.md"] = codebook_page(record_type, schemas, docs)
    pages["codebook/common.md"] = common_page(schemas)
    sources = [d for c, _, d in docs if c == "sources"]
    for source in sources:
        pages[f"sources/{source['id']}.md"] = source_page(source, docs)
    for stale in out.glob("sources/*.md"):
        if stale.relative_to(out).as_posix() not in pages:
            stale.unlink()
    for name, text in pages.items():
        write(out / name, text)
    return [out / name for name in pages]
