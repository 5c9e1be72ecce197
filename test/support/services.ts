/**
 * Where the real services started by scripts/setup.sh listen. Tests that need one fail
 * loudly when it does not answer; they never skip.
 */
function setting(name: string, fallback: string): string {
  return process.env[name] ?? fallback;
}

export const postgres = {
  host: setting("DATAPLANE_PG_HOST", "127.0.0.1"),
  port: Number(setting("DATAPLANE_PG_PORT", "55432")),
  user: setting("DATAPLANE_PG_USER", "dataplane"),
  password: setting("DATAPLANE_PG_PASSWORD", "dataplane-pw"),
  database: setting("DATAPLANE_PG_DATABASE", "dataplane"),
};

export const mysql = {
  host: setting("DATAPLANE_MYSQL_HOST", "127.0.0.1"),
  port: Number(setting("DATAPLANE_MYSQL_PORT", "53306")),
  user: setting("DATAPLANE_MYSQL_USER", "dataplane"),
  password: setting("DATAPLANE_MYSQL_PASSWORD", "dataplane-pw"),
  database: setting("DATAPLANE_MYSQL_DATABASE", "dataplane"),
};

/** The one-node Trino that scripts/services/trino.sh starts: catalogs `memory`, `postgresql` and `mysql` (the MariaDB); http takes the user name alone. */
export const trino = {
  server: `http://127.0.0.1:${setting("DATAPLANE_TRINO_PORT", "58080")}`,
  catalog: "memory",
  /** https with password authentication and a self-signed certificate. */
  secureServer: `https://127.0.0.1:${setting("DATAPLANE_TRINO_HTTPS_PORT", "58443")}`,
  passwordUser: "dataplane_password",
  password: "dataplane-trino-pw",
};
