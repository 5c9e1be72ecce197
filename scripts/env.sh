# shellcheck shell=bash
# Environment for working with pulumi-dataplane locally: the Node and Pulumi CLI chosen by
# scripts/setup.sh, Pulumi settings for a non-interactive file backend, and the
# coordinates of the PostgreSQL and MariaDB servers that setup.sh starts.
#
#   source scripts/env.sh          # after `bash scripts/setup.sh`
#
# Everything is derived from $HOME (or DATAPLANE_CACHE_DIR); values that are already set
# in the environment win, except PATH, which gets the Node and Pulumi bin dirs first.

export DATAPLANE_CACHE_DIR="${DATAPLANE_CACHE_DIR:-$HOME/.cache/pulumi-dataplane}"

# Pulumi CLI: a `pulumi` on PATH at or above the minimum version (with its Node language host)
# is used as is; otherwise setup.sh builds this version from the Go module proxy with our Node
# language host (tools/pulumi-language-nodejs) and puts it first on PATH. setup.sh records its
# choice in the cache ("installed" or "built").
export DATAPLANE_PULUMI_MIN_VERSION="${DATAPLANE_PULUMI_MIN_VERSION:-3.248.0}"
export DATAPLANE_PULUMI_VERSION="${DATAPLANE_PULUMI_VERSION:-3.274.1}"
export DATAPLANE_PULUMI_BIN="$DATAPLANE_CACHE_DIR/pulumi-v$DATAPLANE_PULUMI_VERSION/bin"
if [ "$(cat "$DATAPLANE_CACHE_DIR/pulumi-source" 2>/dev/null)" != "installed" ]; then
  case "$PATH" in
    "$DATAPLANE_PULUMI_BIN:"* | *":$DATAPLANE_PULUMI_BIN:"*) ;;
    *) export PATH="$DATAPLANE_PULUMI_BIN:$PATH" ;;
  esac
fi

# Pulumi YAML language host (pulumi-language-yaml), for programs with `runtime: yaml`: setup.sh's
# yaml part builds this version from the Go module proxy into its own cache folder and puts it
# beside the CLI it built. Beside a user's own pulumi it uses the user's pulumi-language-yaml
# when that runs; otherwise it records "built" and this folder comes first on PATH.
export DATAPLANE_PULUMI_YAML_VERSION="${DATAPLANE_PULUMI_YAML_VERSION:-1.25.0}"
export DATAPLANE_PULUMI_YAML_BIN="$DATAPLANE_CACHE_DIR/pulumi-yaml-v$DATAPLANE_PULUMI_YAML_VERSION/bin"
if [ "$(cat "$DATAPLANE_CACHE_DIR/pulumi-source" 2>/dev/null)" = "installed" ] \
  && [ "$(cat "$DATAPLANE_CACHE_DIR/pulumi-yaml-source" 2>/dev/null)" = "built" ]; then
  case "$PATH" in
    "$DATAPLANE_PULUMI_YAML_BIN:"* | *":$DATAPLANE_PULUMI_YAML_BIN:"*) ;;
    *) export PATH="$DATAPLANE_PULUMI_YAML_BIN:$PATH" ;;
  esac
fi

# Node: this project needs Node >= 22 (current @pulumi/pulumi does). Where the machine's is
# older, setup.sh unpacks Node 24 LTS from the npm registry into the cache; it then comes first
# on PATH (before the Pulumi bin dir too).
export DATAPLANE_NODE_MIN_MAJOR=22
export DATAPLANE_NODE_VERSION="${DATAPLANE_NODE_VERSION:-24.22.3}"
export DATAPLANE_NODE_DIR="$DATAPLANE_CACHE_DIR/node-v$DATAPLANE_NODE_VERSION"
if [ -x "$DATAPLANE_NODE_DIR/bin/node" ]; then
  case "$PATH" in
    "$DATAPLANE_NODE_DIR/bin:"*) ;;
    *) export PATH="$DATAPLANE_NODE_DIR/bin:$PATH" ;;
  esac
fi
# The oldest Node the package supports (engines.node), for the lowest-runtime end-to-end test.
export DATAPLANE_LOWEST_NODE_VERSION="${DATAPLANE_LOWEST_NODE_VERSION:-22.23.5}"
export DATAPLANE_LOWEST_NODE_DIR="$DATAPLANE_CACHE_DIR/node-v$DATAPLANE_LOWEST_NODE_VERSION"

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
