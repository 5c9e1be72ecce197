#!/usr/bin/env bash
# Generates the dataplane package's SDKs for Node.js, Python, Go and .NET from the provider
# plugin's schema, as `pulumi package gen-sdk` would (that command needs the Python, Go and .NET
# language hosts, which are not served here): tools/gen-sdk calls pulumi's code generators
# directly.
#
#   bash scripts/gen-sdk.sh [OUT_DIR]      # npm run build:sdks (builds dist/ first)
#
# OUT_DIR (default sdk-generated/, ignored by git) gets schema.json and one folder per language:
# nodejs/, python/, go/, dotnet/. The schema comes from dist/plugin/schema.js (run `npm run
# build` first), at the version in package.json. The tool is built with Go once per content of
# tools/gen-sdk (go.mod, go.sum, *.go, and the same in its dotnet/ module) into
# ~/.cache/pulumi-dataplane/gen-sdk-<hash>/bin; later runs take a second.
set -eEuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
# shellcheck source=scripts/lib/step.sh
source "$ROOT/scripts/lib/step.sh"
export STEP_PREFIX=gen-sdk
OUT="${1:-$ROOT/sdk-generated}"
TOOL_DIR="$ROOT/tools/gen-sdk"

log() { printf '[gen-sdk] %s\n' "$*" >&2; }
die() { printf '[gen-sdk] ERROR: %s\n' "$*" >&2; exit 1; }

GO="$(command -v go 2>/dev/null || true)"
[ -n "$GO" ] || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; } || die "go is not on PATH (Go >= 1.26 builds tools/gen-sdk)"
[ -f "$ROOT/dist/plugin/schema.js" ] || die "dist/plugin/schema.js is missing: run npm run build first"

# The tool's cache key: everything its two modules build from, and the Go release.
tool_hash() {
  (
    cd "$TOOL_DIR"
    for file in go.mod go.sum ./*.go dotnet/go.mod dotnet/go.sum dotnet/*.go; do
      printf '%s\n' "$file"
      cat "$file"
    done
    "$GO" version
  ) | sha256sum | cut -c1-16
}
HASH="$(tool_hash)"
ENTRY="$DATAPLANE_CACHE_DIR/gen-sdk-$HASH"

build_tool() {
  local tmp
  mkdir -p "$DATAPLANE_CACHE_DIR"
  tmp="$(mktemp -d "$DATAPLANE_CACHE_DIR/.gen-sdk-partial-XXXXXX")"
  (cd "$TOOL_DIR" && "$GO" build -o "$tmp/bin/gen-sdk" .) || { rm -rf "$tmp"; return 1; }
  (cd "$TOOL_DIR/dotnet" && "$GO" build -o "$tmp/bin/gen-sdk-dotnet" .) || { rm -rf "$tmp"; return 1; }
  # Renamed into place whole, so a concurrent run never takes half a tool.
  if mv -T "$tmp" "$ENTRY" 2>/dev/null; then
    find "$DATAPLANE_CACHE_DIR" -mindepth 1 -maxdepth 1 -name 'gen-sdk-*' ! -name "gen-sdk-$HASH" -exec rm -rf {} +
  else
    rm -rf "$tmp"
  fi
}

if [ ! -x "$ENTRY/bin/gen-sdk" ] || [ ! -x "$ENTRY/bin/gen-sdk-dotnet" ]; then
  log "building tools/gen-sdk (pulumi's code generators; a few minutes the first time)"
  step gen-sdk-build "building tools/gen-sdk with Go" 180 build_tool || die "building tools/gen-sdk failed"
fi

mkdir -p "$OUT"
VERSION="$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")"
(cd "$ROOT" && node -e 'console.log(JSON.stringify(require("./dist/plugin/schema").packageSchema(process.argv[1]), null, 2))' "$VERSION") \
  >"$OUT/schema.json" || die "dumping the schema from dist/plugin/schema.js failed"
"$ENTRY/bin/gen-sdk" -schema "$OUT/schema.json" -out "$OUT" nodejs python go dotnet || die "generating the SDKs failed"
log "SDKs of dataplane $VERSION written to $OUT/{nodejs,python,go,dotnet}"
