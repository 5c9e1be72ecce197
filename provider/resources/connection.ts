import { randomUUID } from "node:crypto";
import { EARLIER_TESTED_HASH, pickKeys, TESTED_HASH, userInputs, type Properties } from "../core/properties";
import { diffConfiguration, type DiffResult } from "../core/configuration-diff";
import { DataplaneError, type FailureKind } from "../core/failures";
import { runLiveTest, type LiveTestOutcome } from "../core/live-test";
import { reportLine, warnLine } from "../core/progress";
import { secretStrings } from "../core/redaction";
import { deepEqual, stableHash } from "../core/stable-hash";
import { migrate } from "../core/state-version";
import { selectTables } from "../core/table-patterns";
import { isUnknown } from "../core/unknown-values";
import { issuesToFailures, resourceNameOf, validateForCheck, type CheckFailure } from "../core/validation";
import { isVendorType, loadVendor } from "../vendors/registry";
import type { RequiredPrivilege, Vendor, VendorSession } from "../core/vendor-contract";
import { importedConnection } from "./connection-import";
import { checkType, COMPARED_INPUTS, connectionInputsSchema, IDENTITY_INPUTS, type ConnectionInputs } from "./connection-schema";

export const CONNECTION_STATE_VERSION = 1;

/** Inputs check derived under names earlier versions used; never user input (TESTED_HASH is left out as internal). */
const DERIVED = [EARLIER_TESTED_HASH];

/** The inputs among stored outputs (state holds inputs and observed facts side by side). */
const STORED_INPUTS = [...COMPARED_INPUTS, "resourceName"];

/** Indexing lists every visible table; give it room beyond the connection test itself. */
const INDEXING_EXTRA_SECONDS = 60;

export interface ConnectionFacts {
  serverVersion: string;
  tables: string[];
  indexingStatus: "INDEXED" | "SKIPPED" | "FAILED";
  attributes: { dialectName: string; canPersist: boolean; canStream: boolean };
  status: "OK" | FailureKind;
  statusMessage: string;
}

export type ConnectionOutputs = Omit<ConnectionInputs, "resourceName"> &
  ConnectionFacts & { resourceName?: string; connectionId: string; stateVersion: number };

/**
 * Omitted (or empty) credentials keep the stored ones; given ones replace them whole, so a
 * switch from a password to a key pair leaves no password behind.
 */
function withStoredCredentials(news: Properties, olds: Properties): Properties {
  const given = (news.credentials ?? {}) as Properties;
  if (typeof given !== "object" || given === null) return news;
  const known = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { ...news, credentials: Object.keys(known).length > 0 ? known : (olds.credentials ?? {}) };
}

/** What a successful test is remembered by: the merged configuration, credentials aside. */
function configurationHash(inputs: ConnectionInputs): string {
  const { credentials: _credentials, resourceName: _resourceName, ...rest } = inputs;
  return stableHash(rest);
}

function describePrivilege(required: RequiredPrivilege): string {
  return required.privilege === "createTable"
    ? `CREATE TABLE in schema ${required.schema}`
    : `${required.privilege.toUpperCase()} on table ${required.table}`;
}

async function proveRequiredPrivileges(session: VendorSession, inputs: ConnectionInputs): Promise<void> {
  for (const required of inputs.requirePrivileges) {
    if (!(await session.hasPrivilege(required))) {
      throw new DataplaneError(
        "privilegeMissing",
        `the user may not ${describePrivilege(required)}`,
        "grant it to the connection's user, or remove it from requirePrivileges",
      );
    }
  }
}

/** Connects, authenticates, proves privileges and, when asked, indexes tables: all under one deadline. */
async function inspect(
  inputs: ConnectionInputs,
  vendor: Vendor,
  options: { index: boolean; preview?: boolean },
): Promise<LiveTestOutcome<Omit<ConnectionFacts, "status" | "statusMessage">>> {
  const index = options.index && !inputs.excludeAllTables;
  return runLiveTest({
    what: index ? "connection test and table indexing" : "connection test",
    timeoutSeconds: inputs.testTimeoutSeconds + (index ? INDEXING_EXTRA_SECONDS : 0),
    secrets: secretStrings(inputs.credentials),
    classify: vendor.classify,
    hints: vendor.failureHints,
    work: async (signal) => {
      const session = await vendor.open({ configuration: inputs.configuration, credentials: inputs.credentials }, signal, {
        preview: options.preview,
      });
      if (session.notice) reportLine(inputs.resourceName, session.notice);
      try {
        await proveRequiredPrivileges(session, inputs);
        const tables = index ? selectTables(await session.listTables(), inputs.includeTables, inputs.excludeTables) : [];
        const canPersist = options.index ? await session.canPersist() : false;
        return {
          serverVersion: session.serverVersion,
          tables,
          indexingStatus: index ? ("INDEXED" as const) : ("SKIPPED" as const),
          attributes: { dialectName: vendor.dialectName, canPersist, canStream: vendor.capabilities.canStream },
        };
      } finally {
        await session.close();
      }
    },
  });
}

function parseInputs(properties: Properties): ConnectionInputs {
  const parsed = connectionInputsSchema.safeParse(userInputs(properties, DERIVED));
  if (!parsed.success) {
    const reasons = issuesToFailures(parsed.error.issues, properties).map((failure) => failure.reason);
    throw new Error(`invalid connection inputs: ${reasons.join("; ")}`);
  }
  return parsed.data;
}

