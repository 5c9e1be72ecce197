import { postgresProtocolConfiguration } from "../postgres/config";

/** Redshift speaks the Postgres protocol; only its default port differs. */
export const redshiftConfiguration = postgresProtocolConfiguration(5439);
