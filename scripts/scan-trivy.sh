#!/usr/bin/env bash
# trivy's misconfiguration scan over the HCL stacks (`npm run synth:hcl` first),
# offline: trivy's checks come from the bundle embedded in the binary (it would
# otherwise download the newest bundle from an OCI registry that these machines
# cannot reach; --skip-check-update makes it fall back to the embedded one, and
# it logs that fallback as an ERROR line, which is expected). Fails on any HIGH
# or CRITICAL finding not justified in .trivyignore.yaml (each justification is
# also in docs/guardrails.md, with the check id).
set -euo pipefail
cd "$(dirname "$0")/.."

STACKS="cdktf.out.hcl/stacks"
[ -d "$STACKS" ] || { echo "no $STACKS: run npm run synth:hcl first" >&2; exit 1; }
bash scripts/install-trivy.sh >/dev/null
exec .tools/bin/trivy config \
  --skip-check-update \
  --cache-dir .tools/trivy-cache \
  --misconfig-scanners terraform \
  --severity HIGH,CRITICAL \
  --ignorefile .trivyignore.yaml \
  --exit-code 1 \
  "$STACKS"
