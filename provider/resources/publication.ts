import { randomUUID } from "node:crypto";
import type { Column, TableReference } from "../core/columns";
import { createEmptyTable, dropTableIfExists, schemaExists } from "../core/schema-objects";
import { EARLIER_TESTED_HASH, pickKeys, TESTED_HASH, userInputs, withoutCredentials, type Properties } from "../core/properties";
import { dropTableOnAbort, withCancellableSession, type SessionOpener } from "../core/abort-cleanups";
import { withDeadline } from "../core/deadline";
import { DataplaneError, isDataplaneError } from "../core/failures";
import { runLiveTest } from "../core/live-test";
import { unlessCredentialsRefused } from "../core/stale-credentials";
import { describeProgress, formatCount, reportLine, warnLine } from "../core/progress";
import { errorMessage, redact, secretStrings } from "../core/redaction";
import { deepEqual, stableHash } from "../core/stable-hash";
import { migrate } from "../core/state-version";
import { withoutUnknownAt, withUnknownsKept } from "../core/unknown-values";
import { issuesToFailures, resourceNameOf, validateForCheck, type CheckFailure } from "../core/validation";
import { checkPathShape, checkPathShapeOfCandidate } from "./path-checks";
import { loadVendor, transferSide, vendors } from "../vendors/registry";
import type { DataSession, ResultColumn, SessionOptions, Vendor } from "../core/vendor-contract";
import type { ConnectionReference } from "./connection-schema";
import { describeOwner, mayDrop, ownerStatement, readOwner, readOwnerAndRun, sameOwner, type TableOwner } from "../core/ownership";
import { dropLeftoverStaging, stagingTableFor, stagingTagFor } from "../core/staging-tables";
import { ownerOf, placeKey } from "../core/stack-identity";
import { claimTable } from "../core/table-claims";
import { withTableLock } from "../core/table-lock";
import { applyToTarget } from "./publication-apply";
import { checkEngineReach, moveThroughEngine } from "./publication-engine";
import { checkColumnsCompatible, checkColumnsLoadable, CREATING_ACTIONS, effectiveAction } from "./publication-fit";
import { importedPublication, isImported } from "./publication-import";
import { replacementWarning } from "./publication-replacement";
import { columnDrift, droppedConsequence, type TargetDrift } from "./publication-drift";
import { COMPARED_PUBLICATION_INPUTS, publicationInputsSchema, REPUBLISH_INPUTS, type PublicationInputs } from "./publication-schema";

export const PUBLICATION_STATE_VERSION = 1;

/**
 * Whether this publication created its table, as check derives it into inputs (carried there
 * because check sees old inputs, not state: it decides whether a dropped table may be created
 * again). Internal (`__`), like TESTED_HASH, so no diff shows it.
 */
const CREATED_TABLE = "__createdTable";

/** Inputs check derived under the names earlier versions used; never user input. */
const DERIVED = [EARLIER_TESTED_HASH, "createdTable"];

/** The inputs among stored outputs (state holds inputs and observed facts side by side). */
const STORED_INPUTS = [...COMPARED_PUBLICATION_INPUTS, "resourceName", "pulumiStack"];

function withoutKeys(properties: Properties, keys: readonly string[]): Properties {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !keys.includes(key)));
}

function parse(properties: Properties): PublicationInputs {
  const parsed = publicationInputsSchema.safeParse(userInputs(properties, DERIVED));
  if (!parsed.success) {
    throw new Error(
      `invalid publication inputs: ${issuesToFailures(parsed.error.issues, properties)
        .map((failure) => failure.reason)
        .join("; ")}`,
    );
  }
  return parsed.data;
}

const targetOf = (inputs: PublicationInputs): TableReference => ({ path: inputs.path, table: inputs.table });
const sourceOf = (inputs: PublicationInputs): TableReference => ({ path: inputs.source.result.path, table: inputs.source.result.table });