/** Builds outputs from a live inspection; failures are recorded, or thrown when they must fail the operation. */
async function observe(inputs: ConnectionInputs, connectionId: string, failOnError: boolean, preview = false): Promise<ConnectionOutputs> {
  const vendor = await loadVendor(inputs.type);
  const outcome = await inspect(inputs, vendor, { index: true, preview });
  const base = { ...inputs, connectionId, stateVersion: CONNECTION_STATE_VERSION };
  if (outcome.ok) {
    reportLine(inputs.resourceName, `connected (${outcome.value.serverVersion}), ${outcome.value.tables.length} tables indexed`);
    return { ...base, ...outcome.value, status: "OK", statusMessage: "" };
  }
  if (failOnError) throw new Error(outcome.message);
  warnLine(inputs.resourceName, outcome.message);
  return {
    ...base,
    serverVersion: "",
    tables: [],
    indexingStatus: "FAILED",
    attributes: { dialectName: vendor.dialectName, canPersist: false, canStream: vendor.capabilities.canStream },
    status: outcome.kind,
    statusMessage: outcome.message,
  };
}

export async function check(olds: Properties, news: Properties): Promise<{ inputs: Properties; failures?: CheckFailure[] }> {
  const candidate = withStoredCredentials(userInputs(news, DERIVED), userInputs(olds, DERIVED));
  const name = resourceNameOf(news);
  const typeFailure = checkType(candidate.type);
  if (typeFailure && !isUnknown(candidate.type)) {
    return { inputs: candidate, failures: [typeFailure] };
  }
  const validated = validateForCheck(connectionInputsSchema, candidate, { resourceName: name, test: "connection test" });
  if ("done" in validated) return validated.done;
  const inputs = validated.parsed;
  if (inputs.dryRun === "off") return { inputs };

  const hash = configurationHash(inputs);
  if (olds[TESTED_HASH] === hash && deepEqual(olds.credentials ?? {}, inputs.credentials)) {
    return { inputs: { ...inputs, [TESTED_HASH]: hash } };
  }
  const outcome = await inspect(inputs, await loadVendor(inputs.type), { index: false, preview: true });
  if (outcome.ok) return { inputs: { ...inputs, [TESTED_HASH]: hash } };
  if (inputs.dryRun === "warn") {
    warnLine(name, outcome.message);
    return { inputs };
  }
  return { inputs, failures: [{ property: "", reason: outcome.message }] };
}

export async function diff(_id: string, olds: Properties, news: Properties): Promise<DiffResult> {
  const stored = migrate(olds, CONNECTION_STATE_VERSION, {});
  const result = diffConfiguration(stored, userInputs(news, DERIVED), { compared: COMPARED_INPUTS, identity: IDENTITY_INPUTS });
  // A refresh that found the connection broken leaves an update pending, so `up` tests it again.
  const unhealthy = stored.status !== undefined && stored.status !== "OK" && news.dryRun === "error";
  return { ...result, changes: result.changes || unhealthy };
}

export async function create(inputs: Properties): Promise<{ id: string; outs: ConnectionOutputs }> {
  const parsed = parseInputs(inputs);
  const id = `${parsed.type}-${randomUUID()}`;
  return { id, outs: await observe(parsed, id, parsed.dryRun === "error") };
}

export async function read(
  id: string,
  properties: Properties,
): Promise<{ id: string; props: ConnectionOutputs | Properties; inputs?: Properties }> {
  // An import: the engine reads the resource by its id alone.
  if (properties.type === undefined) return importedConnection(id, CONNECTION_STATE_VERSION);
  const stored = migrate(properties, CONNECTION_STATE_VERSION, {});
  const inputs = parseInputs(pickKeys(stored, STORED_INPUTS));
  // Refresh (also `preview --refresh`) observes only: a deleted embedded database file is not created again.
  const observed = await observe(inputs, id, false, true);
  if (observed.status === "OK") return { id, props: observed };
  // An unreachable server tells nothing about its tables: keep the last known ones.
  if (Array.isArray(stored.tables)) observed.tables = stored.tables as string[];
  // The stored inputs without the remembered successful test: the next check (preview's
  // included) tests again and fails with the reason, instead of a green preview and a failed up.
  return { id, props: observed, inputs: pickKeys(stored, STORED_INPUTS) };
}

export async function update(id: string, olds: Properties, news: Properties): Promise<{ outs: ConnectionOutputs }> {
  const previous = migrate(olds, CONNECTION_STATE_VERSION, {});
  const inputs = parseInputs(news);
  if (!deepEqual(previous.configuration, inputs.configuration)) await releaseHandles(previous);
  return { outs: await observe(inputs, id, inputs.dryRun === "error") };
}

async function releaseHandles(properties: Properties): Promise<void> {
  const type = properties.type;
  if (!isVendorType(type)) return;
  const vendor = await loadVendor(type);
  await vendor.release?.(properties.configuration);
}

export async function remove(_id: string, properties: Properties): Promise<void> {
  await releaseHandles(migrate(properties, CONNECTION_STATE_VERSION, {}));
}
