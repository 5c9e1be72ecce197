#!/usr/bin/env bash
# Set up everything the tests need (npm deps + build, PostgreSQL, MariaDB, Pulumi CLI, the
# warehouse peers in scripts/services/), then run all vitest projects (unit, integration,
# e2e). Arguments go to `vitest run`, e.g. `scripts/test.sh --project unit` or `scripts/test.sh test/unit/foo.test.ts`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" >&2
# The warehouse peers (Snowflake and BigQuery emulators, a Trino server) only the tests need;
# the demo runs on DuckDB alone. Each script installs its peer once per machine (cached by
# version under ~/.cache/pulumi-dataplane) and starts it where it must outlive one test file.
for service in "$ROOT"/scripts/services/*.sh; do
  [ -e "$service" ] || continue
  bash "$service" >&2
done
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

# The whole tree is formatted and linted (Biome, biome.json) and typechecks (sdk, provider,
# tests, benchmarks, examples) before anything runs.
npx --no-install biome ci --colors=off .
npx --no-install tsc -p tsconfig.json --noEmit
exec npx --no-install vitest run "$@"