/** Where a connection points, credentials aside: what makes two targets the same table. */
function placeOf(connection: ConnectionReference): unknown {
  return { type: connection.type, configuration: connection.configuration };
}

/** Source and target on one database: the work is pushed down as SQL, no row passes through Node. */
function sameDatabase(inputs: PublicationInputs): boolean {
  const source = inputs.source.connection;
  const target = inputs.connection;
  if (source.connectionId && target.connectionId && source.connectionId === target.connectionId) return true;
  return deepEqual(placeOf(source), placeOf(target)) && deepEqual(source.credentials, target.credentials);
}

/** Opens sessions on the target; `signal` bounds their sockets. */
function targetOpener(inputs: PublicationInputs, vendor: Vendor, options: SessionOptions = {}): SessionOpener {
  return (signal) =>
    vendor.openData({ configuration: inputs.connection.configuration, credentials: inputs.connection.credentials }, signal, options);
}

/** A session on the target whose statement (push-down SQL, apply) is cancelled in the database on abort. */
async function withTargetSession<T>(
  inputs: PublicationInputs,
  signal: AbortSignal,
  work: (session: DataSession, vendor: Vendor) => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  const vendor = await loadVendor(inputs.connection.type);
  return withCancellableSession(targetOpener(inputs, vendor, options), signal, (session) => work(session, vendor));
}

function secretsOf(inputs: PublicationInputs): string[] {
  return secretStrings([inputs.connection.credentials, inputs.source.connection.credentials, inputs.engine?.connection.credentials]);
}

/**
 * The source result table's columns and its rows (counted, so progress can say how far a load
 * is), read on the source's own database.
 */
async function describeSource(inputs: PublicationInputs, signal: AbortSignal): Promise<{ columns: ResultColumn[]; rowCount: number }> {
  const { type, configuration, credentials } = inputs.source.connection;
  const vendor = await loadVendor(type);
  // Cancellable: a deadline passing during the count cancels it in the database before the
  // failure is reported (a count of a large source ran on after the publication said cancelled).
  return withCancellableSession(
    (opened) => vendor.openData({ configuration, credentials }, opened),
    signal,
    async (session) => {
      const columns = await session.describeTable(sourceOf(inputs));
      if (!columns) {
        const where = `${sourceOf(inputs).path.join(".")}.${sourceOf(inputs).table}`;
        throw new DataplaneError("invalidConfiguration", `the source result table ${where} does not exist: run its job (pulumi up) first`);
      }
      return { columns, rowCount: await countRows(session, sourceOf(inputs)) };
    },
  );
}

async function countRows(session: DataSession, table: TableReference): Promise<number> {
  const [{ row_count: count }] = await session.rows<{ row_count: unknown }>(
    `select count(*) as row_count from ${session.dialect.qualifiedName(table)}`,
  );
  return Number(count);
}

/** Ids of resources being created (connections, the source job's run): they decide nothing a preview checks. */
const UNKNOWN_IDS = [
  ["connection", "connectionId"],
  ["source", "jobGroupId"],
  ["source", "runId"],
  ["source", "connection", "connectionId"],
  ["source", "result", "connectionId"],
  ["source", "result", "rowCount"],
  // Unknown at preview where the source job's earlier steps must run first: then the columns
  // are judged when the publication runs.
  ["source", "result", "columns"],
  ["engine", "connection", "connectionId"],
];

export async function check(olds: Properties, news: Properties): Promise<{ inputs: Properties; failures?: CheckFailure[] }> {
  const result = await checkKnown(olds, news);
  return { ...result, inputs: withUnknownsKept(result.inputs, news, UNKNOWN_IDS) };
}

