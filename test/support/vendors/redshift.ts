import { postgresFamily } from "./postgres";

/**
 * Redshift is reached through the Postgres protocol: no Redshift is reachable here, so the
 * suite's PostgreSQL stands in for it and every test runs Redshift's own code path against it.
 */
export const fixture = postgresFamily("redshift");
