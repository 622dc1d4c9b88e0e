#!/usr/bin/env bash
# Run the benchmarks (benchmarks/run.py) against the package installed as a wheel.
#
# Makes a throw-away venv, installs this checkout (pip builds and installs its wheel, not an
# editable install) plus what the benchmarks compare against (orjson, jsonschema-rs,
# check-jsonschema) from PyPI, and prints the table. Arguments go to run.py: --quick for a
# run of about a minute. Not part of scripts/test.sh: speed is measured, never asserted.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT

python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "$root" orjson jsonschema-rs check-jsonschema
cd "$(dirname "$venv")"
"$venv/bin/python" "$root/benchmarks/run.py" "$@"