async function checkKnown(olds: Properties, news: Properties): Promise<{ inputs: Properties; failures?: CheckFailure[] }> {
  const candidate = withoutUnknownAt(userInputs(news, DERIVED), UNKNOWN_IDS);
  const name = resourceNameOf(news);
  const validated = validateForCheck(publicationInputsSchema, candidate, { resourceName: name, test: "target check" });
  if ("done" in validated) {
    // Deferred or failed: a path of the wrong length is still judged, with what is known.
    const misfit = validated.done.failures?.length ? undefined : checkPathShapeOfCandidate(candidate.connection, candidate.path, "path");
    return misfit ? { ...validated.done, failures: [misfit] } : validated.done;
  }
  const inputs = validated.parsed;
  const misfit = checkPathShape(inputs.connection, inputs.path, "path");
  if (misfit) return { inputs, failures: [misfit] };
  if (REPLACING_ACTIONS.includes(inputs.action)) {
    const otherClaimant = claimTable(placeKey(inputs.connection), targetOf(inputs), `Publication "${name}"`, inputs.pulumiStack);
    if (otherClaimant !== undefined) {
      return {
        inputs,
        failures: [
          {
            property: "table",
            reason: `${[...inputs.path, inputs.table].join(".")} is also written by ${otherClaimant} in this stack: publish into another table, or use load or upsert`,
          },
        ],
      };
    }
  }
  // The same table on the same server: another one is a replacement, a new publication.
  const previouslyPublished =
    olds.table === inputs.table &&
    deepEqual(olds.path, inputs.path) &&
    olds.connection !== undefined &&
    deepEqual(placeOf(olds.connection as ConnectionReference), placeOf(inputs.connection));
  const created = previouslyPublished && createdBefore(olds);
  const derived = created ? { [CREATED_TABLE]: true } : {};
  const hash = stableHash({
    place: placeOf(inputs.connection),
    path: inputs.path,
    table: inputs.table,
    action: inputs.action,
    keys: inputs.keys,
    adopt: inputs.adopt,
    source: inputs.source.result,
    // Which engine moves the rows and through which catalogs: preview proves they reach both databases.
    engine: inputs.engine && {
      place: placeOf(inputs.engine.connection),
      source: inputs.engine.sourceCatalog,
      target: inputs.engine.targetCatalog,
    },
  });
  if (
    olds[TESTED_HASH] === hash &&
    deepEqual((olds.connection as Properties | undefined)?.credentials, inputs.connection.credentials) &&
    deepEqual(
      ((olds.engine as Properties | undefined)?.connection as Properties | undefined)?.credentials,
      inputs.engine?.connection.credentials,
    )
  ) {
    return { inputs: { ...inputs, ...derived, [TESTED_HASH]: hash } };
  }
  const vendor = await loadVendor(inputs.connection.type);
  const outcome = await runLiveTest({
    what: "target check",
    timeoutSeconds: Math.min(inputs.timeoutSeconds, 60),
    secrets: secretsOf(inputs),
    classify: (error) => (isDataplaneError(error) ? error.kind : vendor.classify(error)),
    hints: vendor.failureHints,
    work: async (signal) => {
      const { canonicalColumns } = await import("../core/transfer");
      // One session reads the table and, where it exists, its recorded owner.
      const { described, owner, schemaMissing } = await withTargetSession(
        inputs,
        signal,
        async (session) => {
          const columns = await session.describeTable(targetOf(inputs));
          // A publication creates its table, never its schema: up would fail on a missing one.
          const schemaMissing = !columns && !(await schemaExists(session, inputs.path));
          return { described: columns, owner: columns && (await readOwner(session, targetOf(inputs))), schemaMissing };
        },
        { preview: true },
      );
      if (schemaMissing) {
        throw new DataplaneError(
          "invalidConfiguration",
          `the schema ${inputs.path.join(".")} does not exist: create it, or set path to an existing schema (a publication creates its table, not the schema)`,
        );
      }
      const existing = described && canonicalColumns(vendor.columnTypes, described);
      const action = effectiveAction(inputs, {
        exists: existing !== undefined,
        created: created || recordsThis(inputs, owner),
        previouslyPublished,
      });
      if (existing) assertNotOthersTable(inputs, owner);
      await checkPrivileges({ ...inputs, action }, vendor, existing !== undefined, signal);
      // Rows moving between databases take the target's types; within one database they keep their own.
      if (inputs.source.result.columns && !sameDatabase(inputs)) {
        checkColumnsLoadable(inputs.source.result.columns, vendors[inputs.source.connection.type].columnTypes, vendor.columnTypes);
      }
      if (existing && inputs.source.result.columns) {
        checkColumnsCompatible(
          { ...inputs, action },
          canonicalColumns(vendors[inputs.source.connection.type].columnTypes, inputs.source.result.columns),
          existing,
        );
      }
      if (existing && action === "dropAndLoad" && inputs.source.result.columns) {
        const kept = new Set(inputs.source.result.columns.map((column) => column.name));
        const warning = replacementWarning(
          `${inputs.path.join(".")}.${inputs.table}`,
          inputs.action,
          existing.map((column) => column.name).filter((column) => !kept.has(column)),
          await withTargetSession(inputs, signal, async (session) => session.describeDependents?.(targetOf(inputs))),
        );
        if (warning) (warning.removes ? warnLine : reportLine)(name, warning.message);
      }
      await checkEngineReach(inputs, targetOf(inputs), () => targetOpener(inputs, vendor, { preview: true })(signal), signal);
      if (!existing && previouslyPublished && action !== inputs.action) {
        reportLine(
          name,
          `the table ${inputs.path.join(".")}.${inputs.table} is missing; this publication created it, so up creates it again and loads the source's rows (${inputs.action})`,
        );
      }
    },
  });
  if (!outcome.ok) return { inputs, failures: [{ property: "", reason: outcome.message }] };
  return { inputs: { ...inputs, ...derived, [TESTED_HASH]: hash } };
}

