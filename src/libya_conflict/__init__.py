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
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._dataset import Collection, Dataset
    from ._dates import PartialDate, Period, Precision
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
    from ._schemas import RECORD_TYPES, schema
    from ._validation import UsageError, validate
    from .exceptions import (
        AmbiguousName,
        BundleError,
        DataError,
        LibyaConflictError,
        NameNotFound,
        RecordNotFound,
        SchemaNotFound,
        ValidationFailed,
    )

_LAZY: dict[str, str] = {
    "load": "._loading",
    "validate": "._validation",
    "UsageError": "._validation",
    "schema": "._schemas",
    "RECORD_TYPES": "._schemas",
    "Dataset": "._dataset",
    "Collection": "._dataset",
    "Problem": "._problems",
    "Report": "._problems",
    "PartialDate": "._dates",
    "Period": "._dates",
    "Precision": "._dates",
    **dict.fromkeys(
        (
            "ACLEDEventType Actor ActorKind ArmedGroup ArmedGroupKind Certainty Citation "
            "CoordinatePrecision Coordinates Denial Event EventType Figure FigureKind Participant "
            "ParticipantRole Place PlaceKind Qualifier Quantity Record Region Relation "
            "RelationType Source SourceKind StrengthEstimate Support SupportKind SupportStatus"
        ).split(),
        "._model",
    ),
    **dict.fromkeys(
        (
            "AmbiguousName BundleError DataError LibyaConflictError NameNotFound RecordNotFound "
            "SchemaNotFound ValidationFailed"
        ).split(),
        ".exceptions",
    ),
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'libya_conflict' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
