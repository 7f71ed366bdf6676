#!/usr/bin/env bash
# Installs the pinned trivy into .tools/bin/ (gitignored) with `go install` from
# the Go module proxy: about 6-7 minutes on 2 cores the first time (a large
# module graph), about a minute after that from the Go build cache. Idempotent:
# a binary built from the pinned module version is left alone. trivy 0.74 needs
# Go's encoding/json/v2 experiment at build time (GOEXPERIMENT=jsonv2).
# `npm run scan:trivy` runs it over the HCL stacks (docs/guardrails.md).
set -euo pipefail
cd "$(dirname "$0")/.."

TRIVY_VERSION="0.74.0"
BIN_DIR="$PWD/.tools/bin"

installed_version() {
  go version -m "$BIN_DIR/trivy" 2>/dev/null | awk '$1 == "mod" && $2 == "github.com/aquasecurity/trivy" { print $3 }'
}

command -v go >/dev/null || { echo "trivy installs with go install: Go 1.25 or newer is needed on PATH" >&2; exit 1; }
if [ -x "$BIN_DIR/trivy" ] && [ "$(installed_version)" = "v$TRIVY_VERSION" ]; then
  echo "trivy $TRIVY_VERSION already installed in $BIN_DIR"
  exit 0
fi
mkdir -p "$BIN_DIR"
GOEXPERIMENT=jsonv2 GOBIN="$BIN_DIR" go install "github.com/aquasecurity/trivy/cmd/trivy@v$TRIVY_VERSION"
echo "installed trivy $(installed_version) in $BIN_DIR"