/**
 * Whether the publication behind old inputs created its table: read records it from state; before
 * any refresh, a creating action without adopt can only have run on a table it created (one that
 * existed is refused unless adopted).
 */
function createdBefore(olds: Properties): boolean {
  const recorded = olds[CREATED_TABLE] ?? olds.createdTable; // the second: inputs of earlier versions
  if (typeof recorded === "boolean") return recorded;
  return CREATING_ACTIONS.includes(olds.action as never) && olds.adopt !== true;
}

async function checkPrivileges(inputs: PublicationInputs, vendor: Vendor, exists: boolean, signal: AbortSignal): Promise<void> {
  const session = await vendor.open(
    { configuration: inputs.connection.configuration, credentials: inputs.connection.credentials },
    signal,
    { preview: true },
  );
  try {
    const schema = inputs.path[inputs.path.length - 1];
    const table = `${schema}.${inputs.table}`;
    const required =
      exists && ["load", "truncateAndLoad", "upsert", "createAndLoad"].includes(inputs.action)
        ? [{ privilege: "insert" as const, table }]
        : [];
    // Staging tables live beside the target: every cross-database publication creates one.
    if (inputs.engine || !sameDatabase(inputs) || !exists || ["create", "dropAndLoad"].includes(inputs.action)) {
      required.push({ privilege: "createTable", schema } as never);
    }
    for (const privilege of required) {
      if (!(await session.hasPrivilege(privilege))) {
        const what = privilege.privilege === "insert" ? `INSERT on ${table}` : `CREATE TABLE in ${schema}`;
        throw new DataplaneError("privilegeMissing", `the target connection's user may not ${what}`);
      }
    }
  } finally {
    await session.close();
  }
}

export async function diff(_id: string, olds: Properties, news: Properties) {
  const stored = migrate(olds, PUBLICATION_STATE_VERSION, {});
  const proposed = userInputs(news, DERIVED);
  const changed = COMPARED_PUBLICATION_INPUTS.filter((key) => !deepEqual(stored[key], proposed[key]));
  // Another table (or another server) is another resource: replace. Credentials and the rest update.
  const replaces = ["path", "table"].filter((key) => changed.includes(key as never));
  // An imported table has no connection yet: its first publish names it, in place.
  if (
    !isImported(stored) &&
    !deepEqual(placeOf(stored.connection as ConnectionReference), placeOf(proposed.connection as ConnectionReference))
  )
    replaces.push("connection");
  return { changes: changed.length > 0 || stored.status === "DRIFTED", replaces, stables: [], deleteBeforeReplace: false };
}

