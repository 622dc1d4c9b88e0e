#!/usr/bin/env bash
# The main job: install libya-conflict into a fresh virtual environment, verify and validate the
# bundled dataset, summarise it, answer a question, and export it to SQLite. Works from any directory; needs python3 (3.11+) and access to PyPI.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${LIBYA_CONFLICT_VENV:-$root/.venv}"

python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "$root"

echo "== libya-conflict verify (the installed files against the release manifest's checksums)"
"$venv/bin/libya-conflict" verify
echo
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
echo
echo "== libya-conflict export --format sqlite (for Datasette or any SQL client)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$venv/bin/libya-conflict" export --format sqlite --output "$out/libya-conflict.db"
"$venv/bin/python" - "$out/libya-conflict.db" <<'PY'
import sqlite3
import sys

with sqlite3.connect(sys.argv[1]) as db:
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    events = db.execute("SELECT count(*) FROM events").fetchone()[0]
print(f"  {len(tables)} tables, {events} events")
PY
