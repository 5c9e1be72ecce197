# shellcheck shell=bash
# Runs one named step of a set-up or test script and says what it is doing while it runs.
#
#   source scripts/lib/step.sh
#   step [--show-output] KEY DESCRIPTION ESTIMATE_SECONDS COMMAND [ARGUMENT...]
#
#   KEY               names the step in the durations file and the log (letters, digits, . _ -)
#   DESCRIPTION       what the step does, as the user reads it ("building the BigQuery emulator")
#   ESTIMATE_SECONDS  how long it usually takes where it never finished before on this machine
#   COMMAND           a program or a shell function, with its arguments; it runs in a subshell
#                     (an `exit` in it ends the step, not the script; it sets no variable of the
#                     caller). Its exit status is what counts: bash ignores `set -e` inside a
#                     step, so a function must return non-zero itself (`cmd || return 1`).
#
# Returns COMMAND's exit status. While COMMAND runs longer than STEP_THRESHOLD_SECONDS (10), a
# line goes to stderr every STEP_INTERVAL_SECONDS (30): the step, how long it has run, and how
# long it usually takes (its last successful duration here, else the estimate, saying which).
# A step that ran past the threshold ends with a "done" line; a failed step always ends with a
# FAILED line naming its exit status. Plain lines, no carriage returns: they read the same in a
# terminal and in a CI log.
#
# Output: by default COMMAND's stdout and stderr go to the log $STEP_LOG_DIR/KEY.log (kept;
# overwritten by the next run of the step); on failure its last STEP_FAILURE_LINES (40) lines are
# printed to stderr with the log's path. With --show-output they pass through instead (for
# commands whose own output the user reads, such as a test run).
#
# Settings (environment): STEP_PREFIX (the tag in front of each line; default "step"),
# STEP_DURATIONS_DIR (default $DATAPLANE_CACHE_DIR/step-durations: one file per KEY holding the
# last successful duration in seconds), STEP_LOG_DIR (default $DATAPLANE_CACHE_DIR/logs),
# STEP_THRESHOLD_SECONDS, STEP_INTERVAL_SECONDS, STEP_FAILURE_LINES.

_step_cache_dir() { printf '%s\n' "${DATAPLANE_CACHE_DIR:-$HOME/.cache/pulumi-dataplane}"; }
_step_durations_dir() { printf '%s\n' "${STEP_DURATIONS_DIR:-$(_step_cache_dir)/step-durations}"; }
_step_log_dir() { printf '%s\n' "${STEP_LOG_DIR:-$(_step_cache_dir)/logs}"; }
_step_now() { printf '%s\n' "${EPOCHSECONDS:-$(date +%s)}"; }
_step_say() { printf '[%s] %s\n' "${STEP_PREFIX:-step}" "$*" >&2; }

# 75 -> "1 min 15 s"; 3720 -> "1 h 02 min".
step_format_duration() {
  local seconds="$1"
  if [ "$seconds" -lt 60 ]; then
    printf '%d s\n' "$seconds"
  elif [ "$seconds" -lt 3600 ]; then
    printf '%d min %02d s\n' $((seconds / 60)) $((seconds % 60))
  else
    printf '%d h %02d min\n' $((seconds / 3600)) $((seconds % 3600 / 60))
  fi
}

# The step's usual duration in seconds and where that number comes from, on two lines.
step_usual_duration() {
  local key="$1" estimate="$2" recorded=""
  read -r recorded 2>/dev/null <"$(_step_durations_dir)/$key" || true
  if [[ "$recorded" =~ ^[0-9]+$ ]]; then
    printf '%s\nlast successful run here\n' "$recorded"
  else
    printf '%s\nestimate: never finished on this machine\n' "$estimate"
  fi
}

_step_record_duration() {
  local key="$1" seconds="$2" dir
  dir="$(_step_durations_dir)"
  mkdir -p "$dir" 2>/dev/null || return 0
  printf '%s\n' "$seconds" >"$dir/$key.$$" 2>/dev/null && mv -f "$dir/$key.$$" "$dir/$key" 2>/dev/null || true
}

# Runs in the background beside the command: a progress line past the threshold, then one
# every interval; stops when killed or when the script that started it is gone.
_step_ticker() {
  local description="$1" started="$2" usual="$3" source="$4"
  local threshold="${STEP_THRESHOLD_SECONDS:-10}" interval="${STEP_INTERVAL_SECONDS:-30}"
  local next="$threshold" elapsed comparison
  while sleep 1; do
    kill -0 "$$" 2>/dev/null || return 0
    elapsed=$(($(_step_now) - started))
    [ "$elapsed" -ge "$next" ] || continue
    comparison="usually $(step_format_duration "$usual") ($source)"
    [ "$elapsed" -le "$usual" ] || comparison="longer than the usual $(step_format_duration "$usual") ($source)"
    _step_say "still running: $description, $(step_format_duration "$elapsed") so far; $comparison"
    next=$((next + interval))
  done
}

step() {
  local show_output=""
  if [ "${1:-}" = "--show-output" ]; then
    show_output=1
    shift
  fi
  if [ "$#" -lt 4 ]; then
    _step_say "step: expected KEY DESCRIPTION ESTIMATE_SECONDS COMMAND..., got: $*"
    return 2
  fi
  local key="$1" description="$2" estimate="$3"
  shift 3
  if ! [[ "$key" =~ ^[A-Za-z0-9._-]+$ ]] || ! [[ "$estimate" =~ ^[0-9]+$ ]]; then
    _step_say "step: KEY must be letters, digits, . _ - and ESTIMATE_SECONDS a whole number (got \"$key\", \"$estimate\")"
    return 2
  fi

  local usual source
  { read -r usual && read -r source; } < <(step_usual_duration "$key" "$estimate")
  local log=""
  if [ -z "$show_output" ]; then
    mkdir -p "$(_step_log_dir)"
    log="$(_step_log_dir)/$key.log"
  fi

  local started status=0 ticker
  started="$(_step_now)"
  _step_ticker "$description" "$started" "$usual" "$source" &
  ticker=$!
  if [ -n "$show_output" ]; then
    ("$@") || status=$?
  else
    ("$@") >"$log" 2>&1 || status=$?
  fi
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true

  local elapsed
  elapsed=$(($(_step_now) - started))
  if [ "$status" -ne 0 ]; then
    _step_say "FAILED: $description, exit status $status after $(step_format_duration "$elapsed")"
    if [ -n "$log" ]; then
      _step_say "last ${STEP_FAILURE_LINES:-40} lines of $log:"
      tail -n "${STEP_FAILURE_LINES:-40}" "$log" >&2
    fi
    return "$status"
  fi
  _step_record_duration "$key" "$elapsed"
  if [ "$elapsed" -ge "${STEP_THRESHOLD_SECONDS:-10}" ]; then
    _step_say "done: $description in $(step_format_duration "$elapsed") (usually $(step_format_duration "$usual"), $source)"
  fi
  return 0
}
