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
