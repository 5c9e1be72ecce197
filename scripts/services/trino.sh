#!/usr/bin/env bash
# Installs a one-node Trino server (a coordinator that also runs tasks; catalogs `memory`,
# `postgresql` and `mysql`; file-based access control) under the cache dir, keyed by version,
# and starts it in the background on a fixed loopback port, then waits until it accepts queries.
# Idempotent: a server already answering on the port is left alone when it was started with
# the catalogs written now; Trino loads catalogs only at start, so a changed catalog set (a new
# catalog, other connection settings) restarts it once (other settings: stop it with
# `$SERVER_DIR/bin/launcher stop --data-dir $DATA_DIR`).
# Needs Maven (to fetch the tarball), curl, tar and a JDK the server accepts (Trino 476
# needs Java 24+; Debian 12 has none, hence the Temurin 25 default). Start: about 12-14 s; resident memory about 380 MB.
#
#   bash scripts/services/trino.sh
set -euo pipefail

# shellcheck source=scripts/lib/step.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/step.sh"
export STEP_PREFIX=trino

TRINO_VERSION="${DATAPLANE_TRINO_VERSION:-476}"
CACHE_DIR="${DATAPLANE_CACHE_DIR:-$HOME/.cache/pulumi-dataplane}"
PORT="${DATAPLANE_TRINO_PORT:-58080}"
HTTPS_PORT="${DATAPLANE_TRINO_HTTPS_PORT:-58443}"
JAVA_HOME="${DATAPLANE_TRINO_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
HEAP="${DATAPLANE_TRINO_HEAP:-1536M}"
START_DEADLINE_SECONDS="${DATAPLANE_TRINO_START_SECONDS:-180}"

INSTALL_DIR="$CACHE_DIR/trino-$TRINO_VERSION"
SERVER_DIR="$INSTALL_DIR/trino-server-$TRINO_VERSION"
DATA_DIR="$INSTALL_DIR/data"
LOG_FILE="$DATA_DIR/launcher.log"
INFO_URL="http://127.0.0.1:$PORT/v1/info"
# Maven fetches the tarball (and checks its checksum) into a local repository of our own
# under the cache dir, which is emptied once the server is unpacked.
MAVEN_REPOSITORY="$INSTALL_DIR/maven-repository"

# The memory connector (catalog `memory`, the suite's scratch space), the PostgreSQL
# connector (catalog `postgresql`, on the suite's PostgreSQL: a connector with DELETE and
# MERGE; it needs the geospatial plugin's Geometry type) and the MariaDB connector (catalog
# `mysql`, on the suite's MariaDB: Trino as the mover between the two). Every other plugin only
# slows the start (each is class-loaded at boot), so the installed copy drops it; the password
# authenticators stay for https with a password file.
KEEP_PLUGINS="memory postgresql mariadb geospatial password-authenticators"
INSTALLED_MARKER=".installed-${KEEP_PLUGINS// /-}"
# The digest of the catalog files the running server was started with (written at start).
STARTED_CATALOGS="$DATA_DIR/started-catalogs"

server_started() {
  curl -fsS --max-time 2 "$INFO_URL" 2>/dev/null | grep -q '"starting":false'
}

# One run at a time: test files call this script side by side, and a run that read the catalog
# files while another rewrote them saw a changed catalog set and restarted the server under
# everyone's queries (it did, repeatedly, before this lock).
mkdir -p "$INSTALL_DIR"
exec 9>"$INSTALL_DIR/script.lock"
flock 9

# Writes stdin to the file only when it differs, by a rename: a reader (another copy of this
# script that takes no lock) never sees a half-written catalog file.
write_if_changed() {
  local file="$1"
  cat >"$file.new"
  if cmp -s "$file.new" "$file"; then rm -f "$file.new"; else mv -f "$file.new" "$file"; fi
}

catalogs_digest() {
  (cd "$SERVER_DIR/etc/catalog" && sha256sum -- *.properties) | sha256sum | cut -d' ' -f1
}

