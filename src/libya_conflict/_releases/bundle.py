"""The standalone data bundle, ``libya-conflict-data-<version>.zip``.

:func:`write_bundle` writes the standalone zip for users outside Python (the manifest,
``data/``, ``schemas/``, the changelog and licences), byte for byte the same for the same files.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from .._loading.release import MANIFEST, listed_files, open_release, read_manifest
from ..exceptions import DataError, ExportError

__all__ = ["write_bundle"]

_BUNDLE_EXTRAS = ("CHANGELOG.md", "LICENSE", "LICENSE-DATA")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no build time leaks in


def write_bundle(root: str | os.PathLike[str], output: str | os.PathLike[str]) -> Path:
    """Write the standalone data bundle of the checkout at ``root`` into the folder ``output``.

    The zip holds ``libya-conflict-data-<version>/`` with the manifest, ``data/``,
    ``schemas/``, CHANGELOG.md and the licences: exactly the files the manifest lists, plus
    those. Entries are sorted and timestamped 1980-01-01, so the same files give the same
    bytes. Returns the zip's path. The zip is written to a temporary name and renamed.
    Raises :class:`~libya_conflict.DataError` when the manifest is stale (it must describe
    exactly the files bundled) or a file is missing, and
    :class:`~libya_conflict.ExportError` when the zip cannot be written.
    """
    import zipfile

    from .._export.atomic import atomic_file
    from .manifest import build_manifest, manifest_bytes

    release = open_release(root)
    manifest = read_manifest(release)
    if manifest_bytes(build_manifest(release)) != release.read(MANIFEST):
        raise DataError(
            f"{release.where(MANIFEST)}: stale: it does not match the files of the checkout; "
            "regenerate it with 'libya-conflict manifest' first"
        )
    top = f"libya-conflict-data-{manifest['version']}"
    names = [*listed_files(manifest), MANIFEST, *_BUNDLE_EXTRAS]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=_FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, release.read(name))
    target = Path(output) / f"{top}.zip"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{target}: cannot create the folder: {exc.strerror or exc}") from None
    with atomic_file(target) as temporary:
        temporary.write_bytes(buffer.getvalue())
    return target
