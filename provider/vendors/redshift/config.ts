import { postgresPathShape, postgresProtocolConfiguration } from "../postgres/config";

/** Redshift speaks the Postgres protocol; only its default port differs. */
export const redshiftConfiguration = postgresProtocolConfiguration(5439);

/** Paths as on Postgres: a schema, or the connection's own database and a schema. */
export const redshiftPathShape = postgresPathShape;
