import { randomUUID } from "node:crypto";
import type { TableReference } from "../core/columns";
import { dropSchemaIfEmpty, dropTableIfExists } from "../core/schema-objects";
import { EARLIER_TESTED_HASH, pickKeys, TESTED_HASH, userInputs, withoutCredentials, type Properties } from "../core/properties";
import { diffConfiguration, type DiffResult } from "../core/configuration-diff";
import { withCancellableSession } from "../core/abort-cleanups";
import { withDeadline } from "../core/deadline";
import { DataplaneError, failureHint, isDataplaneError, type FailureKind } from "../core/failures";
import { tableNameFor } from "../core/identifiers";
import { assertMayWrite, describeOwner, mayDrop, readOwner, readOwnerAndRun, type TableOwner } from "../core/ownership";
import { stagingTagFor } from "../core/staging-tables";
import { defaultResultTable, ownerOf, placeKey } from "../core/stack-identity";
import { claimTable } from "../core/table-claims";
import { runLiveTest } from "../core/live-test";
import { unlessCredentialsRefused } from "../core/stale-credentials";
import { describeRunning, formatCount, reportLine, startHeartbeat, steadyProgress } from "../core/progress";
import { errorMessage, redact, secretStrings } from "../core/redaction";
import { deepEqual, stableHash } from "../core/stable-hash";
import { migrate } from "../core/state-version";
import { isPreview, UNKNOWN_VALUE, withoutUnknownAt, withUnknownsKept } from "../core/unknown-values";
import { issuesToFailures, resourceNameOf, validateForCheck, type CheckFailure } from "../core/validation";
import { checkPathShape, checkPathShapeOfCandidate } from "./path-checks";
import { loadVendor } from "../vendors/registry";
import type { DataSession, ResultColumn, SessionOptions, Vendor } from "../core/vendor-contract";
import { COMPARED_JOB_INPUTS, jobGroupInputsSchema, RERUN_INPUTS, type JobGroupInputs, type WriteSetting } from "./job-group-schema";
import { ownFilePaths, writeDestinationFailures } from "./job-file-destinations";
import { prepareResultFiles, publishFiles, type PreparedFile } from "./job-files";
import { materialise, previewResult, profileTable, type ColumnProfile } from "./job-run";
import { bindSteps, StepError } from "./job-steps";

export const JOB_GROUP_STATE_VERSION = 1;

/**
 * Inputs check derives (the preview result, and the dry run's hash under the name earlier
 * versions used: TESTED_HASH is left out as internal); never user input.
 */
const DERIVED = [EARLIER_TESTED_HASH, "result"];

/** The inputs among stored outputs (state holds inputs and observed facts side by side). */
const STORED_INPUTS = [...COMPARED_JOB_INPUTS, "resourceName", "pulumiStack", "adopt"];

export interface JobStage {
  id: string;
  stage: "query" | "write" | "profile";
  status: "COMPLETE";
  rowCount: number;
  durationMilliseconds: number;
}

export interface JobResult {
  connectionId?: string;
  path: string[];
  table: string;
  rowCount?: number;
  columns?: ResultColumn[];
  /** At preview, where the engine estimates it at no cost (capabilities.estimatesBytes): the bytes the job would process. */
  totalBytesProcessed?: number;
}

/**
 * Fills in where the result goes, so that omitting it and writing the default compare equal.
 * A resource that already has its result under the name earlier versions gave by default
 * keeps it: an upgrade never moves a table.
 */
function withResolvedOutput(inputs: JobGroupInputs, vendor: Vendor, stored?: Properties): JobGroupInputs {
  const name = inputs.resourceName ?? "job_result";
  const storedTable = (stored?.output as { table?: string } | undefined)?.table;
  const keepsEarlierDefault = stored?.jobGroupId !== undefined && storedTable === tableNameFor(name);
  return {
    ...inputs,
    output: {
      path: inputs.output.path ?? vendor.defaultJobPath(inputs.connection.configuration),
      table: inputs.output.table ?? (keepsEarlierDefault ? storedTable : defaultResultTable(name, inputs.pulumiStack)),
    },
  };
}

function ownerOfJob(inputs: JobGroupInputs): TableOwner | undefined {
  return ownerOf("JobGroup", inputs.resourceName, inputs.pulumiStack);
}

