"""Reading a data folder into a :class:`~libya_conflict.Dataset`.

``load()`` reads the bundled release once per process (thread-safe) and caches it;
``load(path)`` reads a data folder (a fork, a checkout) every time it is called. Loading does not
run JSON Schema: the bundled data was validated before release. A record that cannot be read
into the model raises :class:`~libya_conflict.DataError` naming the file.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._dataset import Dataset
from ._jsonio import JSONInputError, parse_json
from ._model import Record
from ._resources import bundle_folder, record_files
from ._structure import structure_record
from .exceptions import DataError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["load"]

_lock = threading.Lock()
_bundled: Dataset | None = None


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the bundled dataset (cached), or the data folder at ``path`` (not cached).

    A data folder holds one sub-folder per collection (``actors/``, ``events/``, ...) of
    ``<id>.json`` files. Raises :class:`~libya_conflict.DataError` for a missing folder or a
    file that cannot be read into the model, naming the file.
    """
    global _bundled
    if path is not None:
        folder = Path(path)
        if not folder.is_dir():
            raise DataError(f"{os.fspath(path)}: no such data folder")
        return _read(folder, os.fspath(path), parse_json)
    with _lock:
        if _bundled is None:
            _bundled = _read(bundle_folder("data"), "bundled data", _trusted)
        return _bundled


def _trusted(data: bytes) -> Any:
    """Parse a bundled file: checked when released, so plain ``json.loads`` (twice as fast).

    Anything it refuses goes to the strict parser for the message.
    """
    try:
        return json.loads(data)
    except ValueError:
        return parse_json(data)


def _read(folder: Traversable, shown: str, parse: Callable[[bytes], Any]) -> Dataset:
    records: list[Record] = []
    for collection, record_type, item in record_files(folder):
        where = f"{shown}/{collection}/{item.name}"
        try:
            document = parse(item.read_bytes())
            if not isinstance(document, dict):
                raise DataError(f"{where}: a record must be a JSON object")
            records.append(structure_record(document, record_type))
        except OSError as exc:
            raise DataError(f"{where}: cannot read the file: {exc}") from None
        except JSONInputError as exc:
            raise DataError(f"{where}: {exc.message}") from None
        except (ExceptionGroup, ValueError, TypeError) as exc:
            raise DataError(
                f"{where}: does not fit the model ({_detail(exc)}); "
                "run 'libya-conflict validate' on the folder for details"
            ) from None
    try:
        return Dataset(records)
    except ValueError as exc:
        raise DataError(f"{shown}: {exc}") from None


def _detail(exc: Exception) -> str:
    """What cattrs (imported only now, on this error path) says is wrong with a record."""
    import cattrs

    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc))
    return str(exc)
