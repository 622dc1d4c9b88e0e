#!/usr/bin/env bash
# Build the release artefacts of this checkout into dist/: the sdist, the wheel and the
# standalone data bundle (libya-conflict-data-VERSION.zip), then check each against the
# manifest. Refuses to build when datapackage.json is stale. See docs/releasing.md.
# Works from any directory; needs python3 (3.11+) and access to PyPI.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/dist}"

# Build only what is committed: the artefacts must be reproducible from the tag.
if git -C "$root" rev-parse --git-dir > /dev/null 2>&1 \
    && [ -n "$(git -C "$root" status --porcelain --untracked-files=normal)" ] \
    && [ -z "${LIBYA_CONFLICT_RELEASE_DIRTY:-}" ]; then
    echo "release.sh: the checkout has uncommitted changes; commit them first" >&2
    echo "(set LIBYA_CONFLICT_RELEASE_DIRTY=1 to build a test release anyway)" >&2
    exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install --quiet --upgrade pip build
"$py" -m pip install --quiet "$root"
cli="$work/venv/bin/libya-conflict"

"$cli" manifest "$root" --check
"$cli" validate "$root/data" > "$work/validate.log" || { cat "$work/validate.log"; exit 1; }
mkdir -p "$out"
rm -f "$out"/libya_conflict-*.whl "$out"/libya_conflict-*.tar.gz "$out"/libya-conflict-data-*.zip
"$py" -m build --outdir "$out" "$root" > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
"$cli" bundle "$root" --output "$out" > /dev/null
for artefact in "$out"/*.whl "$out"/libya-conflict-data-*.zip; do
    echo "== verify $(basename "$artefact")"
    "$cli" verify "$artefact"
done
echo "== built"
ls -l "$out"
