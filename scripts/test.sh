#!/usr/bin/env bash
# Run every check against a freshly built and installed wheel, as CI does.
#
# Creates a throw-away virtual environment, builds the sdist and the wheel from it, installs the
# wheel with its test, lint and docs extras from PyPI, then runs ruff, mypy --strict, the docs
# build (warnings are errors) and pytest. The
# tests import the installed package, not src/, so a file missing from the wheel fails them.
# Works from any directory; needs python3 (3.11+) and access to PyPI.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install --quiet --upgrade pip
"$py" -m pip install --quiet build
"$py" -m build --outdir "$work/dist" "$root" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
wheel="$(ls "$work"/dist/*.whl)"
"$py" -m pip install --quiet "${wheel}[test,lint,docs]"
# The standalone data bundle; tests/test_releases.py checks the wheel and it against the manifest.
"$work/venv/bin/libya-conflict" bundle "$root" --output "$work/dist" > /dev/null

echo "== ruff"
"$work/venv/bin/ruff" check "$root/src" "$root/tests" "$root/docs"
echo "== mypy --strict"
(cd "$root" && "$work/venv/bin/mypy" --strict src/libya_conflict)
echo "== docs (sphinx-build, warnings are errors)"
# Regenerates the codebook, source pages and figures from the installed wheel's data into
# docs/_generated/ (gitignored), then builds the site into a throw-away folder.
"$py" -m sphinx -W --keep-going -q -b html "$root/docs" "$work/docs-html"
echo "== pytest (against the installed wheel: $(basename "$wheel"))"
cd "$work"
LIBYA_CONFLICT_EXPECT_WHEEL=1 LIBYA_CONFLICT_DIST="$work/dist" "$py" -m pytest -p no:cacheprovider -c "$root/pyproject.toml" \
    --rootdir "$root" "$root/tests" "$@"
