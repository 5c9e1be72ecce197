#!/usr/bin/env bash
# Times `bash scripts/demo.sh` as a user's first run on a fresh machine: a fresh clone of HEAD
# with empty caches (the project's cache dir, npm's cache, Go's module and build caches), so
# Node, the npm packages and, unless one is installed, the Pulumi CLI come from the registries.
# Debian packages and the machine's own Node/npm/Go stay as they are. Then it runs the demo a
# second time in the same clone (warm) and prints both against the issue's targets.
#
#   bash bench/first-run.sh                      # no pulumi on PATH: the set-up builds the CLI
#   bash bench/first-run.sh --installed-pulumi   # a pulumi on PATH, as the official installer
#                                                # leaves it (CLI, Node language host, plugin)
#
# Everything lives under one temporary folder, removed at the end (KEEP=1 keeps it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
installed=""
[ "${1:-}" = "--installed-pulumi" ] && installed=1

work="$(mktemp -d /tmp/dataplane-first-run-XXXXXX)"
[ -n "${KEEP:-}" ] || trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

path="$PATH"
if [ -n "$installed" ]; then
  # The CLI the project uses here, copied where a user's installer would put it.
  (source "$ROOT/scripts/env.sh" && bash "$ROOT/scripts/setup.sh" pulumi >/dev/null 2>&1)
  current="$(source "$ROOT/scripts/env.sh" && dirname "$(readlink -f "$(command -v pulumi)")")"
  mkdir -p "$work/pulumi-install/bin"
  for file in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
    cp "$current/$file" "$work/pulumi-install/bin/$file"
  done
  path="$work/pulumi-install/bin:$PATH"
fi

git clone --quiet "$ROOT" "$work/clone"
fresh_environment=(
  env
  "PATH=$path"
  "DATAPLANE_CACHE_DIR=$work/cache"
  "npm_config_cache=$work/npm-cache"
  "GOMODCACHE=$work/go-modules"
  "GOCACHE=$work/go-build"
  "PULUMI_BACKEND_URL=file://$work/state"
)

timed_demo() {
  local started=$SECONDS
  (cd "$work/clone" && "${fresh_environment[@]}" bash scripts/demo.sh >"$work/$1.log" 2>&1) \
    || { tail -n 40 "$work/$1.log" >&2; echo "first-run: the $1 demo failed (log above)" >&2; exit 1; }
  echo $((SECONDS - started))
}

echo "first-run: cold demo (fresh clone, empty caches$([ -n "$installed" ] && echo ", pulumi installed" || echo ", no pulumi: the CLI is built"))" >&2
cold="$(timed_demo cold)"
build=""
if [ -z "$installed" ]; then
  # scripts/lib/step.sh records each step's duration under the cache dir.
  build="$(cat "$work/cache/step-durations/pulumi-cli" 2>/dev/null || true)"
fi
echo "first-run: warm demo (same clone and caches)" >&2
warm="$(timed_demo warm)"

echo "cold demo: ${cold} s$([ -n "$installed" ] && echo " (target <= 90 s: ratio $(awk "BEGIN{printf \"%.2f\", $cold/90}"))")"
if [ -z "$installed" ] && [ -n "$build" ]; then
  echo "  of which the Pulumi CLI build: ${build} s; the rest: $((cold - build)) s (target <= 60 s: ratio $(awk "BEGIN{printf \"%.2f\", ($cold-$build)/60}"))"
fi
echo "warm demo: ${warm} s"
