import { startRedshiftProxy } from "./redshift-proxy";
import { S3_TEST_BUCKET, S3_TEST_CREDENTIALS, S3_TEST_REGION, startS3Emulator } from "./s3-emulator";
import { postgres } from "./services";

/**
 * Where the Redshift stand-in listens: the proxy (redshift-proxy.ts) in front of the suite's
 * PostgreSQL, and the S3 emulator its COPY reads from. Vitest's global setup
 * (redshift-global-setup.ts) starts both once per run and hands their addresses to every test
 * process (and the Pulumi programs those start) through the environment.
 */
export interface RedshiftServices {
  proxyPort: number;
  s3Endpoint: string;
}

export const REDSHIFT_PROXY_PORT_VARIABLE = "DATAPLANE_REDSHIFT_PROXY_PORT";
export const S3_ENDPOINT_VARIABLE = "DATAPLANE_S3_ENDPOINT";

/** The running stand-in, or a loud failure saying how to start it. */
export function redshiftServices(): RedshiftServices {
  const port = process.env[REDSHIFT_PROXY_PORT_VARIABLE];
  const endpoint = process.env[S3_ENDPOINT_VARIABLE];
  if (!port || !endpoint) {
    throw new Error(
      `the Redshift proxy and S3 emulator are not running (${REDSHIFT_PROXY_PORT_VARIABLE} / ${S3_ENDPOINT_VARIABLE} unset): run the tests through vitest (its global setup starts them), or call startRedshiftServices()`,
    );
  }
  return { proxyPort: Number(port), s3Endpoint: endpoint };
}

/** The `s3` block of a Redshift connection staging its loads in the emulator. */
export function s3Staging(endpoint: string, prefix = "loads"): Record<string, unknown> {
  return { bucket: S3_TEST_BUCKET, prefix, region: S3_TEST_REGION, endpoint };
}

/** Redshift connection credentials: the database password and the emulator's access keys. */
export function redshiftCredentials(): Record<string, unknown> {
  return { password: postgres.password, ...S3_TEST_CREDENTIALS };
}

/** Starts the emulator and the proxy, and publishes their addresses in this process's environment. */
export async function startRedshiftServices(): Promise<{ services: RedshiftServices; close(): Promise<void> }> {
  const s3 = await startS3Emulator();
  const proxy = await startRedshiftProxy({
    upstream: { host: postgres.host, port: postgres.port },
    s3: { endpoint: s3.endpoint, region: S3_TEST_REGION, credentials: S3_TEST_CREDENTIALS },
  });
  process.env[REDSHIFT_PROXY_PORT_VARIABLE] = String(proxy.port);
  process.env[S3_ENDPOINT_VARIABLE] = s3.endpoint;
  return {
    services: { proxyPort: proxy.port, s3Endpoint: s3.endpoint },
    close: async () => {
      await proxy.close();
      await s3.close();
    },
  };
}
