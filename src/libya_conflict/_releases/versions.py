"""The versions of the installed data and schemas, from the bundled manifest.

One version, three faces: ``libya_conflict/_version.py`` is the one source of truth; the
manifest (``datapackage.json``) is generated from it, and records it as the data version and
the schema version. The test suite keeps all three equal to the newest CHANGELOG.md release.
"""

from __future__ import annotations

from .._loading.jsonio import JSONInputError, parse_json
from .._loading.resources import MANIFEST, bundle_root
from ..exceptions import BundleError

__all__ = ["DATA_VERSION", "SCHEMA_VERSION"]


def _read_manifest() -> dict[str, object]:
    manifest = bundle_root() / MANIFEST
    try:
        document = parse_json(manifest.read_bytes())
    except (OSError, JSONInputError) as exc:
        raise BundleError(f"the bundled {MANIFEST} cannot be read: {exc}") from None
    if not isinstance(document, dict):
        raise BundleError(f"the bundled {MANIFEST} is not a JSON object")
    return document


def _field(manifest: dict[str, object], name: str) -> str:
    value = manifest.get(name)
    if not isinstance(value, str):
        raise BundleError(f"the bundled {MANIFEST} has no {name!r}")
    return value


_manifest = _read_manifest()

DATA_VERSION: str = _field(_manifest, "version")
"""The release of the bundled data (``datapackage.json``'s ``version``)."""

SCHEMA_VERSION: str = _field(_manifest, "schema_version")
"""The release of the bundled JSON Schemas (``datapackage.json``'s ``schema_version``)."""

del _manifest