function ownerOfPublication(inputs: PublicationInputs): TableOwner | undefined {
  return ownerOf("Publication", inputs.resourceName, inputs.pulumiStack);
}

/** Actions that replace what a table holds (or the table itself); appending and upserting add to it. */
const REPLACING_ACTIONS = ["create", "createAndLoad", "truncateAndLoad", "dropAndLoad"];

/**
 * A replacing action on a table another resource or stack recorded as its own is refused
 * unless the publication adopts it: it would overwrite (or, on destroy, drop) their data.
 */
function assertNotOthersTable(inputs: PublicationInputs, recorded: TableOwner | undefined): void {
  const claimant = ownerOfPublication(inputs);
  if (!recorded || !claimant || sameOwner(recorded, claimant) || inputs.adopt || !REPLACING_ACTIONS.includes(inputs.action)) return;
  throw new DataplaneError(
    "invalidConfiguration",
    `table ${[...inputs.path, inputs.table].join(".")} belongs to ${describeOwner(recorded)}; action ${inputs.action} would replace its rows: publish into another table, use load or upsert, or set adopt: true to take it over`,
  );
}

/** Actions that may load straight into an existing target when its sink is one transaction. */
const STRAIGHT_IN_ACTIONS = ["load", "truncateAndLoad", "createAndLoad"];

/** Streams every source row into `destination` on the target through its bulk path. */
async function transferInto(
  inputs: PublicationInputs,
  columns: Column[],
  destination: { table: TableReference; emptyFirst: boolean },
  signal: AbortSignal,
  onProgress: (rows: number) => void,
): Promise<number> {
  const { transferTable } = await import("../core/transfer");
  const source = inputs.source.connection;
  const target = inputs.connection;
  const { rowCount } = await transferTable({
    source: {
      ...(await transferSide(source.type, { configuration: source.configuration, credentials: source.credentials }, sourceOf(inputs))),
      columns,
    },
    destination: {
      ...(await transferSide(target.type, { configuration: target.configuration, credentials: target.credentials }, destination.table)),
      emptyFirst: destination.emptyFirst,
    },
    signal,
    onProgress,
  });
  return rowCount;
}

/**
 * Streams the source rows into a fresh staging table beside the target; the target itself is
 * untouched until the staging table is applied (renamed into place, or merged).
 */
async function loadThroughStaging(
  session: DataSession,
  inputs: PublicationInputs,
  columns: Column[],
  staging: TableReference,
  signal: AbortSignal,
  onProgress: (rows: number) => void,
): Promise<number> {
  await dropTableIfExists(session, staging);
  await createEmptyTable(session, staging, columns, vendors[inputs.connection.type].columnTypes);
  return transferInto(inputs, columns, { table: staging, emptyFirst: false }, signal, onProgress);
}

/** Past the deadline, or when the engine stops the provider, the staging table is dropped before the failure is reported. */
async function dropStagingOnAbort(inputs: PublicationInputs, staging: TableReference, signal: AbortSignal): Promise<() => void> {
  return dropTableOnAbort(targetOpener(inputs, await loadVendor(inputs.connection.type)), signal, staging);
}

/** Publishes the source's rows into the target with the action, atomically. */
/** The recorded owner is this resource (its project, stack and name). */
function recordsThis(inputs: PublicationInputs, recorded: TableOwner | undefined): boolean {
  const owner = ownerOfPublication(inputs);
  return recorded !== undefined && owner !== undefined && sameOwner(recorded, owner);
}