/** Whether the stored state says this resource wrote `target` before (state of versions that recorded no owner). */
function wroteBefore(stored: Properties | undefined, target: TableReference): boolean {
  const result = stored?.result as JobResult | undefined;
  return stored?.jobGroupId !== undefined && result !== undefined && deepEqual([result.path, result.table], [target.path, target.table]);
}

function targetOf(inputs: JobGroupInputs): TableReference {
  return { path: inputs.output.path ?? [], table: inputs.output.table ?? "" };
}

/** Classifies failures of a job's own SQL apart from connection failures. */
function classifier(vendor: Vendor): (error: unknown) => FailureKind {
  return (error) => {
    if (isDataplaneError(error)) return error.kind;
    if (error instanceof StepError) {
      const kind = vendor.classify(error.cause);
      return kind === "unknown" ? "sqlError" : kind;
    }
    return vendor.classify(error);
  };
}

function parse(properties: Properties): JobGroupInputs {
  const parsed = jobGroupInputsSchema.safeParse(userInputs(properties, DERIVED));
  if (!parsed.success) {
    const reasons = issuesToFailures(parsed.error.issues, properties).map((failure) => failure.reason);
    throw new Error(`invalid job group inputs: ${reasons.join("; ")}`);
  }
  return parsed.data;
}

function dryRunHash(inputs: JobGroupInputs): string {
  const { credentials: _credentials, ...connection } = inputs.connection;
  // A source's new run may change the tables the SQL reads: compile it again.
  // (Left out when there are none, so a job without sources keeps the hash it had before sources existed.)
  const sourceRuns = inputs.sources.map((source) => source.runId);
  return stableHash({
    connection,
    steps: inputs.steps,
    runParameters: inputs.runParameters,
    output: inputs.output,
    ...(sourceRuns.length > 0 ? { sourceRuns } : {}),
  });
}

/**
 * A session on the job's connection; past the deadline its statement (a preview's setup steps
 * too) is cancelled in the database, not only abandoned. A stand-in's notice (an embedded database file
 * that does not exist yet, at preview) is reported.
 */
function withSession<T>(
  inputs: JobGroupInputs,
  vendor: Vendor,
  signal: AbortSignal,
  work: (session: DataSession) => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  const { configuration, credentials } = inputs.connection;
  const open = async (opening: AbortSignal): Promise<DataSession> => {
    const session = await vendor.openData({ configuration, credentials }, opening, options);
    if (session.notice) reportLine(inputs.resourceName, session.notice);
    return session;
  };
  return withCancellableSession(open, signal, work);
}

/** Ids of resources being created: unknown at preview, deciding nothing a preview checks. */
const UNKNOWN_IDS = [["connection", "connectionId"]];

export async function check(olds: Properties, news: Properties): Promise<{ inputs: Properties; failures?: CheckFailure[] }> {
  const result = await checkKnown(olds, news);
  const inputs = withUnknownsKept(result.inputs, news, UNKNOWN_IDS);
  return { ...result, inputs: isPreview(news) ? withResultKnownAfterUp(inputs) : inputs };
}

/**
 * At preview, the result's fields only a run tells (its row count; the connection's id while
 * the connection is being created; columns where earlier steps must run first) are unknown:
 * the program sees `result.rowCount` as unknown, as the engine shows it, never as undefined
 * (a stack output of it warned "Undefined value"). The known fields stay readable one by one
 * (`result.columns`, `result.table`).
 */
function withResultKnownAfterUp(inputs: Properties): Properties {
  const result = inputs.result as Partial<JobResult> | undefined;
  if (result === undefined || result === null || typeof result !== "object") return inputs;
  return {
    ...inputs,
    result: {
      connectionId: UNKNOWN_VALUE,
      columns: UNKNOWN_VALUE,
      ...result,
      rowCount: UNKNOWN_VALUE,
    },
  };
}

