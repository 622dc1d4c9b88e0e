#!/usr/bin/env bash
# Build the documentation site into docs/_build/html (warnings are errors, as in CI).
#
# Needs the package installed with its docs extra in the active Python, for example:
#   python -m pip install -e '.[docs]'
# The codebook, the per-source pages, the counts and the figures are regenerated from the
# installed package's schemas and data into docs/_generated/ at the start of every build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
exec "$python" -m sphinx -W --keep-going -b html "$root/docs" "$root/docs/_build/html" "$@"
