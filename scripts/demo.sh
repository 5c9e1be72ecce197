#!/usr/bin/env bash
# Deploy the example program in the repository root (Pulumi.yaml / index.ts) to a local
# file-backend stack and print its outputs. Needs nothing installed by hand.
#
#   scripts/demo.sh [extra `pulumi up` flags]    # set up, preview + update, print outputs
#   scripts/demo.sh destroy                      # tear the demo stack's resources down
#
# State lives in $PULUMI_BACKEND_URL (default .pulumi-state/ in this checkout, beside warehouse.duckdb);
# the stack name is $DEMO_STACK (default dev).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The demo runs on DuckDB in process: it needs Node, the npm packages and a Pulumi CLI, no server.
bash "$ROOT/scripts/setup.sh" node pulumi >&2
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

STACK="${DEMO_STACK:-dev}"
case "$PULUMI_BACKEND_URL" in
  file://*) mkdir -p "${PULUMI_BACKEND_URL#file://}" ;;
esac

pulumi login --non-interactive "$PULUMI_BACKEND_URL"
pulumi stack select --create --non-interactive "$STACK"

if [ "${1:-}" = "destroy" ]; then
  shift
  exec pulumi destroy --yes --non-interactive "$@"
fi

pulumi up --yes --skip-preview=false --non-interactive "$@"
echo
echo "Stack outputs ($STACK):"
pulumi stack output --json --non-interactive
