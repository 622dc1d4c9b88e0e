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

if TYPE_CHECKING:
    from ._dataset import Collection, Dataset
    from ._dates import PartialDate, Period, Precision
    from ._diff import CollectionDiff, FieldChange, RecordChange, ReleaseDiff, diff
    from ._export import EXPORT_FORMATS, export, to_networkx, to_pandas
    from ._loading import load
    from ._model import (
        ACLEDEventType,
        Actor,
        ActorKind,
        ArmedGroup,
        ArmedGroupKind,
        Certainty,
        Citation,
        CoordinatePrecision,
        Coordinates,
        Denial,
        Event,
        EventType,
        Figure,
        FigureKind,
        Participant,
        ParticipantRole,
        Place,
        PlaceKind,
        Qualifier,
        Quantity,
        Record,
        Region,
        Relation,
        RelationType,
        Source,
        SourceKind,
        StrengthEstimate,
        Support,
        SupportKind,
        SupportStatus,
    )
    from ._problems import Problem, Report
    from ._resolve import Candidate
    from ._schemas import RECORD_TYPES, schema
    from ._timeline import TimelineEntry
    from ._tombstones import Tombstone
    from ._validation import UsageError, validate
    from ._verify import verify
    from ._versions import DATA_VERSION, SCHEMA_VERSION
    from .exceptions import (
        AmbiguousName,
        BundleError,
        DataError,
        ExportError,
        LibyaConflictError,
        NameNotFound,
        RecordNotFound,
        SchemaNotFound,
        ValidationFailed,
    )

__all__ = [
    "DATA_VERSION",
    "EXPORT_FORMATS",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "ACLEDEventType",
    "Actor",
    "ActorKind",
    "AmbiguousName",
    "ArmedGroup",
    "ArmedGroupKind",
    "BundleError",
    "Candidate",
    "Certainty",
    "Citation",
    "Collection",
    "CollectionDiff",
    "CoordinatePrecision",
    "Coordinates",
    "DataError",
    "Dataset",
    "Denial",
    "Event",
    "EventType",
    "ExportError",
    "FieldChange",
    "Figure",
    "FigureKind",
    "LibyaConflictError",
    "NameNotFound",
    "PartialDate",
    "Participant",
    "ParticipantRole",
    "Period",
    "Place",
    "PlaceKind",
    "Precision",
    "Problem",
    "Qualifier",
    "Quantity",
    "Record",
    "RecordChange",
    "RecordNotFound",
    "Region",
    "Relation",
    "RelationType",
    "ReleaseDiff",
    "Report",
    "SchemaNotFound",
    "Source",
    "SourceKind",
    "StrengthEstimate",
    "Support",
    "SupportKind",
    "SupportStatus",
    "TimelineEntry",
    "Tombstone",
    "UsageError",
    "ValidationFailed",
    "__version__",
    "diff",
    "export",
    "load",
    "schema",
    "to_networkx",
    "to_pandas",
    "validate",
    "verify",
]

# Where each public name lives; imported on first use.
_LAZY: dict[str, str] = {
    "load": "._loading",
    "verify": "._verify",
    "diff": "._diff",
    "ReleaseDiff": "._diff",
    "CollectionDiff": "._diff",
    "RecordChange": "._diff",
    "FieldChange": "._diff",
    "Tombstone": "._tombstones",
    "DATA_VERSION": "._versions",
    "SCHEMA_VERSION": "._versions",
    "UsageError": "._validation",
    "validate": "._validation",
    "RECORD_TYPES": "._schemas",
    "schema": "._schemas",
    "EXPORT_FORMATS": "._export",
    "export": "._export",
    "to_networkx": "._export",
    "to_pandas": "._export",
    "TimelineEntry": "._timeline",
    "Candidate": "._resolve",
    "Collection": "._dataset",
    "Dataset": "._dataset",
    "Problem": "._problems",
    "Report": "._problems",
    "PartialDate": "._dates",
    "Period": "._dates",
    "Precision": "._dates",
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
    "AmbiguousName": ".exceptions",
    "BundleError": ".exceptions",
    "DataError": ".exceptions",
    "ExportError": ".exceptions",
    "LibyaConflictError": ".exceptions",
    "NameNotFound": ".exceptions",
    "RecordNotFound": ".exceptions",
    "SchemaNotFound": ".exceptions",
    "ValidationFailed": ".exceptions",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'libya_conflict' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
