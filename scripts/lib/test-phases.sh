# shellcheck shell=bash
# The two phases of a first test run (scripts/test.sh), over the test files listed in
# DIR/files.json (`vitest list --filesOnly --json`); needs scripts/lib/step.sh.
#
#   test_phases_plan DIR   # splits the files (scripts/lib/test-phases.mjs plan)
#   test_phase_one DIR     # what runs while the BigQuery emulator is being built
#   test_phase_two DIR     # the rest, once it is built
#   test_phases_totals DIR # fails unless the phases ran every test a one-phase run runs, once
#
# Each phase returns non-zero when a test failed, after running all of its files.

TEST_PHASES_PLANNER="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/test-phases.mjs"
# vitest -t matches a test's full name (its suites' names and its own).
TEST_PHASES_BIGQUERY_NAME='[bB][iI][gG][qQ][uU][eE][rR][yY]'

test_phases_plan() {
  node "$TEST_PHASES_PLANNER" plan "$1" | sed 's/^/[test] /' >&2
}

# vitest run over the files listed in DIR/LIST, its json report in DIR/REPORT.report.json.
_test_phases_run_files() {
  local directory="$1" report="$2" list="$3" files
  shift 3
  mapfile -t files <"$directory/$list"
  [ "${#files[@]}" -gt 0 ] || return 0
  npx --no-install vitest run --passWithNoTests --reporter=default --reporter=json \
    --outputFile.json="$directory/$report.report.json" "$@" "${files[@]}"
}

test_phase_one() {
  local directory="$1" status=0
  # A test of this phase that starts the emulator fails, saying the plan missed it.
  export DATAPLANE_BIGQUERY_EMULATOR_PENDING=1
  step --show-output vitest-phase-1 "phase 1 of 2: the test files that never reach the BigQuery emulator" 480 \
    _test_phases_run_files "$directory" 1-before before.txt || status=$?
  step --show-output vitest-phase-1-promises "phase 1 of 2: the promise files' cases on every vendor but BigQuery" 600 \
    _test_phases_run_files "$directory" 1-split split.txt -t "^(?![\\s\\S]*$TEST_PHASES_BIGQUERY_NAME)" || status=$?
  unset DATAPLANE_BIGQUERY_EMULATOR_PENDING
  return "$status"
}

test_phase_two() {
  local directory="$1" status=0
  step --show-output vitest-phase-2 "phase 2 of 2: the test files that need the BigQuery emulator" 240 \
    _test_phases_run_files "$directory" 2-after after.txt || status=$?
  step --show-output vitest-phase-2-promises "phase 2 of 2: the promise files' BigQuery cases" 120 \
    _test_phases_run_files "$directory" 2-split split.txt -t "$TEST_PHASES_BIGQUERY_NAME" || status=$?
  return "$status"
}

test_phases_totals() {
  node "$TEST_PHASES_PLANNER" totals "$1" 2>&1 | sed 's/^/[test] /' >&2
}
