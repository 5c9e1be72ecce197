import { isDataplaneError, UNREACHABLE_CODES, type FailureKind } from "../../core/failures";
import type { VendorSession } from "../../core/vendor-contract";
import { abortable, createClient, type BigqueryTarget } from "./client";
import { datasetExists, hasPrivilege, listTables } from "./introspector";

/** BigQuery is a service without versions; the REST API's is what the client speaks. */
export const SERVER_VERSION = "BigQuery API v2";

/**
 * Authenticates and proves the project (and dataset, when one is configured) answers: one
 * datasets.list call (and one datasets.get), each raced against the signal.
 */
export async function openSession(target: BigqueryTarget, signal: AbortSignal): Promise<VendorSession> {
  const client = await createClient(target);
  const { dataset } = target.configuration;
  await abortable(signal, client.getDatasets({ maxResults: 1, autoPaginate: false }));
  if (dataset !== undefined && !(await datasetExists(client, dataset, signal))) {
    throw Object.assign(new Error(`Not found: Dataset ${target.configuration.projectId}:${dataset}`), { code: 404 });
  }
  return {
    serverVersion: SERVER_VERSION,
    listTables: () => listTables(client, signal),
    hasPrivilege: (required) => hasPrivilege(client, required, dataset, signal),
    canPersist: () => (dataset === undefined ? Promise.resolve(false) : datasetExists(client, dataset, signal)),
    close: async () => undefined,
  };
}

interface ApiErrorShape {
  code?: number | string;
  message?: string;
  errors?: Array<{ reason?: string; message?: string }>;
  response?: { status?: number };
}

/** Sorts an error of the BigQuery client (ApiError, fetch or google-auth errors) into a kind. */
export function classifyBigqueryError(error: unknown): FailureKind {
  if (isDataplaneError(error)) return error.kind;
  const { code, message = "", errors = [] } = (error ?? {}) as ApiErrorShape;
  const reasons = errors.map((entry) => entry.reason ?? "");
  const status = typeof code === "number" ? code : (error as ApiErrorShape)?.response?.status;
  if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return "unreachable";
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|socket hang up/.test(message)) return "unreachable";
  if (code === "ETIMEDOUT" || /network timeout|timed? ?out|ETIMEDOUT/i.test(message) || reasons.includes("timeout")) return "timedOut";
  if (/certificate|SSL|TLS/i.test(message) || (typeof code === "string" && code.startsWith("ERR_TLS"))) return "tls";
  if (
    status === 401 ||
    /invalid_grant|invalid_client|unauthorized_client|Could not load the default credentials|Request had invalid authentication/i.test(
      message,
    )
  ) {
    return "authentication";
  }
  if (reasons.includes("bytesBilledLimitExceeded") || /bytes billed/i.test(message)) return "invalidConfiguration";
  if (status === 403 || reasons.includes("accessDenied")) return "privilegeMissing";
  // BigQuery's wording, and the emulator's: its analyzer's and its storage's (SQLite).
  if (/Not found: (Table|View)|(Table|View) not found:|no such table/i.test(message)) return "tableMissing";
  if (/Not found: (Project|Dataset)/i.test(message)) return "databaseMissing";
  if (
    reasons.includes("invalidQuery") ||
    reasons.includes("invalid") ||
    reasons.includes("notFound") ||
    reasons.includes("jobInternalError")
  )
    return "sqlError";
  if (status === 404) return "databaseMissing";
  if (status === 400) return "sqlError";
  return "unknown";
}
