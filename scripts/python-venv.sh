#!/usr/bin/env bash
# Creates the project-local Python virtualenv (.venv) with the pinned test tools:
# the moto AWS emulator (server mode) and checkov. Idempotent: re-runs only when
# requirements-dev.txt changed since the last successful install.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "python-venv: Python >= 3.10 is required for moto's server; found $("$PY" --version 2>&1). Set PYTHON=/path/to/python3.10+." >&2
  exit 1
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
"$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
echo "$want" > "$stamp"
echo "python-venv: installed $(.venv/bin/python -m pip freeze --disable-pip-version-check | grep -iE '^(moto|checkov)==' | tr '\n' ' ')"