if [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "trino: no JDK at $JAVA_HOME (set DATAPLANE_TRINO_JAVA_HOME to a Java 24+ JDK)" >&2
  exit 1
fi

if [ ! -f "$SERVER_DIR/$INSTALLED_MARKER" ]; then
  mkdir -p "$INSTALL_DIR"
  command -v mvn >/dev/null 2>&1 || { echo "trino: mvn is needed to fetch io.trino:trino-server from Maven Central" >&2; exit 1; }
  tarball="$MAVEN_REPOSITORY/io/trino/trino-server/$TRINO_VERSION/trino-server-$TRINO_VERSION.tar.gz"
  if [ ! -f "$tarball" ]; then
    step trino-maven-fetch "fetching io.trino:trino-server:$TRINO_VERSION:tar.gz with Maven" 120 \
      mvn -B -Dmaven.repo.local="$MAVEN_REPOSITORY" dependency:get \
      -Dartifact="io.trino:trino-server:$TRINO_VERSION:tar.gz" -Dtransitive=false
  fi
  if [ -x "$SERVER_DIR/bin/launcher" ]; then
    # An installed server that lacks plugins now kept (a catalog added since): those are
    # moved in from a copy unpacked aside (plugins share jars as hard links, so one plugin's
    # folder cannot be unpacked alone), so a running server's files are never replaced under it.
    unpacked="$INSTALL_DIR/unpacking"
    rm -rf "$unpacked" && mkdir -p "$unpacked"
    tar -xzf "$tarball" -C "$unpacked"
    for plugin in $KEEP_PLUGINS; do
      [ -d "$SERVER_DIR/plugin/$plugin" ] || mv "$unpacked/trino-server-$TRINO_VERSION/plugin/$plugin" "$SERVER_DIR/plugin/$plugin"
    done
    rm -rf "$unpacked"
  else
    rm -rf "$SERVER_DIR"
    tar -xzf "$tarball" -C "$INSTALL_DIR"
  fi
  for plugin in "$SERVER_DIR"/plugin/*; do
    case " $KEEP_PLUGINS " in
      *" $(basename "$plugin") "*) ;;
      *) rm -rf "$plugin" ;;
    esac
  done
  rm -rf "$MAVEN_REPOSITORY"
  rm -f "$SERVER_DIR"/.installed-*
  touch "$SERVER_DIR/$INSTALLED_MARKER"
fi

mkdir -p "$SERVER_DIR/etc/catalog" "$DATA_DIR"
cat >"$SERVER_DIR/etc/node.properties" <<PROPERTIES
node.environment=dataplane
node.id=dataplane-trino
node.data-dir=$DATA_DIR
node.bind-ip=127.0.0.1
node.internal-address=127.0.0.1
PROPERTIES
# https with a self-signed certificate and password authentication (a file of PBKDF2 hashes)
# beside plain http, which takes the user name alone as before.
KEYSTORE="$INSTALL_DIR/keystore.p12"
if [ ! -f "$KEYSTORE" ]; then
  "$JAVA_HOME/bin/keytool" -genkeypair -alias trino -keyalg RSA -keysize 2048 -validity 3650 \
    -dname "CN=localhost" -ext "SAN=ip:127.0.0.1,dns:localhost" \
    -storetype PKCS12 -keystore "$KEYSTORE" -storepass dataplane-keystore -keypass dataplane-keystore >/dev/null 2>&1
fi
# The test user `dataplane_password` with password `dataplane-trino-pw` (not a secret: local
# tests only), as Trino reads PBKDF2 entries: iterations:salt:PBKDF2WithHmacSHA1 hash, in hex.
python3 - "$SERVER_DIR/etc/password.db" <<'PYTHON'
import hashlib, sys
salt = bytes.fromhex("5b4240333032306164")
digest = hashlib.pbkdf2_hmac("sha1", b"dataplane-trino-pw", salt, 1000, dklen=64).hex()
open(sys.argv[1], "w").write(f"dataplane_password:1000:{salt.hex()}:{digest}\n")
PYTHON
cat >"$SERVER_DIR/etc/password-authenticator.properties" <<PROPERTIES
password-authenticator.name=file
file.password-file=$SERVER_DIR/etc/password.db
PROPERTIES

cat >"$SERVER_DIR/etc/config.properties" <<PROPERTIES
coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=$PORT
http-server.https.enabled=true
http-server.https.port=$HTTPS_PORT
http-server.https.keystore.path=$KEYSTORE
http-server.https.keystore.key=dataplane-keystore
http-server.authentication.type=PASSWORD
http-server.authentication.allow-insecure-over-http=true
internal-communication.shared-secret=dataplane-local-internal-secret
discovery.uri=http://127.0.0.1:$PORT
query.max-memory=512MB
query.max-memory-per-node=512MB
task.concurrency=2
task.max-worker-threads=4
PROPERTIES
cat >"$SERVER_DIR/etc/jvm.config" <<PROPERTIES
-server
-Xmx$HEAP
-XX:+UseSerialGC
-XX:TieredStopAtLevel=1
-XX:+ExitOnOutOfMemoryError
-Djdk.attach.allowAttachSelf=true
PROPERTIES
cat >"$SERVER_DIR/etc/log.properties" <<PROPERTIES
io.trino=WARN
PROPERTIES
write_if_changed "$SERVER_DIR/etc/catalog/memory.properties" <<PROPERTIES
connector.name=memory
memory.max-data-per-node=256MB
PROPERTIES
write_if_changed "$SERVER_DIR/etc/catalog/postgresql.properties" <<PROPERTIES
connector.name=postgresql
connection-url=jdbc:postgresql://${DATAPLANE_PG_HOST:-127.0.0.1}:${DATAPLANE_PG_PORT:-55432}/${DATAPLANE_PG_DATABASE:-dataplane}
connection-user=${DATAPLANE_PG_USER:-dataplane}
connection-password=${DATAPLANE_PG_PASSWORD:-dataplane-pw}
PROPERTIES
# The suite's MySQL server is MariaDB, so the catalog `mysql` uses Trino's MariaDB connector
# (each database is a schema there). The MySQL connector reads MariaDB's DATETIME(6) and
# TIME(6) as timestamp(0) and time(0) (its driver takes MariaDB, which announces itself as
# 5.5.5-…, for a server without fractional seconds): it wrote 12:34:56.123456 as 12:34:56 and
# TIME 23:59:59.999999 as 00:00:00 without a word.
write_if_changed "$SERVER_DIR/etc/catalog/mysql.properties" <<PROPERTIES
connector.name=mariadb
connection-url=jdbc:mariadb://${DATAPLANE_MYSQL_HOST:-127.0.0.1}:${DATAPLANE_MYSQL_PORT:-53306}
connection-user=${DATAPLANE_MYSQL_USER:-dataplane}
connection-password=${DATAPLANE_MYSQL_PASSWORD:-dataplane-pw}
PROPERTIES

# File-based access control, so privilege checks meet a real denial: users named denied_*
# may only read. Everyone else may do anything (as with no access control at all).
cat >"$SERVER_DIR/etc/access-control.properties" <<PROPERTIES
access-control.name=file
security.config-file=$SERVER_DIR/etc/rules.json
PROPERTIES
cat >"$SERVER_DIR/etc/rules.json" <<'RULES'
{
  "catalogs": [{ "user": "denied_.*", "catalog": "memory", "allow": "read-only" }, { "allow": "all" }],
  "schemas": [{ "user": "denied_.*", "owner": false }, { "owner": true }],
  "queries": [{ "allow": ["execute", "kill", "view"] }],
  "tables": [
    { "user": "denied_.*", "privileges": ["SELECT"] },
    { "privileges": ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"] }
  ]
}
RULES

if server_started; then
  if [ "$(cat "$STARTED_CATALOGS" 2>/dev/null)" = "$(catalogs_digest)" ]; then
    echo "trino $TRINO_VERSION: already running on 127.0.0.1:$PORT"
    exit 0
  fi
  echo "trino $TRINO_VERSION: its catalogs changed since it started; restarting it to load them"
  "$SERVER_DIR/bin/launcher" stop --data-dir "$DATA_DIR" >/dev/null
fi

if ! "$SERVER_DIR/bin/launcher" status --data-dir "$DATA_DIR" >/dev/null 2>&1; then
  catalogs_digest >"$STARTED_CATALOGS"
  echo "trino $TRINO_VERSION: starting on 127.0.0.1:$PORT (log: $LOG_FILE)"
  # 9>&-: the server must not inherit the script's lock, or it holds it as long as it runs and
  # every later call of this script waits for ever (a fresh CI machine hung all Trino tests so).
  JAVA_HOME="$JAVA_HOME" PATH="$JAVA_HOME/bin:$PATH" setsid "$SERVER_DIR/bin/launcher" start \
    --data-dir "$DATA_DIR" --launcher-log-file "$LOG_FILE" --server-log-file "$DATA_DIR/server.log" \
    </dev/null >/dev/null 2>&1 9>&-
fi

wait_until_started() {
  local deadline=$((SECONDS + START_DEADLINE_SECONDS))
  until server_started; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "trino $TRINO_VERSION: not ready on $INFO_URL after ${START_DEADLINE_SECONDS}s; log tail:" >&2
      tail -n 40 "$DATA_DIR/server.log" "$LOG_FILE" >&2 2>/dev/null || true
      return 1
    fi
    if ! "$SERVER_DIR/bin/launcher" status --data-dir "$DATA_DIR" >/dev/null 2>&1; then
      echo "trino $TRINO_VERSION: the server exited; log tail:" >&2
      tail -n 40 "$DATA_DIR/server.log" "$LOG_FILE" >&2 2>/dev/null || true
      return 1
    fi
    sleep 1
  done
}
step --show-output trino-start "starting Trino $TRINO_VERSION (waiting until it takes queries)" 15 wait_until_started
echo "trino $TRINO_VERSION: ready on 127.0.0.1:$PORT"
