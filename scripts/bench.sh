#!/usr/bin/env bash
# Run the benchmarks (benchmarks/run.py) against a freshly built wheel, in a throw-away venv.
# Installs the wheel plus what the benchmarks compare against (orjson, jsonschema-rs,
# check-jsonschema) from PyPI. Pass --quick for a smaller run. Not part of scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install --quiet --upgrade pip build
"$py" -m build --wheel --outdir "$work/dist" "$root" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
"$py" -m pip install --quiet "$(ls "$work"/dist/*.whl)" orjson jsonschema-rs check-jsonschema
cd "$work" && "$py" "$root/benchmarks/run.py" "$@"