async function publish(
  inputs: PublicationInputs,
  publicationId: string,
  before: { ownsTable: boolean; published: boolean },
): Promise<Properties> {
  const { ownsTable } = before;
  const name = inputs.resourceName;
  const secrets = secretsOf(inputs);
  const started = performance.now();
  /** Set once the change is committed: a failure after it must not say the target is unchanged. */
  let committed = false;
  try {
    const target = targetOf(inputs);
    const waiting = (): void => reportLine(name, `waiting for another writer of ${target.path.join(".")}.${target.table} to finish`);
    return await withDeadline(inputs.timeoutSeconds, `publication ${name ?? publicationId}`, (signal) =>
      withTargetSession(inputs, signal, (session, vendor) =>
        withTableLock(session, target, signal, waiting, async () => {
          // The session may be gone while the rows go through another connection (a DBA ends
          // it): what follows the commit, and dropping the staging table, take a fresh one.
          const onTarget = <T>(work: (on: DataSession) => Promise<T>): Promise<T> =>
            work(session).catch(() => withTargetSession(inputs, signal, work));
          const runTag = stagingTagFor(session, ownerOfPublication(inputs));
          const staging = stagingTableFor(target, runTag);
          await dropLeftoverStaging(session, target);
          const existing = await session.describeTable(target);
          const recordedOwner = existing ? await readOwner(session, target) : undefined;
          // A table that records this very resource (project, stack, name) is its own: a
          // replacement (`pulumi up --replace`) or a resource recreated after its state was lost.
          const ownTable = ownsTable || recordsThis(inputs, recordedOwner);
          const action = effectiveAction(inputs, {
            exists: existing !== undefined,
            created: ownTable,
            previouslyPublished: before.published,
          });
          if (existing) assertNotOthersTable(inputs, recordedOwner);
          const { columns, rowCount: sourceRows } = await describeSource(inputs, signal);
          const { canonicalColumns } = await import("../core/transfer");
          const canonical = canonicalColumns(vendors[inputs.source.connection.type].columnTypes, columns);
          if (!sameDatabase(inputs)) checkColumnsLoadable(columns, vendors[inputs.source.connection.type].columnTypes, vendor.columnTypes);
          if (existing) checkColumnsCompatible({ ...inputs, action }, canonical, canonicalColumns(vendor.columnTypes, existing));
          const names = columns.map((column) => column.name);
          let rowCount: number;
          let createdTable: boolean;
          const loadStarted = performance.now();
          const progress = (rows: number): void => {
            reportLine(name, describeProgress({ rows, seconds: (performance.now() - loadStarted) / 1000, totalRows: sourceRows }));
          };
          // Applies the rows to the target in one transaction; once it returns, they are committed.
          const applyFrom = async (source: TableReference, sourceIsStaging: boolean): Promise<boolean> => {
            const applied = await applyToTarget(session, {
              source,
              sourceIsStaging,
              target,
              targetExists: existing !== undefined,
              action,
              keys: inputs.keys,
              columns: names,
              runTag,
              owner: ownerOfPublication(inputs),
              run: publicationId,
            });
            committed = true;
            return applied.createdTable;
          };
          const straightIn = existing !== undefined && STRAIGHT_IN_ACTIONS.includes(action) && vendor.transfer.loadsStraightIn;
          if (inputs.engine) {
            // The engine fills the staging table and the target connection applies it exactly as
            // streamed rows, `load` too: the target's own INSERT converts each value as it does
            // for streamed rows (the engine's cast to a narrower column rounds where the database
            // cuts), and it runs in a session this process can cancel (the engine's cancel
            // left its connector's final INSERT waiting on a lock, to land after the failure).
            const stopDroppingStaging = await dropStagingOnAbort(inputs, staging, signal);
            try {
              rowCount = await moveThroughEngine({ inputs, targetSession: session, columns: canonical, staging, sourceRows, signal });
              reportLine(name, `the engine moved ${formatCount(rowCount)} rows`);
              createdTable = await applyFrom(staging, true);
            } finally {
              stopDroppingStaging();
              await onTarget((on) => dropTableIfExists(on, staging)).catch(() => undefined);
            }
          } else if (sameDatabase(inputs)) {
            createdTable = await applyFrom(sourceOf(inputs), false);
            rowCount = sourceRows;
          } else if (straightIn) {
            rowCount = await transferInto(inputs, canonical, { table: target, emptyFirst: action === "truncateAndLoad" }, signal, progress);
            committed = true;
            createdTable = false;
          } else {
            const stopDroppingStaging = await dropStagingOnAbort(inputs, staging, signal);
            try {
              rowCount = await loadThroughStaging(session, inputs, canonical, staging, signal, progress);
              createdTable = await applyFrom(staging, true);
            } finally {
              stopDroppingStaging();
              // Also when the transfer failed (a killed connection, a refused value): a failed
              // publication leaves nothing behind. Only a killed provider cannot drop it; the
              // next writer of the target does, under its lock (core/staging-tables.ts).
              await onTarget((on) => dropTableIfExists(on, staging)).catch(() => undefined);
            }
          }
          // A new resource publishing into a table its own name already owns is a replacement
          // (`pulumi up --replace` creates it before deleting the old one): the table now records
          // it, so the old one's destroy keeps the table.
          const owner = ownerOfPublication(inputs);
          if (!before.published && recordedOwner && owner && sameOwner(recordedOwner, owner)) {
            const restamp = ownerStatement(session, target, owner, publicationId);
            if (restamp) await onTarget(async (on) => ((await on.describeTable(target)) !== undefined ? on.execute(restamp) : 0));
          }
          const seconds = (performance.now() - started) / 1000;
          reportLine(
            name,
            `published ${formatCount(rowCount)} rows into ${target.path.join(".")}.${target.table} (${inputs.action}, ${seconds.toFixed(1)} s)`,
          );
          return {
            ...inputs,
            publicationId,
            status: "PUBLISHED",
            publishedRunId: inputs.source.runId ?? "",
            rowCount,
            // An adopted table stays the user's: only a table that did not exist is ours to drop.
            createdTable: ownTable || (createdTable && existing === undefined),
            targetColumns: (await onTarget((on) => on.describeTable(target))) ?? [],
            durationMilliseconds: Math.round(seconds * 1000),
            driftReason: "",
            stateVersion: PUBLICATION_STATE_VERSION,
          };
        }),
      ),
    );
  } catch (error) {
    const kind = isDataplaneError(error) ? error.kind : "unknown";
    const detail = isDataplaneError(error) ? error.detail : redact(errorMessage(error), secrets);
    const where = `${[...inputs.path, inputs.table].join(".")}`;
    const outcome = committed
      ? `the rows were published into ${where} before this failed, and it holds them`
      : "the target table is as it was before";
    throw new Error(redact(new DataplaneError(kind, `${detail}; ${outcome}`).message, secrets));
  }
}

