#!/usr/bin/env bash
# Builds goccy/bigquery-emulator from the Go module proxy into the per-user cache, keyed by
# version; quick when it is already there. Tests start one emulator per test file
# (test/support/bigquery-emulator.ts), so nothing is started here.
#
#   bash scripts/services/bigquery.sh        # prints the binary's path on success
#
# The emulator cannot be built with CGO_ENABLED=0, in any version: its SQL engine is
# go-zetasqlite, which wraps Google's ZetaSQL C++ library through cgo (go-zetasql: no Go
# files without cgo). The build needs clang (GCC 12 rejects ZetaSQL's sources) and takes a
# long time the first time (about 1,500 C++ files).
set -euo pipefail

BIGQUERY_EMULATOR_VERSION="${DATAPLANE_BIGQUERY_EMULATOR_VERSION:-v0.6.6}"
CACHE_DIR="${DATAPLANE_CACHE_DIR:-$HOME/.cache/pulumi-dataplane}"
INSTALL_DIR="$CACHE_DIR/bigquery-emulator-$BIGQUERY_EMULATOR_VERSION"
BINARY="$INSTALL_DIR/bigquery-emulator"

log() { printf '[bigquery] %s\n' "$*" >&2; }
die() { printf '[bigquery] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -x "$BINARY" ] && "$BINARY" --version >/dev/null 2>&1; then
  echo "$BINARY"
  exit 0
fi

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go
  elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go
  else die "Go is needed to build the BigQuery emulator (none on PATH or in /usr/local/go/bin)"
  fi
}

ensure_compilers() {
  if command -v clang >/dev/null 2>&1 && command -v clang++ >/dev/null 2>&1; then return; fi
  command -v apt-get >/dev/null 2>&1 || die "clang and clang++ are needed (go-zetasql is C++ through cgo)"
  log "installing clang (Debian package)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang >/dev/null || die "apt-get install clang failed"
}

go="$(find_go)"
ensure_compilers
mkdir -p "$INSTALL_DIR"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
log "building bigquery-emulator $BIGQUERY_EMULATOR_VERSION with cgo (first time on this machine: 30 minutes or more)"
(
  cd "$tmp"
  export GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=1 CC=clang CXX=clang++
  "$go" mod init bigquery-emulator-wrapper >/dev/null 2>&1
  "$go" get "github.com/goccy/bigquery-emulator/cmd/bigquery-emulator@$BIGQUERY_EMULATOR_VERSION" >"$tmp/get.log" 2>&1 \
    || { tail -n 20 "$tmp/get.log" >&2; exit 1; }
  "$go" build -trimpath \
    -ldflags "-s -w -X main.version=$BIGQUERY_EMULATOR_VERSION" \
    -o "$BINARY.tmp" github.com/goccy/bigquery-emulator/cmd/bigquery-emulator >"$tmp/build.log" 2>&1 \
    || { tail -n 30 "$tmp/build.log" >&2; exit 1; }
) || die "building bigquery-emulator $BIGQUERY_EMULATOR_VERSION failed"
mv -f "$BINARY.tmp" "$BINARY"
"$BINARY" --version >/dev/null 2>&1 || die "$BINARY does not run"
log "built $BINARY"
echo "$BINARY"
