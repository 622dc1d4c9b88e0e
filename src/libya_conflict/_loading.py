"""Reading a data folder into a :class:`~libya_conflict.Dataset`.

``load()`` reads the bundled release once per process (thread-safe) and caches it;
``load(path)`` reads a data folder (a fork, a checkout) or a JSON Lines file every time it is
called. Loading does not run JSON Schema: the bundled data was validated before release. A
record that cannot be read into the model raises :class:`~libya_conflict.DataError` naming the
file (and the line, in JSON Lines); for the bundled data, it also names the installed files
whose checksums differ from the release manifest.

Records are structured by generated functions (:mod:`._structure`); cattrs is imported only to
explain a record that does not fit.
"""

from __future__ import annotations

import _thread
import itertools
import json
import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ._dataset import Dataset, RepeatedID
from ._gcpause import gc_paused
from ._jsonio import JSONInputError, parse_json, read_bytes, read_trusted
from ._limits import MAX_ARRAY_ITEMS
from ._model import COLLECTION_TYPES, Record
from ._resources import (
    MANIFEST,
    TOMBSTONES,
    bundle_folder,
    bundle_path,
    bundle_root,
    holds_collections,
    links_outside,
    record_files,
)
from ._structure import holds_floats, structure_record, usual_structurer
from .exceptions import BundleError, DataError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from ._tombstones import Tombstone

# Imported where used, not here: load() of the bundled data needs neither pathlib (with
# urllib.parse, it costs more than reading the data) nor the text module.

__all__ = ["load"]

