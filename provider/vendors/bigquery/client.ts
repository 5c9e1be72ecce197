import type { BigQuery } from "@google-cloud/bigquery";
import { abortable as abortableCall } from "../../core/deadline";
import { DataplaneError } from "../../core/failures";
import type { ConnectionTarget } from "../../core/vendor-contract";
import type { BigqueryConfiguration, BigqueryCredentials } from "./config";

export type BigqueryTarget = ConnectionTarget<BigqueryConfiguration, BigqueryCredentials>;

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** An emulator on this machine: it checks no credentials, so none are looked for. */
export function isLoopbackEmulator(configuration: BigqueryConfiguration): boolean {
  if (configuration.apiEndpoint === undefined) return false;
  try {
    return LOOPBACK_HOSTS.test(new URL(configuration.apiEndpoint).hostname);
  } catch {
    return false;
  }
}

/**
 * A client for the target. Job and query calls go through query-jobs.ts `request` (fetch with
 * the client's auth headers: aborting destroys the socket); the client's own calls (datasets,
 * tables) are short metadata reads raced against the AbortSignal, each with the query
 * timeout as its HTTP deadline.
 *
 * Without a key file the client falls back to application-default credentials, which probes
 * the GCE metadata server and may wait seconds for it on other machines. Against a loopback
 * emulator that lookup is pointless (it checks no token), so a PassThroughClient (an auth
 * client adding no header) stands in, and no credential or metadata lookup happens.
 */
export async function createClient({ configuration, credentials }: BigqueryTarget): Promise<BigQuery> {
  const { BigQuery } = await import("@google-cloud/bigquery");
  const key =
    credentials.serviceAccountKeyJson === undefined
      ? undefined
      : (JSON.parse(credentials.serviceAccountKeyJson) as { client_email: string; private_key: string });
  let authClient: unknown;
  if (!key && isLoopbackEmulator(configuration)) {
    const { PassThroughClient } = await import("google-auth-library");
    authClient = new PassThroughClient();
  }
  // `timeout` is read by the underlying Service (every HTTP request), though BigQueryOptions omits it.
  const options = {
    projectId: configuration.projectId,
    location: configuration.location,
    ...(configuration.apiEndpoint ? { apiEndpoint: configuration.apiEndpoint } : {}),
    ...(key ? { credentials: { client_email: key.client_email, private_key: key.private_key } } : {}),
    ...(authClient ? { authClient: authClient as never } : {}),
    // A request that hangs fails after this many milliseconds even if nobody aborts it.
    timeout: configuration.queryTimeoutMilliseconds,
    autoRetry: false,
    maxRetries: 0,
  };
  return new BigQuery(options);
}

/** A driver call raced against the signal (core/deadline.ts), failing as timed out when the signal gives no reason. */
export function abortable<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  return abortableCall(signal, work, new DataplaneError("timedOut", "the BigQuery request was aborted"));
}
