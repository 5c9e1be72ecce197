import type { VendorRuntime } from "../../core/vendor-contract";
import { classifyPostgresError, openSession } from "../postgres/driver";
import type { PostgresTarget } from "../postgres/connection";
import type { RedshiftConfiguration, RedshiftCredentials } from "./config";
import { openRedshiftSink } from "./load";
import { probeS3Staging } from "./s3-probe";
import { openRedshiftDataSession } from "./session";
import { openRedshiftSource } from "./unload";

const asPostgres = (target: { configuration: RedshiftConfiguration; credentials: RedshiftCredentials }) => target as PostgresTarget;

/** The Postgres driver for sessions; Redshift's own ways in (S3 staging and COPY) and out (a cursor). */
export const redshiftRuntime: VendorRuntime<RedshiftConfiguration, RedshiftCredentials> = {
  open: async (target, signal) => {
    const session = await openSession(asPostgres(target), signal);
    try {
      await probeS3Staging(target.configuration, target.credentials, signal);
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  },
  openData: (target, signal) => openRedshiftDataSession(asPostgres(target), signal),
  classify: classifyPostgresError,
  transfer: { loadsStraightIn: true, openSource: openRedshiftSource, openSink: openRedshiftSink },
};
