"""Reading a data folder into a :class:`~libya_conflict.Dataset`.

``load()`` reads the bundled release once per process (thread-safe) and caches it;
``load(path)`` reads a data folder (a fork, a checkout) or a JSON Lines file every time it is
called. Loading does not run JSON Schema: the bundled data was validated before release. A
record that cannot be read into the model raises :class:`~libya_conflict.DataError` naming the
file (and the line, in JSON Lines).

Records are structured by generated functions (:mod:`._structure`); cattrs is imported only to
explain a record that does not fit.
"""

from __future__ import annotations

import gc
import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._dataset import Dataset
from ._jsonio import JSONInputError, parse_json
from ._model import COLLECTION_TYPES, Record
from ._resources import bundle_folder, record_files
from ._structure import structure_record
from .exceptions import DataError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["load"]

_lock = threading.Lock()
_bundled: Dataset | None = None


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the bundled dataset (cached), or the data at ``path`` (not cached).

    ``path`` is a data folder or a JSON Lines file. A data folder holds, per collection, a
    sub-folder of ``<id>.json`` files (``events/``) and/or a JSON Lines file of one record per
    line (``events.jsonl``), the faster form for large data. A JSON Lines file given alone is
    named after its collection. Raises :class:`~libya_conflict.DataError` for a missing
    folder, or a file or line that cannot be read into the model, naming it.
    """
    global _bundled
    if path is not None:
        folder = Path(path)
        shown = os.fspath(path)
        from ._jsonl import is_json_lines, type_from_name  # imports orjson: not for load()

        if folder.is_file() and is_json_lines(folder):
            record_type = type_from_name(folder)
            if record_type is None:
                raise DataError(f"{shown}: name a JSON Lines file after its collection")
            return _dataset(lambda: _read_lines(folder, shown, record_type), shown)
        if not folder.is_dir():
            raise DataError(f"{shown}: no such data folder")
        return _dataset(lambda: _read(folder, shown, parse_json), shown)
    with _lock:
        if _bundled is None:
            _bundled = _dataset(
                lambda: _read(bundle_folder("data"), "bundled data", _trusted), "bundled data"
            )
        return _bundled


def _trusted(data: bytes) -> Any:
    """Parse a bundled file: checked when released, so plain ``json.loads`` (twice as fast).

    Anything it refuses goes to the strict parser for the message.
    """
    try:
        return json.loads(data)
    except ValueError:
        return parse_json(data)


def _dataset(read: Callable[[], Iterable[Record]], shown: str) -> Dataset:
    """Build a dataset from the records ``read`` yields, with the cyclic GC paused.

    Records are immutable trees without cycles; collecting while building 100,000 of them
    would triple the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return Dataset(read())
    except ValueError as exc:
        raise DataError(f"{shown}: {exc}") from None
    finally:
        if enabled:
            gc.enable()


def _read(folder: Traversable, shown: str, parse: Callable[[bytes], Any]) -> Iterator[Record]:
    """The records of a data folder: ``<collection>/*.json``, then ``<collection>.jsonl``."""
    for collection, record_type, item in record_files(folder):
        where = f"{shown}/{collection}/{item.name}"
        try:
            document = parse(item.read_bytes())
        except OSError as exc:
            raise DataError(f"{where}: cannot read the file: {exc}") from None
        except JSONInputError as exc:
            raise DataError(f"{where}: {exc.message}") from None
        yield _record(document, record_type, where)
    if isinstance(folder, Path):
        for collection, record_type in COLLECTION_TYPES.items():
            lines_file = folder / f"{collection}.jsonl"
            if lines_file.is_file():
                yield from _read_lines(lines_file, f"{shown}/{collection}.jsonl", record_type)


def _read_lines(path: Path, shown: str, record_type: str) -> Iterator[Record]:
    """The records of a JSON Lines file, one per line; errors name the file and the line."""
    from ._jsonl import lines, parse_line

    try:
        for number, raw in lines(path):
            try:
                document = parse_line(raw)
            except JSONInputError as exc:
                raise DataError(f"{shown}:{number}: {exc.message}") from None
            yield _record(document, record_type, f"{shown}:{number}")
    except OSError as exc:
        raise DataError(f"{shown}: cannot read the file: {exc}") from None


def _record(document: Any, record_type: str, where: str) -> Record:
    if not isinstance(document, dict):
        raise DataError(f"{where}: a record must be a JSON object")
    try:
        return structure_record(document, record_type)
    except (ExceptionGroup, ValueError, TypeError) as exc:
        raise DataError(
            f"{where}: does not fit the model ({_detail(exc)}); "
            "run 'libya-conflict validate' on it for details"
        ) from None


def _detail(exc: Exception) -> str:
    """What cattrs (imported only now, on this error path) says is wrong with a record."""
    import cattrs

    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc))
    return str(exc)
