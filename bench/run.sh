#!/usr/bin/env bash
# Runs one benchmark with the project's services and Pulumi CLI: bash bench/run.sh preview-connections
set -euo pipefail
cd "$(dirname "$0")/.."
# Benchmarks use the databases and the CLI, not the oldest-runtime packages.
bash scripts/setup.sh node postgres mariadb pulumi >/dev/null
# The package's preview runs a Pulumi YAML program.
if [ "${1:-}" = preview-package ]; then bash scripts/setup.sh yaml >/dev/null; fi
# The Redshift-shaped load stages its parts in the S3 emulator.
if [ "${1:-}" = publish-redshift ]; then bash scripts/services/s3.sh >/dev/null; fi
source scripts/env.sh
exec node -r ts-node/register/transpile-only "bench/${1:?name a benchmark, e.g. preview-connections}.ts"
