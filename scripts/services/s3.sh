#!/usr/bin/env bash
# Installs moto's S3-compatible server (moto[server], PyPI) into a virtualenv under the cache
# dir, keyed by version: the object storage Redshift's loads stage their parts in during the
# tests (test/support/s3-emulator.ts starts one server per test process on a free loopback
# port). Nothing is started here. Idempotent and quick once installed.
#
#   bash scripts/services/s3.sh
set -euo pipefail

MOTO_VERSION="${DATAPLANE_MOTO_VERSION:-5.2.5}"
CACHE_DIR="${DATAPLANE_CACHE_DIR:-$HOME/.cache/pulumi-dataplane}"
PYTHON="${DATAPLANE_MOTO_PYTHON:-python3}"

INSTALL_DIR="$CACHE_DIR/moto-$MOTO_VERSION"
MARKER="$INSTALL_DIR/.installed"

if [ -f "$MARKER" ] && "$INSTALL_DIR/bin/moto_server" --help >/dev/null 2>&1; then
  echo "moto $MOTO_VERSION: installed in $INSTALL_DIR"
  exit 0
fi

if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "s3: $PYTHON lacks venv/ensurepip (apt-get install python3-venv)" >&2
  exit 1
fi

# shellcheck source=scripts/lib/step.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/step.sh"
export STEP_PREFIX=s3

mkdir -p "$CACHE_DIR"
rm -rf "$INSTALL_DIR"
"$PYTHON" -m venv "$INSTALL_DIR"
if ! step moto-pip-install "installing the moto S3 emulator $MOTO_VERSION (pip)" 60 \
  "$INSTALL_DIR/bin/pip" install --disable-pip-version-check --no-input "moto[server]==$MOTO_VERSION"; then
  echo "s3: pip install failed (its log is named above)" >&2
  exit 1
fi
if ! "$INSTALL_DIR/bin/moto_server" --help >/dev/null 2>&1; then
  echo "s3: moto_server does not start after install:" >&2
  "$INSTALL_DIR/bin/moto_server" --help >&2 || true
  exit 1
fi
touch "$MARKER"
echo "moto $MOTO_VERSION: installed in $INSTALL_DIR"
