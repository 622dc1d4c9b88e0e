"""The ``libya-conflict`` command: validate records, print schemas, summarise the data.

Exit status: 0 when all is well, 1 when validation finds problems or a lookup finds nothing,
2 for a usage error (a bad option, a missing path) or damaged installed data.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol, TextIO

from ._model.records import COLLECTION_TYPES
from ._version import __version__

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="libya-conflict",
        description="A curated, cited dataset of the Libyan civil wars: validate records, "
        "print the JSON Schemas, and summarise the data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="validate record files or folders (default: the bundled data)",
        description="Check JSON syntax, the record type's schema and integrity across records "
        "(references, IDs, dates, figures, names, hostile text; with --texts, quotes). A file "
        "in a data folder (the folder above events/, actors/ ...) is checked against that "
        "folder's other records, then the bundled data. Prints one problem per line. Exit 0 "
        "if valid, 1 if not, 2 for a usage error. Files are never modified.",
    )
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or folders of records")
    validate.add_argument(
        "--type",
        dest="record_type",
        metavar="TYPE",
        help="the record type of every file given (default: from its folder, e.g. events/)",
    )
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="check JSON Lines files (*.jsonl) in N processes (default: 1)",
    )
    validate.add_argument(
        "--texts",
        metavar="DIR",
        help="also check every citation's quote against the source texts in DIR (each "
        "source record's text_file); a quote not found is shown with the closest passage",
    )

    schema = commands.add_parser("schema", help="print the JSON Schema of a record type")
    schema.add_argument("name", help="a record type (event, actor, ...) or 'common'")

    stats = commands.add_parser("stats", help="count records per collection and per source")
    stats.add_argument("path", nargs="?", help="a data folder (default: the bundled data)")
    stats.add_argument("--format", choices=("text", "json"), default="text")

    show = commands.add_parser("show", help="print one record as JSON, by ID or by any name")
    show.add_argument("key", help="a record ID or a name or alias ('Hifter')")
    show.add_argument(
        "--collection",
        choices=tuple(COLLECTION_TYPES),
        help="look the name up in one collection only (when it names several records)",
    )

    verify = commands.add_parser(
        "verify",
        help="check installed data (or a release) against its manifest's checksums",
        description="Check every file a release's datapackage.json lists: present, same size, "
        "same sha256; and no unlisted file under data/ or schemas/. Default: the data "
        "installed with the library. Exit 0 if intact, 1 if not.",
    )
    verify.add_argument(
        "release",
        nargs="?",
        metavar="RELEASE",
        help="a checkout, a data bundle (folder or .zip) or a wheel",
    )
    verify.add_argument("--format", choices=("text", "json"), default="text")

    diff = commands.add_parser(
        "diff",
        help="list the records added, removed and changed between two releases",
        description="Compare two releases (data folders, checkouts, data bundles or wheels): "
        "records added, removed and changed per collection, and each changed value as a JSON "
        "pointer with its old and new value. Exit 0 if they hold the same records, 1 if not.",
    )
    diff.add_argument("old", metavar="OLD", help="the older release")
    diff.add_argument("new", metavar="NEW", help="the newer release")
    diff.add_argument("--format", choices=("text", "json"), default="text")

    manifest = commands.add_parser(
        "manifest",
        help="(maintainers) regenerate datapackage.json of a checkout, or --check it",
        description="Write ROOT/datapackage.json from the checkout's data, schemas and "
        "CHANGELOG.md, for the library's version. With --check, write nothing and exit 1 if "
        "the file is missing or stale.",
    )
    manifest.add_argument(
        "root", nargs="?", default=".", metavar="ROOT", help="the checkout (default: .)"
    )
    manifest.add_argument("--check", action="store_true", help="only check that it is current")

    bundle = commands.add_parser(
        "bundle",
        help="(maintainers) build the standalone data bundle (zip) of a checkout",
        description="Write libya-conflict-data-VERSION.zip: datapackage.json, data/, schemas/, "
        "CHANGELOG.md and the licences, for users outside Python. The manifest must be current.",
    )
    bundle.add_argument(
        "root", nargs="?", default=".", metavar="ROOT", help="the checkout (default: .)"
    )
    bundle.add_argument(
        "--output", default="dist", metavar="DIR", help="where to write it (default: dist)"
    )

    export = commands.add_parser(
        "export",
        help="write the data as CSV, GeoJSON, GraphML, SQLite or Parquet",
        description="Write the dataset in a format for other tools: csv (a folder of tables "
        "with a Frictionless datapackage.json), acled (one CSV of events in ACLED columns), "
        "geojson, graphml, sqlite (for Datasette), parquet (a folder; needs the 'parquet' "
        "extra). Output is deterministic and written atomically. Exit 0 on success, "
        "2 for a usage error.",
    )
    export.add_argument("--format", required=True, metavar="FORMAT", dest="export_format")
    export.add_argument("--output", required=True, metavar="PATH", help="file or folder to write")
    export.add_argument(
        "--data", metavar="FOLDER", help="a data folder (default: the bundled data)"
    )
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    out = stdout or sys.stdout
    for stream in (out, sys.stderr):
        _escape_unencodable(stream)
    args = _parser().parse_args(argv)
    from .exceptions import LibyaConflictError

    try:
        handler = {
            "validate": _validate,
            "schema": _schema,
            "stats": _stats,
            "show": _show,
            "verify": _verify,
            "diff": _diff,
            "manifest": _manifest,
            "bundle": _bundle,
            "export": _export,
        }
        return handler[args.command](args, out)
    except LibyaConflictError as exc:
        print(f"libya-conflict: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``libya-conflict validate | head``): stop quietly, with the
        # status the command had decided on before printing (problems found stay status 1).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(getattr(args, "status", EXIT_OK))


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from ._validation.validate import UsageError, validate

    try:
        report = validate(
            args.paths or None, record_type=args.record_type, jobs=args.jobs, texts=args.texts
        )
    except UsageError as exc:
        print(f"libya-conflict validate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return _result(args, report, EXIT_OK if report.ok else EXIT_PROBLEMS, out)


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    from ._validation.schemas import schema
    from .exceptions import SchemaNotFound

    try:
        document = schema(args.name)
    except SchemaNotFound as exc:
        print(f"libya-conflict schema: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _dump(document, out)
    return EXIT_OK


def _stats(args: argparse.Namespace, out: TextIO) -> int:
    from . import to_json
    from ._loading.load import load
    from ._model.records import COLLECTION_TYPES
    from ._validation.integrity import citation_sources

    ds = load(args.path)
    collections = {name: len(getattr(ds, name)) for name in COLLECTION_TYPES}
    records_by_source: Counter[str] = Counter()
    quotes_by_source: Counter[str] = Counter()
    for record in ds:
        cited = [source for _, source in citation_sources(to_json(record))]
        quotes_by_source.update(cited)
        records_by_source.update(set(cited))
    sources = [
        {
            "id": s.id,
            "title": s.title,
            "records": records_by_source[s.id],
            "citations": quotes_by_source[s.id],
        }
        for s in ds.sources
    ]
    if args.format == "json":
        _dump({"collections": collections, "sources": sources}, out)
        return EXIT_OK
    width = max(len(n) for n in collections)
    print("Records per collection:", file=out)
    for name, count in collections.items():
        print(f"  {name:<{width}}  {count:>5}", file=out)
    print(f"  {'total':<{width}}  {sum(collections.values()):>5}", file=out)
    print("\nRecords and citations per source:", file=out)
    for s in sources:
        print(f"  {s['records']:>5} records  {s['citations']:>5} quotes  {s['id']}", file=out)
    return EXIT_OK


def _show(args: argparse.Namespace, out: TextIO) -> int:
    from . import to_json
    from ._loading.load import load
    from .exceptions import AmbiguousName, NameNotFound

    ds = load()
    if args.key in ds:
        record = ds.get(args.key)
    else:
        try:
            record = ds.resolve(args.key, collection=args.collection)
        except AmbiguousName as exc:
            message = str(exc).replace("pass collection= to choose", "add --collection to choose")
            print(f"libya-conflict show: {message}", file=sys.stderr)
            return EXIT_PROBLEMS
        except NameNotFound as exc:
            print(f"libya-conflict show: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    _dump(to_json(record), out)
    return EXIT_OK


def _escape_unencodable(stream: TextIO) -> None:
    """Let a stream that is not UTF-8 (a Latin-1 or ASCII terminal, a pipe under ``LANG=C``)
    write what it cannot encode as escapes (``\\u0627``) rather than fail with a traceback."""
    if not _is_utf8(stream) and hasattr(stream, "reconfigure"):
        with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
            stream.reconfigure(errors="backslashreplace")


def _is_utf8(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def _dump(document: object, out: TextIO) -> None:
    # JSON escapes (\u0627) where the stream is not UTF-8: the output stays JSON.
    json.dump(document, out, indent=2, ensure_ascii=not _is_utf8(out))
    out.write("\n")


class _Printable(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def _result(args: argparse.Namespace, result: _Printable, status: int, out: TextIO) -> int:
    """Print a report or diff as ``--format`` asks and return ``status``.

    The status is kept on ``args`` first, so a reader that goes away while it is printed
    (a closed pipe) does not turn problems found into success.
    """
    args.status = status
    if args.format == "json":
        _dump(result.to_dict(), out)
    else:
        print(result, file=out)
    return status


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    from ._releases.verify import verify

    if args.release == "":
        print("libya-conflict verify: error: an empty path was given", file=sys.stderr)
        return EXIT_USAGE
    report = verify(args.release)
    return _result(args, report, EXIT_OK if report.ok else EXIT_PROBLEMS, out)


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    from ._releases.diff import diff

    if not all(isinstance(path, str) and path for path in (args.old, args.new)):
        print("libya-conflict diff: error: give two releases, OLD and NEW", file=sys.stderr)
        return EXIT_USAGE
    result = diff(args.old, args.new)
    return _result(args, result, EXIT_PROBLEMS if result else EXIT_OK, out)


def _manifest(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from ._loading.release import MANIFEST, open_release
    from ._releases.manifest import build_manifest, manifest_bytes

    target = Path(args.root) / MANIFEST
    if not ((Path(args.root) / "CHANGELOG.md").is_file() and (Path(args.root) / "data").is_dir()):
        print(
            f"libya-conflict manifest: error: {args.root}: not a checkout (it needs CHANGELOG.md "
            "and data/); run it from the repository's root or give that folder",
            file=sys.stderr,
        )
        return EXIT_USAGE
    fresh = manifest_bytes(build_manifest(open_release(args.root)))
    current = target.read_bytes() if target.is_file() else None
    if args.check:
        if current == fresh:
            print(f"{target}: up to date", file=out)
            return EXIT_OK
        state = "missing" if current is None else "stale"
        print(f"{target}: {state}; regenerate it with 'libya-conflict manifest'", file=out)
        return EXIT_PROBLEMS
    if current != fresh:
        from ._export.atomic import atomic_file

        with atomic_file(target) as temporary:
            temporary.write_bytes(fresh)
    print(f"{target}: {'written' if current != fresh else 'up to date'}", file=out)
    return EXIT_OK


def _bundle(args: argparse.Namespace, out: TextIO) -> int:
    from ._releases.bundle import write_bundle

    print(write_bundle(args.root, args.output), file=out)
    return EXIT_OK


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from ._export import check_output, export
    from ._loading.load import load

    check_output(args.output, args.data)  # before reading the data: never write into it
    dataset = load(args.data) if args.data else None
    path = export(args.export_format, args.output, dataset, data=args.data)
    print(f"wrote {args.export_format} to {path}", file=out)
    if args.export_format == "acled":
        from ._export.acled import acled_left_out

        if left_out := acled_left_out(dataset if dataset is not None else load()):
            print(
                f"libya-conflict export: left out {len(left_out)} events dated to a year only "
                "(ACLED's event_date needs at least the month); the events table of the csv, "
                "sqlite and parquet exports has them",
                file=sys.stderr,
            )
    return EXIT_OK
