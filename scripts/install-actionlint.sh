#!/usr/bin/env bash
# Installs the pinned actionlint into .tools/bin/ (gitignored) with `go install`
# (from the Go module proxy; about a minute on 2 cores the first time, then the
# Go build cache makes it fast). Idempotent: a binary of the pinned version is
# left alone. `npm run lint:workflows` runs it over .github/workflows.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION="1.7.7"
BIN_DIR="$PWD/.tools/bin"

if [ -x "$BIN_DIR/actionlint" ] && [ "$("$BIN_DIR/actionlint" -version | head -1)" = "v$ACTIONLINT_VERSION" ]; then
  echo "actionlint $ACTIONLINT_VERSION already installed in $BIN_DIR"
  exit 0
fi

command -v go >/dev/null || { echo "actionlint installs with go install: Go 1.22 or newer is needed on PATH" >&2; exit 1; }
mkdir -p "$BIN_DIR"
GOBIN="$BIN_DIR" go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
echo "installed actionlint $("$BIN_DIR/actionlint" -version | head -1) in $BIN_DIR"
