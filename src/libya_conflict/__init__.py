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
    from ._export import EXPORT_FORMATS as EXPORT_FORMATS
    from ._export import export as export
    from ._export import to_networkx as to_networkx
    from ._export import to_pandas as to_pandas
    from ._loading.converter import to_json as to_json
    from ._loading.load import load as load
    from ._model.dates import PartialDate as PartialDate
    from ._model.dates import Period as Period
    from ._model.dates import Precision as Precision
    from ._model.records import ACLEDEventType as ACLEDEventType
    from ._model.records import Actor as Actor
    from ._model.records import ActorKind as ActorKind
    from ._model.records import ArmedGroup as ArmedGroup
    from ._model.records import ArmedGroupKind as ArmedGroupKind
    from ._model.records import Certainty as Certainty
    from ._model.records import Citation as Citation
    from ._model.records import CoordinatePrecision as CoordinatePrecision
    from ._model.records import Coordinates as Coordinates
    from ._model.records import Denial as Denial
    from ._model.records import Event as Event
    from ._model.records import EventType as EventType
    from ._model.records import Figure as Figure
    from ._model.records import FigureKind as FigureKind
    from ._model.records import Participant as Participant
    from ._model.records import ParticipantRole as ParticipantRole
    from ._model.records import Place as Place
    from ._model.records import PlaceKind as PlaceKind
    from ._model.records import Qualifier as Qualifier
    from ._model.records import Quantity as Quantity
    from ._model.records import Record as Record
    from ._model.records import Region as Region
    from ._model.records import Relation as Relation
    from ._model.records import RelationType as RelationType
    from ._model.records import Source as Source
    from ._model.records import SourceKind as SourceKind
    from ._model.records import StrengthEstimate as StrengthEstimate
    from ._model.records import Support as Support
    from ._model.records import SupportKind as SupportKind
    from ._model.records import SupportStatus as SupportStatus
    from ._model.tombstones import Tombstone as Tombstone
    from ._queries.dataset import Collection as Collection
    from ._queries.dataset import Dataset as Dataset
    from ._queries.resolve import Candidate as Candidate
    from ._queries.timeline import TimelineEntry as TimelineEntry
    from ._releases.diff import CollectionDiff as CollectionDiff
    from ._releases.diff import FieldChange as FieldChange
    from ._releases.diff import RecordChange as RecordChange
    from ._releases.diff import ReleaseDiff as ReleaseDiff
    from ._releases.diff import diff as diff
    from ._releases.verify import verify as verify
    from ._releases.versions import DATA_VERSION as DATA_VERSION
    from ._releases.versions import SCHEMA_VERSION as SCHEMA_VERSION
    from ._validation.problems import Problem as Problem
    from ._validation.problems import Report as Report
    from ._validation.schemas import RECORD_TYPES as RECORD_TYPES
    from ._validation.schemas import schema as schema
    from ._validation.validate import validate as validate
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
    "Collection": "._queries.dataset",
    "Dataset": "._queries.dataset",
    "PartialDate": "._model.dates",
    "Period": "._model.dates",
    "Precision": "._model.dates",
    "CollectionDiff": "._releases.diff",
    "FieldChange": "._releases.diff",
    "RecordChange": "._releases.diff",
    "ReleaseDiff": "._releases.diff",
    "diff": "._releases.diff",
    "EXPORT_FORMATS": "._export",
    "export": "._export",
    "to_networkx": "._export",
    "to_pandas": "._export",
    "load": "._loading.load",
    "ACLEDEventType": "._model.records",
    "Actor": "._model.records",
    "ActorKind": "._model.records",
    "ArmedGroup": "._model.records",
    "ArmedGroupKind": "._model.records",
    "Certainty": "._model.records",
    "Citation": "._model.records",
    "CoordinatePrecision": "._model.records",
    "Coordinates": "._model.records",
    "Denial": "._model.records",
    "Event": "._model.records",
    "EventType": "._model.records",
    "Figure": "._model.records",
    "FigureKind": "._model.records",
    "Participant": "._model.records",
    "ParticipantRole": "._model.records",
    "Place": "._model.records",
    "PlaceKind": "._model.records",
    "Qualifier": "._model.records",
    "Quantity": "._model.records",
    "Record": "._model.records",
    "Region": "._model.records",
    "Relation": "._model.records",
    "RelationType": "._model.records",
    "Source": "._model.records",
    "SourceKind": "._model.records",
    "StrengthEstimate": "._model.records",
    "Support": "._model.records",
    "SupportKind": "._model.records",
    "SupportStatus": "._model.records",
    "Problem": "._validation.problems",
    "Report": "._validation.problems",
    "Candidate": "._queries.resolve",
    "RECORD_TYPES": "._validation.schemas",
    "schema": "._validation.schemas",
    "to_json": "._loading.converter",
    "TimelineEntry": "._queries.timeline",
    "Tombstone": "._model.tombstones",
    "validate": "._validation.validate",
    "verify": "._releases.verify",
    "DATA_VERSION": "._releases.versions",
    "SCHEMA_VERSION": "._releases.versions",
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
