"""libya_conflict: a curated, validated, versioned dataset of the Libyan civil wars.

>>> import libya_conflict as lc
>>> ds = lc.load()                          # the bundled release, cached
>>> ds.resolve("Hifter").id                 # any spelling or alias
'khalifa-haftar'

Importing the package loads no data, no validator and no converter: every name below is
imported on first use (PEP 562), so ``import libya_conflict`` stays cheap for the projects
that depend on it.
"""

from __future__ import annotations

import importlib

from ._version import __version__

# Not `from typing import TYPE_CHECKING`: importing typing would double the import cost.
TYPE_CHECKING = False

# The typing view of the names below, for mypy and IDEs. ``X as X`` marks each as re-exported
# (mypy --strict reads no __all__ that is not a literal); tests/test_import.py checks that these
# imports and _EXPORTS name the same things.
if TYPE_CHECKING:
    from ._dataset import Collection as Collection
    from ._dataset import Dataset as Dataset
    from ._dates import PartialDate as PartialDate
    from ._dates import Period as Period
    from ._dates import Precision as Precision
    from ._diff import CollectionDiff as CollectionDiff
    from ._diff import FieldChange as FieldChange
    from ._diff import RecordChange as RecordChange
    from ._diff import ReleaseDiff as ReleaseDiff
    from ._diff import diff as diff
    from ._export import EXPORT_FORMATS as EXPORT_FORMATS
    from ._export import export as export
    from ._export import to_networkx as to_networkx
    from ._export import to_pandas as to_pandas
    from ._loading import load as load
    from ._model import ACLEDEventType as ACLEDEventType
    from ._model import Actor as Actor
    from ._model import ActorKind as ActorKind
    from ._model import ArmedGroup as ArmedGroup
    from ._model import ArmedGroupKind as ArmedGroupKind
    from ._model import Certainty as Certainty
    from ._model import Citation as Citation
    from ._model import CoordinatePrecision as CoordinatePrecision
    from ._model import Coordinates as Coordinates
    from ._model import Denial as Denial
    from ._model import Event as Event
    from ._model import EventType as EventType
    from ._model import Figure as Figure
    from ._model import FigureKind as FigureKind
    from ._model import Participant as Participant
    from ._model import ParticipantRole as ParticipantRole
    from ._model import Place as Place
    from ._model import PlaceKind as PlaceKind
    from ._model import Qualifier as Qualifier
    from ._model import Quantity as Quantity
    from ._model import Record as Record
    from ._model import Region as Region
    from ._model import Relation as Relation
    from ._model import RelationType as RelationType
    from ._model import Source as Source
    from ._model import SourceKind as SourceKind
    from ._model import StrengthEstimate as StrengthEstimate
    from ._model import Support as Support
    from ._model import SupportKind as SupportKind
    from ._model import SupportStatus as SupportStatus
    from ._problems import Problem as Problem
    from ._problems import Report as Report
    from ._resolve import Candidate as Candidate
    from ._schemas import RECORD_TYPES as RECORD_TYPES
    from ._schemas import schema as schema
    from ._serialise import to_json as to_json
    from ._timeline import TimelineEntry as TimelineEntry
    from ._tombstones import Tombstone as Tombstone
    from ._validation import validate as validate
    from ._verify import verify as verify
    from ._versions import DATA_VERSION as DATA_VERSION
    from ._versions import SCHEMA_VERSION as SCHEMA_VERSION
    from .exceptions import AmbiguousName as AmbiguousName
    from .exceptions import BundleError as BundleError
    from .exceptions import DataError as DataError
    from .exceptions import ExportError as ExportError
    from .exceptions import LibyaConflictError as LibyaConflictError
    from .exceptions import NameNotFound as NameNotFound
    from .exceptions import RecordNotFound as RecordNotFound
    from .exceptions import SchemaNotFound as SchemaNotFound
    from .exceptions import UsageError as UsageError
    from .exceptions import ValidationFailed as ValidationFailed

_EXPORTS: dict[str, str] = {
    "Collection": "._dataset",
    "Dataset": "._dataset",
    "PartialDate": "._dates",
    "Period": "._dates",
    "Precision": "._dates",
    "CollectionDiff": "._diff",
    "FieldChange": "._diff",
    "RecordChange": "._diff",
    "ReleaseDiff": "._diff",
    "diff": "._diff",
    "EXPORT_FORMATS": "._export",
    "export": "._export",
    "to_networkx": "._export",
    "to_pandas": "._export",
    "load": "._loading",
    "ACLEDEventType": "._model",
    "Actor": "._model",
    "ActorKind": "._model",
    "ArmedGroup": "._model",
    "ArmedGroupKind": "._model",
    "Certainty": "._model",
    "Citation": "._model",
    "CoordinatePrecision": "._model",
    "Coordinates": "._model",
    "Denial": "._model",
    "Event": "._model",
    "EventType": "._model",
    "Figure": "._model",
    "FigureKind": "._model",
    "Participant": "._model",
    "ParticipantRole": "._model",
    "Place": "._model",
    "PlaceKind": "._model",
    "Qualifier": "._model",
    "Quantity": "._model",
    "Record": "._model",
    "Region": "._model",
    "Relation": "._model",
    "RelationType": "._model",
    "Source": "._model",
    "SourceKind": "._model",
    "StrengthEstimate": "._model",
    "Support": "._model",
    "SupportKind": "._model",
    "SupportStatus": "._model",
    "Problem": "._problems",
    "Report": "._problems",
    "Candidate": "._resolve",
    "RECORD_TYPES": "._schemas",
    "schema": "._schemas",
    "to_json": "._serialise",
    "TimelineEntry": "._timeline",
    "Tombstone": "._tombstones",
    "validate": "._validation",
    "verify": "._verify",
    "DATA_VERSION": "._versions",
    "SCHEMA_VERSION": "._versions",
    "AmbiguousName": ".exceptions",
    "BundleError": ".exceptions",
    "DataError": ".exceptions",
    "ExportError": ".exceptions",
    "LibyaConflictError": ".exceptions",
    "NameNotFound": ".exceptions",
    "RecordNotFound": ".exceptions",
    "SchemaNotFound": ".exceptions",
    "UsageError": ".exceptions",
    "ValidationFailed": ".exceptions",
}
"""Every public name and the module it lives in, imported on first use (PEP 562)."""

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'libya_conflict' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