_lock = _thread.allocate_lock()  # what threading.Lock() gives, without importing threading
_bundled: Dataset | None = None


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the bundled dataset (cached), or the data at ``path`` (not cached).

    ``path`` is a data folder or a JSON Lines file. A data folder holds, per collection, a
    sub-folder of ``<id>.json`` files (``events/``) and/or a JSON Lines file of one record per
    line (``events.jsonl``), the faster form for large data, plus ``tombstones/`` for removed
    IDs. A JSON Lines file given alone is named after its collection. Symbolic links out of the
    folder are refused. Raises :class:`~libya_conflict.DataError` for a missing folder, or a
    file or line that cannot be read into the model, naming it; the bundled data's files are
    named by their installed path. Raises :class:`~libya_conflict.BundleError` when a
    collection folder is missing from the bundle.
    """
    global _bundled
    if path is not None:
        from pathlib import Path

        folder = Path(path)
        shown = os.fspath(path)
        from ._jsonl import is_json_lines, type_from_name  # imports orjson: not for load()

        if folder.is_file() and is_json_lines(folder):
            record_type = type_from_name(folder)
            if record_type is None:
                raise DataError(f"{shown}: name a JSON Lines file after its collection")
            return _dataset(lambda: _read_lines(folder, shown, record_type), shown, placed=True)
        if not folder.is_dir():
            if folder.exists():
                raise DataError(f"{shown}: not a data folder or a JSON Lines file")
            raise DataError(f"{shown}: no such data folder")
        if not holds_collections(folder):
            hint = "; give its data/ folder" if (folder / "data").is_dir() else ""
            raise DataError(
                f"{shown}: not a data folder: it holds no collection folder "
                f"({', '.join(f'{c}/' for c in COLLECTION_TYPES)}) or <collection>.jsonl{hint}"
            )
        inside = folder.resolve()
        return _dataset(
            lambda: _read_folder(folder, shown, inside),
            shown,
            folder=folder,
            version=_version(inside.parent, parse_json),
            placed=True,
        )
    with _lock:
        if _bundled is None:
            _bundled = _load_bundled()
        return _bundled


def _load_bundled() -> Dataset:
    """Read the bundled data: from plain folders the fast way, else through importlib.resources.

    A damaged bundle raises :class:`~libya_conflict.BundleError` (a collection folder is
    missing) or :class:`~libya_conflict.DataError` naming the file and the installed files whose
    checksums differ from the release manifest.
    """
    root = bundle_path()
    bundle: Traversable | str
    release_root: Traversable | str
    if root is not None:  # an installed wheel or a checkout: plain folders, read fast
        data = bundle = os.path.join(root, "data")
        missing = [c for c in COLLECTION_TYPES if not os.path.isdir(os.path.join(data, c))]
        read: Callable[[], Iterable[Record]] = lambda: _read_bundled(data)  # noqa: E731
        release_root = root
    else:  # a zipped install
        traversable = bundle = bundle_folder("data")
        missing = [c for c in COLLECTION_TYPES if not (traversable / c).is_dir()]
        read = lambda: _read(traversable, str(traversable), _trusted, read_trusted)  # noqa: E731
        release_root = bundle_root()
    if missing:
        raise BundleError(
            f"the bundled data in {bundle} is damaged: no {', '.join(missing)} folder; "
            "reinstall libya-conflict"
        )
    version = _release_version(root) if root is not None else _version(release_root, _trusted)
    try:
        return _dataset(read, str(bundle), folder=bundle, version=version)
    except DataError as exc:
        raise DataError(f"{exc}{_damage_note()}") from None


def _shown(text: str) -> str:
    """``text`` with unprintable characters escaped, for a message (:func:`._text.one_line`)."""
    from ._text import one_line

    return one_line(text)


def _read_bundled(folder: str) -> Iterator[Record]:
    """The records of the bundled data folder, read as :func:`_read` would, at less cost.

    The bundled files were validated and checksummed when released, so they are read with
    plain ``os`` calls and parsed with ``json.loads``, and a file's displayed name is only
    built for an error; 783 small files take a third of the time ``pathlib`` needs.
    """
    for collection, record_type in COLLECTION_TYPES.items():
        directory = os.path.join(folder, collection)
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".json"):
                continue
            path = os.path.join(directory, name)
            document = _document(path, lambda: read_trusted(path), _trusted)  # noqa: B023
            yield _record(document, record_type, path)


def _document(where: str, read: Callable[[], bytes], parse: Callable[[bytes], Any]) -> Any:
    """Read and parse one file; a :class:`DataError` naming ``where`` if that fails."""
    try:
        return parse(read())
    except (OSError, JSONInputError) as exc:
        raise _file_error(where, exc) from None


def _file_error(where: str, exc: OSError | JSONInputError) -> DataError:
    """The error for a file that cannot be read, or is not strict JSON within the limits."""
    if isinstance(exc, OSError):
        return DataError(f"{_shown(where)}: cannot read the file: {exc}")
    return _input_error(where, exc)


def _input_error(where: str, exc: JSONInputError) -> DataError:
    """The error for a file or line that is not strict JSON within the limits."""
    at = f" (at {_shown(exc.pointer)})" if exc.pointer else ""
    return DataError(f"{_shown(where)}: {exc.message}{at}")


def _trusted(data: bytes) -> Any:
    """Parse a bundled file: checked when released, so plain ``json.loads`` (twice as fast).

    Anything it refuses goes to the strict parser for the message.
    """
    try:
        return json.loads(data)
    except ValueError:
        return parse_json(data)


def _dataset(
    read: Callable[[], Iterable[Any]],
    shown: str,
    *,
    folder: Traversable | str | None = None,
    version: str | None = None,
    placed: bool = False,
) -> Dataset:
    """Build a dataset from the records ``read`` yields, with the cyclic GC paused.

    Records are immutable trees without cycles; collecting while building 100,000 of them
    would triple the time. The tombstones come from ``folder``. With ``placed``, ``read``
    yields ``(where, record)`` pairs, and two records sharing an ID are named by where they
    are, found by reading again (only then: a load does not keep every record's place).
    """
    with gc_paused():
        try:
            tombstones = _read_tombstones(folder, shown) if folder is not None else []
            records = map(_second, read()) if placed else read()
            return Dataset(records, tombstones=tombstones, version=version)
        except ValueError as exc:
            if placed and isinstance(exc, RepeatedID):
                raise _repeated_error(read(), exc.record_id, shown) from None
            raise DataError(_shown(f"{shown}: {exc}")) from None


_second = operator.itemgetter(1)


def _repeated_error(placed: Iterable[tuple[str, Record]], record_id: str, shown: str) -> DataError:
    """The error naming the first two places of the records with this ID (when the data no
    longer holds two, it changed meanwhile: the error says only that the ID is repeated)."""
    found = list(itertools.islice((w for w, r in placed if r.id == record_id), 2))
    if len(found) < 2:
        return DataError(_shown(f"{shown}: the ID {record_id!r} is used by two records"))
    first, second = map(_shown, found)
    return DataError(f"{second}: the ID {record_id!r} is already used by {first}")


def _read(
    folder: Traversable,
    shown: str,
    parse: Callable[[bytes], Any],
    read: Callable[[Traversable], bytes],
) -> Iterator[Record]:
    """The records of a data folder read through :mod:`importlib.resources` (a zipped install).

    Files are read with ``read`` and parsed with ``parse``.
    """
    for collection, record_type, item in record_files(folder):
        where = f"{shown}/{collection}/{item.name}"
        document = _document(where, lambda: read(item), parse)  # noqa: B023
        yield _record(document, record_type, where)


def _read_folder(folder: Path, shown: str, inside: Path) -> Iterator[tuple[str, Record]]:
    """``(where, record)`` for the records of a data folder on disk: ``<collection>/*.json``,
    then ``<collection>.jsonl``.

    Contributed files are read under the limits of :mod:`._limits` and parsed as strictly as
    :func:`._jsonio.parse_json` does (with orjson, see :func:`._jsonl.parse_strict`). A
    symbolic link leading out of ``inside`` (the folder, resolved) is refused; the folder
    listing says which entries are links, so only those are resolved.
    """

    for collection, record_type in COLLECTION_TYPES.items():
        directory = os.path.join(folder, collection)
        if not os.path.isdir(directory):
            continue
        linked = os.path.islink(directory)
        with os.scandir(directory) as listing:
            entries = sorted((e for e in listing if e.name.endswith(".json")), key=_name)
        parse, prefix = _parser(record_type), f"{shown}/{collection}/"
        for entry in entries:  # the loop of a 100,000-file load: no formatting but on error
            where = prefix + entry.name
            if (linked or entry.is_symlink()) and links_outside(type(folder)(entry.path), inside):
                raise DataError(
                    f"{_shown(where)}: a symbolic link to a file outside the data folder; "
                    "links out of the folder are never followed"
                )
            try:
                document, record = parse(read_bytes(entry.path))
            except (OSError, JSONInputError) as exc:
                raise _file_error(where, exc) from None
            yield where, record or _record(document, record_type, where)
    for collection, record_type in COLLECTION_TYPES.items():
        lines_file = folder / f"{collection}.jsonl"
        if lines_file.is_file():
            yield from _read_lines(lines_file, f"{shown}/{collection}.jsonl", record_type)


_name = operator.attrgetter("name")

_SMALL_RECORD = 2 * MAX_ARRAY_ITEMS
"""Bytes of a text too short to hold an array over the limit (or a string over it)."""


def _parser(record_type: str) -> Callable[[bytes], tuple[Any, Record | None]]:
    """A function giving ``(document, record)`` for one record's text, parsed as strictly as a
    record file.

    The fast way first: orjson's parse, structured by the generated functions, which take only
    the model's shape (closed objects, nesting of five) and the JSON types of its fields. So
    long numbers need no scan where the model has no ``float`` (an integer orjson reads
    otherwise comes as a float, which no field takes), and of the structural limits only a
    string or an array can be broken, which a short text cannot hold. When that gives no
    record, the text is parsed again with every check, and the record is left to
    :func:`_record`, which explains what does not fit.
    """
    from ._jsonl import fits_limits, parse_strict

    check_numbers = holds_floats(record_type)
    usual = usual_structurer(record_type)

    def parse(data: bytes) -> tuple[Any, Record | None]:
        document = parse_strict(data, check_numbers=check_numbers, check_limits=False)
        record = usual(document)
        if record is not None and len(data) > _SMALL_RECORD and not fits_limits(data, document):
            record = None
        if record is None:
            document = parse_strict(data)
        return document, record

    return parse


def _tombstone_files(folder: Traversable | str) -> list[tuple[str, Traversable | str]]:
    """``(name, file)`` for each ``tombstones/*.json`` in a data folder, by name."""
    if isinstance(folder, str):
        where = os.path.join(folder, TOMBSTONES)
        if not os.path.isdir(where):
            return []
        names = sorted(n for n in os.listdir(where) if n.endswith(".json"))
        return [(name, os.path.join(where, name)) for name in names]
    tombstone_folder = folder / TOMBSTONES
    if not tombstone_folder.is_dir():
        return []
    items = sorted(tombstone_folder.iterdir(), key=lambda t: t.name)
    return [(item.name, item) for item in items if item.name.endswith(".json")]


def _read_tombstones(folder: Traversable | str, shown: str) -> list[Tombstone]:
    """The tombstones in ``folder/tombstones/``, by file name."""
    tombstones: list[Tombstone] = []
    for name, item in _tombstone_files(folder):
        from ._tombstones import tombstone_from_json

        where = _shown(f"{shown}/{TOMBSTONES}/{name}")
        try:
            tombstones.append(tombstone_from_json(parse_json(read_bytes(item))))
        except OSError as exc:
            raise DataError(f"{where}: cannot read the file: {exc}") from None
        except JSONInputError as exc:
            raise DataError(f"{where}: {exc.message}") from None
        except (TypeError, ValueError) as exc:
            raise DataError(f"{where}: not a tombstone ({_shown(str(exc))})") from None
    return tombstones


_HEAD_VERSION = re.compile(rb'\n  "version": "([0-9A-Za-z.+-]+)",\n')
"""The top-level version line of a manifest as ``libya-conflict manifest`` writes it."""


def _release_version(root: str) -> str | None:
    """The version in the bundled release manifest, read from its first lines.

    The manifest is 250 KB and written by ``libya-conflict manifest`` (JSON indented by two,
    ``version`` among the first keys), so its version line is found without parsing it all;
    any other shape is parsed whole.
    """
    try:
        with open(os.path.join(root, MANIFEST), "rb") as handle:
            found = _HEAD_VERSION.search(handle.read(4096))
    except OSError:
        found = None
    return found.group(1).decode("ascii") if found else _version(root, _trusted)


def _version(release_root: Traversable | str, parse: Callable[[bytes], Any]) -> str | None:
    """The version in the manifest beside a data folder, if there is a readable one."""
    manifest: Traversable | str
    if isinstance(release_root, str):
        manifest = os.path.join(release_root, MANIFEST)
        present = os.path.isfile(manifest)
    else:
        manifest = release_root / MANIFEST
        present = manifest.is_file()
    try:
        document = parse(read_bytes(manifest)) if present else None
    except (OSError, JSONInputError):
        return None
    version = document.get("version") if isinstance(document, dict) else None
    return version if isinstance(version, str) else None


def _damage_note() -> str:
    """What the manifest says of the installed files, when a bundled file cannot be read."""
    from ._verify import verify
    from .exceptions import LibyaConflictError

    try:
        report = verify()
    except LibyaConflictError:
        return ""
    damaged = [p.file for p in report.problems if p.code in ("checksum", "missing-file")]
    if not damaged:
        return ""
    shown = ", ".join(damaged[:3]) + (", ..." if len(damaged) > 3 else "")
    return (
        f"; {len(damaged)} installed file(s) differ from the release manifest's checksums "
        f"({shown}): reinstall libya-conflict"
    )


def _read_lines(path: Path, shown: str, record_type: str) -> Iterator[tuple[str, Record]]:
    """``(where, record)`` for the records of a JSON Lines file, one per line; errors name the
    file and the line.

    Each line is parsed as strictly as a record file, under the same limits
    (:func:`._jsonl.parse_strict`). Numbers need no check of their own where the model has
    no ``float``: an integer orjson reads otherwise than the strict parser comes as a float,
    which no field of such a record takes.
    """
    from ._jsonl import lines

    parse = _parser(record_type)
    try:
        for number, raw in lines(path):
            where = f"{shown}:{number}"
            try:
                document, record = parse(raw)
            except JSONInputError as exc:
                raise _input_error(where, exc) from None
            yield where, record or _record(document, record_type, where)
    except OSError as exc:
        raise DataError(f"{shown}: cannot read the file: {exc}") from None


def _record(document: Any, record_type: str, where: str) -> Record:
    """The record a parsed document holds; a :class:`DataError` naming ``where`` if none."""
    if not isinstance(document, dict):
        raise DataError(f"{_shown(where)}: a record must be a JSON object")
    try:
        return structure_record(document, record_type)
    except (ExceptionGroup, ValueError, TypeError) as exc:
        raise DataError(
            f"{_shown(where)}: does not fit the model ({_shown(_detail(exc))}); "
            "run 'libya-conflict validate' on it for details"
        ) from None


def _detail(exc: Exception) -> str:
    """What cattrs (imported only now, on this error path) says is wrong with a record."""
    import cattrs

    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc))
    return str(exc)