export async function create(properties: Properties): Promise<{ id: string; outs: Properties }> {
  const id = `publication-${randomUUID()}`;
  return { id, outs: await publish(parse(properties), id, { ownsTable: false, published: false }) };
}

export async function update(id: string, olds: Properties, news: Properties): Promise<{ outs: Properties }> {
  const stored = migrate(olds, PUBLICATION_STATE_VERSION, {});
  const inputs = parse(news);
  const republish =
    stored.status === "DRIFTED" ||
    REPUBLISH_INPUTS.some((key) => !deepEqual(withoutCredentials(stored[key]), withoutCredentials((inputs as Properties)[key])));
  // Inputs removed since (an engine, a deleteBehavior) leave the state too: kept, every later
  // diff would show them as a change, and destroy would follow a deleteBehavior no longer set.
  if (!republish) return { outs: { ...withoutKeys(stored, COMPARED_PUBLICATION_INPUTS), ...inputs } };
  return { outs: await publish(inputs, id, { ownsTable: stored.createdTable === true, published: !isImported(stored) }) };
}

export async function read(id: string, properties: Properties): Promise<{ id: string; props: Properties; inputs?: Properties }> {
  if (isImported(properties)) return importedPublication(id, PUBLICATION_STATE_VERSION);
  const stored = migrate(properties, PUBLICATION_STATE_VERSION, {});
  const inputs = parse(pickKeys(stored, STORED_INPUTS));
  const target = targetOf(inputs);
  const where = `${target.path.join(".")}.${target.table}`;
  const createdTable = stored.createdTable === true;
  const vendor = await loadVendor(inputs.connection.type);
  const read = await unlessCredentialsRefused(vendor, inputs.resourceName, "the target table", () =>
    withDeadline(
      60,
      "reading the target table",
      (signal) =>
        withTargetSession(
          inputs,
          signal,
          async (session): Promise<TargetDrift> => {
            const current = await session.describeTable(target);
            if (!current) return { reason: `target table ${where} was dropped`, consequence: droppedConsequence(inputs, createdTable) };
            const columns = columnDrift(inputs, (stored.targetColumns as ResultColumn[] | undefined) ?? [], current);
            if (columns.reason) return columns;
            const [{ row_count: rows }] = await session.rows<{ row_count: unknown }>(
              `select count(*) as row_count from ${session.dialect.qualifiedName(target)}`,
            );
            if (Number(rows) === 0 && Number(stored.rowCount) > 0)
              return { reason: `target table ${where} was emptied`, consequence: "the next up publishes again", note: columns.note };
            return columns;
          },
          { preview: true },
        ), // refresh observes only: a deleted embedded database file is not created again
    ),
  );
  if (!read) return { id, props: stored };
  const drift = read.value;
  if (drift.note) reportLine(inputs.resourceName, drift.note);
  const props = { ...stored, status: drift.reason ? "DRIFTED" : "PUBLISHED", driftReason: drift.reason };
  if (!drift.reason) return { id, props };
  reportLine(inputs.resourceName, `drift: ${drift.reason}; ${drift.consequence}`);
  // Inputs without the dry run's hash: the next preview checks the target live again (check sees
  // old inputs, not state), so it fails there when up cannot repair the drift.
  return { id, props, inputs: { ...pickKeys(stored, STORED_INPUTS), [CREATED_TABLE]: createdTable } };
}

