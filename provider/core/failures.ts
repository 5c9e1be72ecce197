/**
 * Every failure a live test can meet, classified so that users (and tests) can tell an
 * unreachable server from a wrong password without reading driver messages.
 */
export const FAILURE_KINDS = [
  "unreachable",
  "timedOut",
  "cancelled",
  "tls",
  "authentication",
  "databaseMissing",
  "privilegeMissing",
  "tableMissing",
  "invalidConfiguration",
  "sqlError",
  "unknown",
] as const;

export type FailureKind = (typeof FAILURE_KINDS)[number];

/** Node's codes for a server that cannot be reached or dropped the connection, whatever the driver. */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ECONNRESET",
  "EPIPE",
]);

/**
 * The fix each kind of failure suggests, true for every resource that can meet it (a
 * resource with a fix of its own passes it). An unclassified failure has none to offer: its
 * detail is the driver's message, quoted in place.
 */
const HINTS: Record<FailureKind, string | undefined> = {
  // The first four name no property: which properties hold a database's address, TLS settings,
  // login and database differs per vendor (its descriptor's failureHints name them).
  unreachable: "check the server's address in the connection's configuration, and that the server is running and accepts connections",
  timedOut:
    "it did not finish in time: check the address and firewalls, or raise the timeout (testTimeoutSeconds for connections, timeoutSeconds for jobs)",
  cancelled: "the engine stopped the provider before this finished; run pulumi up again to finish it",
  tls: "check the connection's TLS settings against what the server offers (certificate, CA, or TLS off)",
  authentication: "check the connection's user and credentials",
  databaseMissing: "check that the database the connection's configuration names exists",
  privilegeMissing: "grant the privilege to the connection's user",
  tableMissing: "check the table's path and name, or run what creates it first",
  invalidConfiguration: "fix the input this names",
  sqlError: "fix the SQL of the step this names",
  unknown: undefined,
};

/** What to check for each kind, in a vendor's own property names (its descriptor's failureHints). */
export type FailureHints = Partial<Record<FailureKind, string>>;

/** The fix a failure of this kind suggests on a vendor: its own wording where it has one, else the shared one. */
export function failureHint(kind: FailureKind, vendorHints: FailureHints | undefined): string | undefined {
  return vendorHints?.[kind] ?? HINTS[kind];
}

const TITLES: Record<FailureKind, string> = {
  unreachable: "server unreachable",
  timedOut: "timed out",
  cancelled: "cancelled",
  tls: "TLS negotiation failed",
  authentication: "authentication failed",
  databaseMissing: "database missing",
  privilegeMissing: "privilege missing",
  tableMissing: "table missing",
  invalidConfiguration: "invalid configuration",
  sqlError: "SQL failed",
  unknown: "failed",
};

/** An error whose message is already safe to show: classified, redacted, with a fix. */
export class DataplaneError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly detail: string,
    readonly hint: string | undefined = failureHint(kind, undefined),
  ) {
    super(hint === undefined ? `${TITLES[kind]}: ${detail}` : `${TITLES[kind]}: ${detail} (${hint})`);
    this.name = "DataplaneError";
  }
}

export function isDataplaneError(error: unknown): error is DataplaneError {
  return error instanceof DataplaneError;
}