async function checkKnown(olds: Properties, news: Properties): Promise<{ inputs: Properties; failures?: CheckFailure[] }> {
  // A connection being created has no id yet; its configuration is enough to check the SQL.
  const candidate = withoutUnknownAt(userInputs(news, DERIVED), UNKNOWN_IDS);
  const name = resourceNameOf(news);
  const validated = validateForCheck(jobGroupInputsSchema, candidate, { resourceName: name, test: "SQL check" });
  if ("done" in validated) {
    // Deferred or failed: a path of the wrong length is still judged, with what is known.
    const misfit = validated.done.failures?.length
      ? undefined
      : checkPathShapeOfCandidate(candidate.connection, (candidate.output as Properties | undefined)?.path, "output.path");
    return misfit ? { ...validated.done, failures: [misfit] } : validated.done;
  }
  const vendor = await loadVendor(validated.parsed.connection.type);
  const inputs = withResolvedOutput(validated.parsed, vendor, olds);
  const misfit = checkPathShape(inputs.connection, inputs.output.path ?? [], "output.path");
  if (misfit) return { inputs, failures: [misfit] };
  const target = targetOf(inputs);
  const otherClaimant = claimTable(placeKey(inputs.connection), target, `JobGroup "${name}"`, inputs.pulumiStack);
  if (otherClaimant !== undefined) {
    return {
      inputs,
      failures: [
        {
          property: "output.table",
          reason: `${target.path.join(".")}.${target.table} is also written by ${otherClaimant} in this stack: give each job its own output`,
        },
      ],
    };
  }
  // Checked on every preview (no cache): a file may appear or a folder vanish between ups.
  const destinationFailures = writeDestinationFailures(inputs.overrides.writeSettings, ownFilePaths(olds));
  if (destinationFailures.length > 0) return { inputs, failures: destinationFailures };
  try {
    bindSteps(inputs, vendor.dialect);
  } catch (error) {
    const step = error instanceof StepError ? inputs.steps.findIndex((candidateStep) => candidateStep.name === error.step) : -1;
    return { inputs, failures: [{ property: step >= 0 ? `steps[${step}].sql` : "steps", reason: errorMessage(error) }] };
  }

  const hash = dryRunHash(inputs);
  if (olds[TESTED_HASH] === hash && deepEqual((olds.connection as Properties | undefined)?.credentials, inputs.connection.credentials)) {
    return { inputs: { ...inputs, [TESTED_HASH]: hash, result: olds.result } };
  }
  const outcome = await runLiveTest({
    what: "SQL check",
    timeoutSeconds: inputs.timeoutSeconds,
    secrets: secretStrings(inputs.connection.credentials),
    classify: classifier(vendor),
    hints: vendor.failureHints,
    work: (signal) =>
      withSession(
        inputs,
        vendor,
        signal,
        async (session) => {
          const described = await previewResult(session, inputs, target, vendor.classify);
          // The run would refuse a table another resource or stack owns: say so at preview.
          if ((await session.describeTable(target)) !== undefined) {
            assertMayWrite({
              table: target,
              claimant: ownerOfJob(inputs),
              recorded: await readOwner(session, target),
              knownFromState: wroteBefore(olds, target),
              adopt: inputs.adopt,
            });
          }
          return described;
        },
        { preview: true },
      ),
  });
  if (!outcome.ok) return { inputs, failures: [{ property: "", reason: outcome.message }] };
  const described = outcome.value;
  if (described === undefined)
    reportLine(name, "result columns known after the earlier steps run (this database cannot run them at preview)");
  const bytes = vendor.capabilities.estimatesBytes ? described?.totalBytesProcessed : undefined;
  if (bytes !== undefined) reportLine(name, `the job would process ${formatCount(bytes)} bytes`);
  // Only known values: the engine's struct encoding has no `undefined`.
  const result: JobResult = {
    ...(inputs.connection.connectionId ? { connectionId: inputs.connection.connectionId } : {}),
    path: target.path,
    table: target.table,
    ...(described ? { columns: described.columns } : {}),
    ...(bytes !== undefined ? { totalBytesProcessed: bytes } : {}),
  };
  return { inputs: { ...inputs, [TESTED_HASH]: hash, result } };
}

export async function diff(_id: string, olds: Properties, news: Properties): Promise<DiffResult> {
  const stored = storedState(olds);
  const result = diffConfiguration(stored, userInputs(news, DERIVED), { compared: COMPARED_JOB_INPUTS, identity: [] });
  // A refresh that found the result table dropped or altered leaves a re-run pending.
  return { ...result, changes: result.changes || stored.status === "DRIFTED" };
}

function jobGraphOf(jobs: JobStage[]): { vertices: Array<{ id: string; stage: string }>; edges: Array<{ from: string; to: string }> } {
  return {
    vertices: jobs.map((job) => ({ id: job.id, stage: job.stage })),
    edges: jobs.slice(1).map((job, index) => ({ from: jobs[index].id, to: job.id })),
  };
}

