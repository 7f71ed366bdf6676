#!/usr/bin/env bash
# Installs the pinned checkov into .venv/ (gitignored), the virtual environment
# `npm run scan` runs it from. Idempotent: a .venv that already has the pinned
# version is left alone, so CI pays the install once per fresh clone (see
# docs/performance.md for how long it takes). pip's own progress is shown: the
# install downloads and builds about 100 packages.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION="3.3.30"
PYTHON="${PYTHON:-python3}"
VENV=".venv"

if [ -x "$VENV/bin/checkov" ] && [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("checkov"))' 2>/dev/null)" = "$CHECKOV_VERSION" ]; then
  echo "checkov $CHECKOV_VERSION already installed in $VENV"
  exit 0
fi

step() { echo "install-checkov: $*"; }

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else "checkov needs Python 3.9 or newer")'
step "creating the virtual environment $VENV with $("$PYTHON" --version)"
"$PYTHON" -m venv "$VENV"
step "upgrading pip"
"$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off --upgrade pip
step "installing checkov $CHECKOV_VERSION and its dependencies"
"$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off "checkov==$CHECKOV_VERSION"
echo "installed checkov $("$VENV/bin/checkov" --version) in $VENV"
