#!/usr/bin/env bash
# The main job: install libya-conflict into a fresh virtual environment, validate the bundled
# dataset and summarise it. Works from any directory; needs python3 (3.11+) and access to PyPI.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${LIBYA_CONFLICT_VENV:-$root/.venv}"

python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "$root"

echo "== libya-conflict validate (the bundled data)"
"$venv/bin/libya-conflict" validate
echo
echo "== libya-conflict stats"
"$venv/bin/libya-conflict" stats
echo
echo "== who backed the LNA, with what, and how sure are the sources?"
"$venv/bin/python" - <<'PY'
import libya_conflict as lc

ds = lc.load()
for s in ds.support.where(recipient="lna"):
    kinds = ", ".join(s.kinds)
    print(f"  {ds.get(s.supporter).names[0]:<24} {kinds:<40} {s.certainty:<10} {s.period or ''}")
PY
