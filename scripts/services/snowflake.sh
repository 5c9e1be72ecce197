#!/usr/bin/env bash
# Installs the fakesnow Snowflake emulator (an HTTP server speaking the Snowflake client
# protocol over DuckDB) into a virtualenv under the cache dir, keyed by version. Nothing is
# started here: each Snowflake test file starts its own server on a free loopback port
# (test/support/snowflake-server.ts), which takes about a second, so files stay isolated.
# Idempotent and quick once installed.
#
#   bash scripts/services/snowflake.sh
set -euo pipefail

FAKESNOW_VERSION="${DATAPLANE_FAKESNOW_VERSION:-0.12.1}"
# fakesnow 0.12.1 imports snowflake.connector.converter, which connector 5.x no longer has.
CONNECTOR_SPEC="${DATAPLANE_FAKESNOW_CONNECTOR_SPEC:-snowflake-connector-python==4.8.1}"
CACHE_DIR="${DATAPLANE_CACHE_DIR:-$HOME/.cache/pulumi-dataplane}"
PYTHON="${DATAPLANE_FAKESNOW_PYTHON:-python3}"

INSTALL_DIR="$CACHE_DIR/fakesnow-$FAKESNOW_VERSION"
MARKER="$INSTALL_DIR/.installed"

if [ -f "$MARKER" ] && "$INSTALL_DIR/bin/fakesnow" --help >/dev/null 2>&1; then
  echo "fakesnow $FAKESNOW_VERSION: installed in $INSTALL_DIR"
  exit 0
fi

if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  # Debian's python3 ships venv/ensurepip separately.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "snowflake: installing python3-venv"
    apt-get install -y -qq python3-venv >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq python3-venv >/dev/null; }
  fi
  if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "snowflake: $PYTHON lacks venv/ensurepip (apt-get install python3-venv)" >&2
    exit 1
  fi
fi

# shellcheck source=scripts/lib/step.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/step.sh"
export STEP_PREFIX=snowflake

mkdir -p "$CACHE_DIR"
rm -rf "$INSTALL_DIR"
"$PYTHON" -m venv "$INSTALL_DIR"
if ! step fakesnow-pip-install "installing fakesnow $FAKESNOW_VERSION and the Snowflake connector (pip)" 90 \
  "$INSTALL_DIR/bin/pip" install --disable-pip-version-check --no-input \
  "fakesnow[server]==$FAKESNOW_VERSION" "$CONNECTOR_SPEC"; then
  echo "snowflake: pip install failed (its log is named above)" >&2
  exit 1
fi
if ! "$INSTALL_DIR/bin/fakesnow" --help >/dev/null 2>&1; then
  echo "snowflake: fakesnow does not start after install:" >&2
  "$INSTALL_DIR/bin/fakesnow" --help >&2 || true
  exit 1
fi
touch "$MARKER"
echo "fakesnow $FAKESNOW_VERSION: installed in $INSTALL_DIR"