/** `deleteBehavior` decides; by default a table the publication created is dropped, any other kept. */
export async function remove(id: string, properties: Properties): Promise<void> {
  const stored = migrate(properties, PUBLICATION_STATE_VERSION, {});
  // Imported and never published: the table was never the publication's to drop.
  if (isImported(stored)) return;
  const inputs = parse(pickKeys(stored, STORED_INPUTS));
  const behavior = inputs.deleteBehavior ?? (stored.createdTable === true ? "drop" : "keep");
  const target = targetOf(inputs);
  const where = `${target.path.join(".")}.${target.table}`;
  if (behavior === "keep") {
    const why = inputs.deleteBehavior === "keep" ? "deleteBehavior is keep" : "this publication did not create it";
    reportLine(inputs.resourceName, `kept table ${where}: ${why}`);
    return;
  }
  await withDeadline(60, "dropping the target table", (signal) =>
    withTargetSession(inputs, signal, async (session) => {
      const { owner: recorded, run } = await readOwnerAndRun(session, target);
      if (recorded !== undefined && !mayDrop(ownerOfPublication(inputs), recorded)) {
        reportLine(inputs.resourceName, `kept ${where}: it now belongs to ${describeOwner(recorded)}`);
        return;
      }
      if (recorded !== undefined && run !== undefined && run !== id) {
        reportLine(inputs.resourceName, `kept ${where}: this resource's replacement published into it`);
        return;
      }
      await dropTableIfExists(session, target);
      reportLine(inputs.resourceName, `dropped table ${where}`);
    }),
  );
}
