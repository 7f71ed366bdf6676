#!/usr/bin/env bash
# Installs the pinned checkov into .venv/ (gitignored), the virtual environment
# `npm run scan` runs it from. Idempotent: a .venv that already has the pinned
# version is left alone, so CI pays the install (about 1-2 minutes) once per
# fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION="3.3.30"
PYTHON="${PYTHON:-python3}"
VENV=".venv"

if [ -x "$VENV/bin/checkov" ] && [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("checkov"))' 2>/dev/null)" = "$CHECKOV_VERSION" ]; then
  echo "checkov $CHECKOV_VERSION already installed in $VENV"
  exit 0
fi

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else "checkov needs Python 3.9 or newer")'
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
echo "installed checkov $("$VENV/bin/checkov" --version) in $VENV"
