#!/usr/bin/env bash
# Set up everything the tests need (npm deps + build, PostgreSQL, MariaDB, Pulumi CLI, its YAML
# language host, the warehouse peers in scripts/services/), then run all vitest projects (unit,
# integration, promises, e2e). Arguments go to `vitest run`, e.g. `scripts/test.sh --project unit`
# or `scripts/test.sh test/unit/foo.test.ts`.
#
# Every step that can take longer than 10 s says what it is, how long it has run and how long
# it usually takes (scripts/lib/step.sh). The BigQuery emulator is a cgo build of about half an
# hour the first time on a machine: when it is not built yet, it builds in the background from
# the start, and a run without arguments goes in two phases: first every test that does not
# need the emulator (set-up included), then, once it is built, the rest
# (scripts/lib/test-phases.sh and .mjs decide which is which, and prove at the end that the two
# phases ran every test a one-phase run runs, each once). A failed build fails the run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/step.sh
source "$ROOT/scripts/lib/step.sh"
export STEP_PREFIX=test
started=$SECONDS
say() { printf '[test] %s\n' "$*" >&2; }

# --------------------------------------------------------------------------------------------
# The BigQuery emulator, built in the background when it is not there yet.
# --------------------------------------------------------------------------------------------
bigquery_binary="$(bash "$ROOT/scripts/services/bigquery.sh" --path)"
build_pid=""
if ! { [ -x "$bigquery_binary" ] && "$bigquery_binary" --version >/dev/null 2>&1; }; then
  say "the BigQuery emulator is not built yet: building it in the background (its lines start with [bigquery]); the tests that do not need it run meanwhile"
  # Its own process group (set -m), so that leaving early stops the compilers too.
  set -m
  bash "$ROOT/scripts/services/bigquery.sh" </dev/null >/dev/null &
  build_pid=$!
  set +m
fi
stop_build() {
  if [ -n "$build_pid" ] && kill -0 "$build_pid" 2>/dev/null; then
    say "stopping the BigQuery emulator build (this run ends before it did)"
    kill -TERM -- "-$build_pid" 2>/dev/null || true
  fi
}
trap stop_build EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for_build() {
  [ -n "$build_pid" ] || return 0
  if kill -0 "$build_pid" 2>/dev/null; then
    say "waiting for the BigQuery emulator build to finish (its progress lines go on)"
  fi
  local status=0
  wait "$build_pid" || status=$?
  build_pid=""
  if [ "$status" -ne 0 ]; then
    say "FAILED: the BigQuery emulator did not build (exit status $status; its error is above); the tests that need it cannot run"
    return 1
  fi
  say "the BigQuery emulator is built: $bigquery_binary"
}

# --------------------------------------------------------------------------------------------
# Set-up, the warehouse peers, lint and typecheck.
# --------------------------------------------------------------------------------------------
# Set-up reports its own long steps (npm ci, the CLI build, …) the same way. No part named: all
# of them, the yaml part (pulumi-language-yaml, for test/e2e/yaml-language-host.test.ts) included.
bash "$ROOT/scripts/setup.sh" >&2
# The other warehouse peers (the Snowflake emulator, a Trino server, the S3 emulator the Redshift
# proxy reads COPY's parts from) only the tests need; the
# demo runs on DuckDB alone. Each script installs its peer once per machine (cached by version
# under ~/.cache/pulumi-dataplane) and starts it where it must outlive one test file.
bash "$ROOT/scripts/services/snowflake.sh" >&2
bash "$ROOT/scripts/services/trino.sh" >&2
bash "$ROOT/scripts/services/s3.sh" >&2
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

# The whole tree is formatted and linted (Biome, biome.json) and typechecks (sdk, provider,
# tests, benchmarks, examples) before anything runs.
step --show-output biome "checking format and lint (biome ci)" 10 npx --no-install biome ci --colors=off .
step --show-output typecheck "typechecking the whole tree (tsc)" 60 npx --no-install tsc -p tsconfig.json --noEmit

# --------------------------------------------------------------------------------------------
# One phase: the emulator is built, or the run was given arguments (then it waits for it).
# --------------------------------------------------------------------------------------------
if [ -z "$build_pid" ] || [ "$#" -gt 0 ]; then
  wait_for_build
  status=0
  step --show-output vitest "running the tests (vitest run${*:+ $*})" 600 npx --no-install vitest run "$@" || status=$?
  say "finished in $(step_format_duration $((SECONDS - started)))"
  exit "$status"
fi

# --------------------------------------------------------------------------------------------
# Two phases: what does not need the emulator while it builds, then the rest.
# --------------------------------------------------------------------------------------------
# shellcheck source=scripts/lib/test-phases.sh
source "$ROOT/scripts/lib/test-phases.sh"
phases="$(mktemp -d)"
trap 'stop_build; rm -rf "$phases"' EXIT
npx --no-install vitest list --filesOnly --json="$phases/files.json" >/dev/null
test_phases_plan "$phases"
status=0
test_phase_one "$phases" || status=$?
wait_for_build || exit 1
test_phase_two "$phases" || status=$?
test_phases_totals "$phases" || status=1
say "finished in $(step_format_duration $((SECONDS - started))) (two phases: the BigQuery emulator was built meanwhile)"
exit "$status"
