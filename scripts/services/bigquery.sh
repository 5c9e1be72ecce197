#!/usr/bin/env bash
# Builds goccy/bigquery-emulator from the Go module proxy into the per-user cache, keyed by
# version and C/C++ compiler flags; quick when it is already there. Tests start one emulator
# per test file (test/support/bigquery-emulator.ts), so nothing is started here.
#
#   bash scripts/services/bigquery.sh          # builds if needed; prints the binary's path
#   bash scripts/services/bigquery.sh --path   # prints where the binary is (or will be), builds nothing
#
# The emulator cannot be built with CGO_ENABLED=0, in any version: its SQL engine is
# go-zetasqlite, which wraps Google's ZetaSQL C++ library through cgo (go-zetasql: no Go
# files without cgo). The build needs clang (GCC 12 rejects ZetaSQL's sources) and takes a
# long time the first time (about 1,500 C++ files in some 500 packages, compiled -p cores at
# a time). Each long step reports its progress (scripts/lib/step.sh).
set -euo pipefail

BIGQUERY_EMULATOR_VERSION="${DATAPLANE_BIGQUERY_EMULATOR_VERSION:-v0.6.6}"
# The C and C++ compiler flags; they are part of the cache key. cgo's default is "-g -O2":
# without debug information and at -O1, compiling go-zetasql's packages takes 50-68 % of the
# CPU time (the whole cold build: 22 CPU minutes), and the emulator passes every BigQuery
# test (README). "-O0 -g0" takes 20-22 %, untested against the suite.
CGO_FLAGS="${DATAPLANE_BIGQUERY_CGO_FLAGS:--O1 -g0}"
CACHE_DIR="${DATAPLANE_CACHE_DIR:-$HOME/.cache/pulumi-dataplane}"
if [ "$CGO_FLAGS" = "-g -O2" ]; then
  FLAGS_KEY="" # Go's own default: the directory name of builds before the flags were chosen
else
  FLAGS_KEY="-$(printf '%s' "$CGO_FLAGS" | tr -cs 'A-Za-z0-9' '-' | sed 's/^-//; s/-$//')"
fi
INSTALL_DIR="$CACHE_DIR/bigquery-emulator-$BIGQUERY_EMULATOR_VERSION$FLAGS_KEY"
BINARY="$INSTALL_DIR/bigquery-emulator"

if [ "${1:-}" = "--path" ]; then
  echo "$BINARY"
  exit 0
fi

log() { printf '[bigquery] %s\n' "$*" >&2; }
die() { printf '[bigquery] ERROR: %s\n' "$*" >&2; exit 1; }
built() { [ -x "$BINARY" ] && "$BINARY" --version >/dev/null 2>&1; }

if built; then
  echo "$BINARY"
  exit 0
fi

# shellcheck source=scripts/lib/step.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/step.sh"
export STEP_PREFIX=bigquery

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go
  elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go
  else die "Go is needed to build the BigQuery emulator (none on PATH or in /usr/local/go/bin)"
  fi
}

install_clang() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  # Waits for the package lock: set-up may be installing PostgreSQL or MariaDB at the same time.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq || return 1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq clang || return 1
}

ensure_compilers() {
  if command -v clang >/dev/null 2>&1 && command -v clang++ >/dev/null 2>&1; then return; fi
  command -v apt-get >/dev/null 2>&1 || die "clang and clang++ are needed (go-zetasql is C++ through cgo)"
  step bigquery-clang "installing clang (Debian package)" 60 install_clang || die "apt-get install clang failed"
}

go_get() {
  cd "$1" || return 1
  "$go" mod init bigquery-emulator-wrapper || return 1
  "$go" get "github.com/goccy/bigquery-emulator/cmd/bigquery-emulator@$BIGQUERY_EMULATOR_VERSION"
}

go_build() {
  cd "$1" || return 1
  "$go" build -p "$(nproc)" -trimpath \
    -ldflags "-s -w -X main.version=$BIGQUERY_EMULATOR_VERSION" \
    -o "$BINARY.tmp" github.com/goccy/bigquery-emulator/cmd/bigquery-emulator
}

go="$(find_go)"
mkdir -p "$INSTALL_DIR"
# One build at a time per cache dir: a second caller waits, then finds the binary built.
exec 8>"$INSTALL_DIR/.build.lock"
if ! flock -n 8; then
  log "another build of $BINARY is running; waiting for it"
  flock 8
fi
if built; then
  echo "$BINARY"
  exit 0
fi
ensure_compilers
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=1 CC=clang CXX=clang++
export CGO_CFLAGS="$CGO_FLAGS" CGO_CXXFLAGS="$CGO_FLAGS"
step bigquery-go-get "fetching bigquery-emulator $BIGQUERY_EMULATOR_VERSION and its modules (go get)" 120 go_get "$tmp" \
  || die "go get of bigquery-emulator $BIGQUERY_EMULATOR_VERSION failed"
log "building bigquery-emulator $BIGQUERY_EMULATOR_VERSION with cgo ($CGO_FLAGS, $(nproc) packages at a time); some 22 CPU minutes, its largest file alone about 10"
step "bigquery-go-build$FLAGS_KEY" "building the BigQuery emulator $BIGQUERY_EMULATOR_VERSION (cgo: ZetaSQL's C++)" 1200 go_build "$tmp" \
  || die "building bigquery-emulator $BIGQUERY_EMULATOR_VERSION failed"
mv -f "$BINARY.tmp" "$BINARY"
built || die "$BINARY does not run"
log "built $BINARY"
echo "$BINARY"