/** Errors of a run or a file write as the user sees them: classified, secrets redacted. */
function failure(vendor: Vendor, inputs: JobGroupInputs, error: unknown): Error {
  const secrets = secretStrings(inputs.connection.credentials);
  const kind = classifier(vendor)(error);
  const detail = isDataplaneError(error) ? error.detail : redact(errorMessage(error), secrets);
  // What was cancelled and confirmed is in the detail already (core/deadline's cleanups).
  const message = kind === "timedOut" ? `${detail} (raise timeoutSeconds if the job needs longer)` : detail;
  return new Error(redact(new DataplaneError(kind, message, failureHint(kind, vendor.failureHints)).message, secrets));
}

/**
 * Runs the job under its own deadline; past it, the statement is cancelled in the database and
 * confirmed gone before the failure is reported.
 * Files are written from the staging table before the result is swapped in and put in place
 * after it: a failed write replaces neither table nor file, so state stays true.
 */
async function run(inputs: JobGroupInputs, jobGroupId: string, stored?: Properties): Promise<Properties> {
  const ownPaths = ownFilePaths(stored ?? {});
  const vendor = await loadVendor(inputs.connection.type);
  const target = targetOf(inputs);
  const runId = randomUUID();
  const name = inputs.resourceName;
  const started = performance.now();
  // The session running the job's statements, whose engine may report how far the current one is.
  let running: DataSession | undefined;
  const progress = steadyProgress(() => running?.progress?.());
  const stopHeartbeat = startHeartbeat(name, () => describeRunning((performance.now() - started) / 1000, progress()));
  const prepared: PreparedFile[] = [];
  try {
    return await withDeadline(inputs.timeoutSeconds, `job ${name ?? jobGroupId}`, (signal) =>
      withSession(inputs, vendor, signal, async (session) => {
        running = session;
        const settings = inputs.overrides.writeSettings;
        const writes: number[] = [];
        const writeFiles =
          settings.length === 0
            ? undefined
            : async (staging: TableReference) => {
                const wrote = (_setting: WriteSetting, milliseconds: number) => writes.push(milliseconds);
                prepared.push(
                  ...(await prepareResultFiles({
                    session,
                    connection: inputs.connection,
                    table: staging,
                    settings,
                    ownPaths,
                    runId,
                    signal,
                    wrote,
                  })),
                );
              };
        const queryStarted = performance.now();
        const { rowCount, createdSchema } = await materialise(
          session,
          inputs,
          target,
          {
            runTag: stagingTagFor(session, ownerOfJob(inputs)),
            owner: ownerOfJob(inputs),
            runId,
            knownFromState: wroteBefore(stored, target),
            adopt: inputs.adopt,
            signal,
            onWait: () => reportLine(name, `waiting for another writer of ${target.path.join(".")}.${target.table} to finish`),
          },
          writeFiles,
        );
        const writing = writes.reduce((total, milliseconds) => total + milliseconds, 0);
        const jobs: JobStage[] = [];
        const stage = (kind: JobStage["stage"], durationMilliseconds: number): void => {
          jobs.push({ id: `${runId}-${kind}-${jobs.length}`, stage: kind, status: "COMPLETE", rowCount, durationMilliseconds });
        };
        stage("query", Math.round(performance.now() - queryStarted - writing));
        reportLine(
          name,
          `${formatCount(rowCount)} rows in ${target.path.join(".")}.${target.table} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
        // The new result is in place: its files follow it.
        await publishFiles(name, prepared);
        for (const milliseconds of writes) stage("write", milliseconds);
        const columns = (await session.describeTable(target)) ?? [];
        let profile: ColumnProfile[] | undefined;
        if (inputs.overrides.profiler) {
          const profileStarted = performance.now();
          profile = await profileTable(session, target, columns, vendor.columnTypes);
          stage("profile", Math.round(performance.now() - profileStarted));
        }
        const result: JobResult = {
          connectionId: inputs.connection.connectionId,
          path: target.path,
          table: target.table,
          rowCount,
          columns,
        };
        // The schema this resource created, kept while its result stays there (a later run finds it existing).
        const storedSchema = stored?.createdSchema as string[] | undefined;
        const schemaOwned = createdSchema || (storedSchema !== undefined && deepEqual(storedSchema, target.path));
        return {
          ...inputs,
          jobGroupId,
          runId,
          status: "COMPLETE",
          jobs,
          jobGraph: jobGraphOf(jobs),
          result,
          ...(schemaOwned ? { createdSchema: target.path } : {}),
          ...(profile ? { profile } : {}),
          driftReason: "",
          stateVersion: JOB_GROUP_STATE_VERSION,
        };
      }),
    );
  } catch (error) {
    throw failure(vendor, inputs, error);
  } finally {
    for (const file of prepared) file.discard();
    stopHeartbeat();
  }
}

/**
 * Only writeSettings changed: the result table stays (same run), and the settings that are
 * new or different write their files from it — the same settings again would append twice.
 */
async function rewriteFiles(inputs: JobGroupInputs, stored: Properties): Promise<Properties> {
  const vendor = await loadVendor(inputs.connection.type);
  const storedSettings = ((stored.overrides as JobGroupInputs["overrides"] | undefined)?.writeSettings ?? []) as WriteSetting[];
  const changed = inputs.overrides.writeSettings.filter((setting) => !storedSettings.some((old) => deepEqual(old, setting)));
  const previous = ((stored.jobs as JobStage[] | undefined) ?? []).filter((job) => job.stage !== "write");
  const rowCount = (stored.result as JobResult | undefined)?.rowCount ?? 0;
  const runId = String(stored.runId ?? randomUUID());
  const jobs: JobStage[] = [...previous];
  const prepared: PreparedFile[] = [];
  try {
    await withDeadline(inputs.timeoutSeconds, `writing the files of ${inputs.resourceName ?? "the job"}`, (signal) =>
      withSession(inputs, vendor, signal, async (session) => {
        const wrote = (_setting: WriteSetting, milliseconds: number) => {
          jobs.push({
            id: `${runId}-write-${jobs.length}`,
            stage: "write",
            status: "COMPLETE",
            rowCount,
            durationMilliseconds: milliseconds,
          });
        };
        const settings = { settings: changed, ownPaths: ownFilePaths(stored), runId: randomUUID() };
        prepared.push(
          ...(await prepareResultFiles({ session, connection: inputs.connection, table: targetOf(inputs), ...settings, signal, wrote })),
        );
        await publishFiles(inputs.resourceName, prepared);
      }),
    );
  } catch (error) {
    throw failure(vendor, inputs, error);
  } finally {
    for (const file of prepared) file.discard();
  }
  return { ...stored, ...inputs, jobs, jobGraph: jobGraphOf(jobs) };
}

/**
 * Stored state, lifted to this version. Inputs added later with an empty default are filled
 * in, so state written before them compares equal and re-runs nothing.
 */
function storedState(properties: Properties): Properties {
  return { sources: [], ...migrate(properties, JOB_GROUP_STATE_VERSION, {}) };
}

/** Inputs as check normalised them, output location included. */
async function parseResolved(properties: Properties, stored?: Properties): Promise<JobGroupInputs> {
  const inputs = parse(properties);
  return withResolvedOutput(inputs, await loadVendor(inputs.connection.type), stored);
}

export async function create(properties: Properties): Promise<{ id: string; outs: Properties }> {
  const inputs = await parseResolved(properties);
  const id = `job-${randomUUID()}`;
  return { id, outs: await run(inputs, id) };
}

export async function update(id: string, olds: Properties, news: Properties): Promise<{ outs: Properties }> {
  const stored = storedState(olds);
  const inputs = await parseResolved(news, stored);
  const rerun =
    stored.status === "DRIFTED" ||
    RERUN_INPUTS.some((key) => !deepEqual(withoutCredentials(stored[key]), withoutCredentials((inputs as Properties)[key])));
  if (!rerun) {
    const filesChanged = !deepEqual((stored.overrides as Properties | undefined)?.writeSettings, inputs.overrides.writeSettings);
    return { outs: filesChanged ? await rewriteFiles(inputs, stored) : { ...stored, ...inputs } };
  }
  const outs = await run(inputs, id, stored);
  const previous = stored.result as JobResult | undefined;
  if (previous && !deepEqual([previous.path, previous.table], [targetOf(inputs).path, targetOf(inputs).table])) {
    await dropResult(parse(pickKeys(stored, STORED_INPUTS)), previous, createdSchemaOf(stored, previous), undefined).catch(() => undefined);
  }
  return { outs };
}

export async function read(id: string, properties: Properties): Promise<{ id: string; props: Properties }> {
  // An import: the engine reads the resource by its id alone, and a job's result is its own run.
  if (properties.connection === undefined) {
    throw new DataplaneError(
      "invalidConfiguration",
      "a JobGroup cannot be imported (its result table is what its own run wrote): declare it in the program, and the first up runs it",
    );
  }
  const stored = migrate(properties, JOB_GROUP_STATE_VERSION, {});
  const inputs = parse(pickKeys(stored, STORED_INPUTS));
  const vendor = await loadVendor(inputs.connection.type);
  const result = stored.result as JobResult;
  // Refresh (also `preview --refresh`) observes only: a deleted embedded database file is not created again.
  const read = await unlessCredentialsRefused(vendor, inputs.resourceName, "the result table", () =>
    withDeadline(60, "reading the result table", (signal) =>
      withSession(inputs, vendor, signal, (session) => session.describeTable({ path: result.path, table: result.table }), {
        preview: true,
      }),
    ),
  );
  if (!read) return { id, props: stored };
  const current = read.value;
  const driftReason =
    current === undefined
      ? `result table ${result.path.join(".")}.${result.table} was dropped`
      : !deepEqual(namesAndTypes(current), namesAndTypes(result.columns ?? []))
        ? `result table ${result.path.join(".")}.${result.table} has different columns`
        : "";
  if (driftReason) reportLine(inputs.resourceName, `drift: ${driftReason}; the next up runs the job again`);
  return { id, props: { ...stored, status: driftReason ? "DRIFTED" : "COMPLETE", driftReason } };
}

/**
 * What drift compares: each column's name and native type, which every state version stored
 * (canonical types and nullability were added later and are derived from the same table).
 */
function namesAndTypes(columns: readonly ResultColumn[]): Array<[string, string]> {
  return columns.map((column) => [column.name, column.nativeType]);
}

/** The schema of `result` when this resource created it (state records it), else undefined: a schema that existed is never dropped. */
function createdSchemaOf(stored: Properties, result: JobResult): string[] | undefined {
  const created = stored.createdSchema as string[] | undefined;
  return created !== undefined && deepEqual(created, result.path) ? created : undefined;
}

/**
 * Drops the result table unless another resource has recorded itself on it since, naming it;
 * then the schema the resource created for it, only if nothing is left in it (another stack's
 * table keeps it).
 */
async function dropResult(
  inputs: JobGroupInputs,
  result: JobResult,
  createdSchema: string[] | undefined,
  runId: string | undefined,
): Promise<void> {
  const vendor = await loadVendor(inputs.connection.type);
  const table = { path: result.path, table: result.table };
  await withDeadline(60, "dropping the result table", (signal) =>
    withSession(inputs, vendor, signal, async (session) => {
      const { owner: recorded, run } = await readOwnerAndRun(session, table);
      if (recorded !== undefined && !mayDrop(ownerOfJob(inputs), recorded)) {
        reportLine(inputs.resourceName, `kept ${table.path.join(".")}.${table.table}: it now belongs to ${describeOwner(recorded)}`);
        return;
      }
      // The same owner, another run: this resource's replacement wrote it (created before the old one is deleted).
      if (recorded !== undefined && run !== undefined && runId !== undefined && run !== runId) {
        reportLine(
          inputs.resourceName,
          `kept ${table.path.join(".")}.${table.table}: a later run of this resource wrote it (its replacement)`,
        );
        return;
      }
      await dropTableIfExists(session, table);
      reportLine(inputs.resourceName, `dropped table ${table.path.join(".")}.${table.table}`);
      if (createdSchema) reportLine(inputs.resourceName, await dropSchemaIfEmpty(session, createdSchema));
    }),
  );
}

/** The run that last wrote the result, as state records it (a writeSettings-only update keeps the run). */
function storedRunId(stored: Properties): string | undefined {
  return typeof stored.runId === "string" ? stored.runId : undefined;
}

/** The job owns its result table: destroy drops it, and the schema it created for it once empty. Files it wrote are left alone. */
export async function remove(_id: string, properties: Properties): Promise<void> {
  const stored = migrate(properties, JOB_GROUP_STATE_VERSION, {});
  const result = stored.result as JobResult | undefined;
  if (result) await dropResult(parse(pickKeys(stored, STORED_INPUTS)), result, createdSchemaOf(stored, result), storedRunId(stored));
}
