# shellcheck shell=bash
# Environment for working with pulumi-dataplane locally: the Pulumi CLI built by
# scripts/setup.sh, Pulumi settings for a non-interactive file backend, and the
# coordinates of the PostgreSQL and MariaDB servers that setup.sh starts.
#
#   source scripts/env.sh          # after `bash scripts/setup.sh`
#
# Everything is derived from $HOME (or DATAPLANE_CACHE_DIR); values that are already set
# in the environment win, except PATH, which always gets the Pulumi bin dir first.

export DATAPLANE_CACHE_DIR="${DATAPLANE_CACHE_DIR:-$HOME/.cache/pulumi-dataplane}"

# Pulumi CLI + Node language host, built from the Go module proxy (same version as the
# @pulumi/pulumi dev dependency; @pulumi/pulumi >= 3.249 needs Node >= 22).
export DATAPLANE_PULUMI_VERSION="${DATAPLANE_PULUMI_VERSION:-3.248.0}"
export DATAPLANE_PULUMI_BIN="$DATAPLANE_CACHE_DIR/pulumi-v$DATAPLANE_PULUMI_VERSION/bin"
case "$PATH" in
  "$DATAPLANE_PULUMI_BIN:"*) ;;
  *) export PATH="$DATAPLANE_PULUMI_BIN:$PATH" ;;
esac

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
if [ -z "${PULUMI_CONFIG_PASSPHRASE+x}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  export PULUMI_CONFIG_PASSPHRASE=dataplane-local
fi
export PULUMI_HOME="${PULUMI_HOME:-$DATAPLANE_CACHE_DIR/pulumi-home}"
# The demo's state lives beside the checkout's DuckDB file (both ignored by git), so two
# checkouts never share a stack; tests point PULUMI_BACKEND_URL at their own temporary directories.
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.pulumi-state}"

# PostgreSQL 15 (our own cluster, not Debian's "main"); Redshift is tested through it too.
export DATAPLANE_PG_HOST="${DATAPLANE_PG_HOST:-127.0.0.1}"
export DATAPLANE_PG_PORT="${DATAPLANE_PG_PORT:-55432}"
export DATAPLANE_PG_USER="${DATAPLANE_PG_USER:-dataplane}"
export DATAPLANE_PG_PASSWORD="${DATAPLANE_PG_PASSWORD:-dataplane-pw}"
export DATAPLANE_PG_DATABASE="${DATAPLANE_PG_DATABASE:-dataplane}"

# MariaDB (MySQL protocol).
export DATAPLANE_MYSQL_HOST="${DATAPLANE_MYSQL_HOST:-127.0.0.1}"
export DATAPLANE_MYSQL_PORT="${DATAPLANE_MYSQL_PORT:-53306}"
export DATAPLANE_MYSQL_USER="${DATAPLANE_MYSQL_USER:-dataplane}"
export DATAPLANE_MYSQL_PASSWORD="${DATAPLANE_MYSQL_PASSWORD:-dataplane-pw}"
export DATAPLANE_MYSQL_DATABASE="${DATAPLANE_MYSQL_DATABASE:-dataplane}"

# Trino (one node, memory connector as catalog `memory`), started by scripts/services/trino.sh.
export DATAPLANE_TRINO_PORT="${DATAPLANE_TRINO_PORT:-58080}"
# https beside it, with password authentication (user dataplane_password, a self-signed certificate).
export DATAPLANE_TRINO_HTTPS_PORT="${DATAPLANE_TRINO_HTTPS_PORT:-58443}"
