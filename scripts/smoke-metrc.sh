#!/usr/bin/env bash
# Walks one sample through the lab on the Metrc simulator and asserts each step (scripts/smoke-metrc.ts):
#   TRACEABILITY_ADAPTER=metrc scripts/start.sh --detach && scripts/smoke-metrc.sh
# LABTRACE_URL (http://127.0.0.1:3000), METRC_SIM_URL (http://127.0.0.1:4020), DEMO_PASSWORD, METRC_LICENSE override.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
exec npx ts-node --transpile-only -P tsconfig.json scripts/smoke-metrc.ts
