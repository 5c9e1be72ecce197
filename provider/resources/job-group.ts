import { randomUUID } from "node:crypto";
import type { TableReference } from "../core/columns";
import { dropTableIfExists } from "../core/schema-objects";
import { pickKeys, userInputs, withoutCredentials, type Properties } from "../core/properties";
import { diffConfiguration, type DiffResult } from "../core/configuration-diff";
import { withDeadline } from "../core/deadline";
import { DataplaneError, isDataplaneError, type FailureKind } from "../core/failures";
import { tableNameFor } from "../core/identifiers";
import { runLiveTest } from "../core/live-test";
import { unlessCredentialsRefused } from "../core/stale-credentials";
import { formatCount, reportLine, startHeartbeat } from "../core/progress";
import { errorMessage, redact, secretStrings } from "../core/redaction";
import { deepEqual, stableHash } from "../core/stable-hash";
import { migrate } from "../core/state-version";
import { withoutUnknownAt } from "../core/unknown-values";
import { issuesToFailures, resourceNameOf, validateForCheck, type CheckFailure } from "../core/validation";
import { vendors } from "../vendors/registry";
import type { DataSession, ResultColumn, Vendor } from "../vendors/vendor";
import { COMPARED_JOB_INPUTS, jobGroupInputsSchema, RERUN_INPUTS, type JobGroupInputs } from "./job-group-schema";
import { withScratchCopy, writeResultFile } from "./job-files";
import { materialise, previewResult, profileTable, type ColumnProfile } from "./job-run";
import { bindSteps, StepError } from "./job-steps";


export const JOB_GROUP_STATE_VERSION = 1;

/** Inputs check derives (the dry run\'s hash, the preview result); never user input. */
const DERIVED = ["testedConfigurationHash", "result"];

/** The inputs among stored outputs (state holds inputs and observed facts side by side). */
const STORED_INPUTS = [...COMPARED_JOB_INPUTS, "resourceName"];

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
  /** At preview, where the engine estimates it (BigQuery's dry run): the bytes the job would process. */
  totalBytesProcessed?: number;
}

/** Fills in where the result goes, so that omitting it and writing the default compare equal. */
function withResolvedOutput(inputs: JobGroupInputs, vendor: Vendor): JobGroupInputs {
  return {
    ...inputs,
    output: {
      path: inputs.output.path ?? vendor.defaultJobPath(inputs.connection.configuration),
      table: inputs.output.table ?? tableNameFor(inputs.resourceName ?? "job_result"),
    },
  };
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
  return stableHash({ connection, steps: inputs.steps, runParameters: inputs.runParameters, output: inputs.output });
}

async function withSession<T>(inputs: JobGroupInputs, vendor: Vendor, signal: AbortSignal, work: (session: DataSession) => Promise<T>): Promise<T> {
  const { configuration, credentials } = inputs.connection;
  const session = await vendor.openData({ configuration, credentials }, signal);
  // Past the deadline the statement is cancelled in the database (a preview's setup steps too),
  // not only abandoned on our side.
  signal.addEventListener("abort", () => void session.cancel().catch(() => undefined), { once: true });
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

export async function check(olds: Properties, news: Properties): Promise<{ inputs: Properties; failures?: CheckFailure[] }> {
  // A connection being created has no id yet; its configuration is enough to check the SQL.
  const candidate = withoutUnknownAt(userInputs(news, DERIVED), [["connection", "connectionId"]]);
  const name = resourceNameOf(news);
  const validated = validateForCheck(jobGroupInputsSchema, candidate, { resourceName: name, test: "SQL check" });
  if ("done" in validated) return validated.done;
  const vendor = await vendors[validated.parsed.connection.type]();
  const inputs = withResolvedOutput(validated.parsed, vendor);
  try {
    bindSteps(inputs, vendor.dialect);
  } catch (error) {
    const step = error instanceof StepError ? inputs.steps.findIndex((candidateStep) => candidateStep.name === error.step) : -1;
    return { inputs, failures: [{ property: step >= 0 ? `steps[${step}].sql` : "steps", reason: errorMessage(error) }] };
  }

  const hash = dryRunHash(inputs);
  if (olds.testedConfigurationHash === hash && deepEqual((olds.connection as Properties | undefined)?.credentials, inputs.connection.credentials)) {
    return { inputs: { ...inputs, testedConfigurationHash: hash, result: olds.result } };
  }
  const target = targetOf(inputs);
  const outcome = await runLiveTest({
    what: "SQL check",
    timeoutSeconds: inputs.timeoutSeconds,
    secrets: secretStrings(inputs.connection.credentials),
    classify: classifier(vendor),
    work: (signal) => withSession(inputs, vendor, signal, (session) => previewResult(session, inputs, target)),
  });
  if (!outcome.ok) return { inputs, failures: [{ property: "", reason: outcome.message }] };
  const described = outcome.value;
  if (described === undefined) reportLine(name, "result columns known after the earlier steps run (this database cannot run them at preview)");
  if (described?.totalBytesProcessed !== undefined) reportLine(name, `the job would process ${formatCount(described.totalBytesProcessed)} bytes`);
  // Only known values: the engine's struct encoding has no `undefined`.
  const result: JobResult = {
    ...(inputs.connection.connectionId ? { connectionId: inputs.connection.connectionId } : {}),
    path: target.path,
    table: target.table,
    ...(described ? { columns: described.columns } : {}),
    ...(described?.totalBytesProcessed !== undefined ? { totalBytesProcessed: described.totalBytesProcessed } : {}),
  };
  return { inputs: { ...inputs, testedConfigurationHash: hash, result } };
}

export async function diff(_id: string, olds: Properties, news: Properties): Promise<DiffResult> {
  const stored = migrate(olds, JOB_GROUP_STATE_VERSION, {});
  const result = diffConfiguration(stored, userInputs(news, DERIVED), { compared: COMPARED_JOB_INPUTS, identity: [] });
  // A refresh that found the result table dropped or altered leaves a re-run pending.
  return { ...result, changes: result.changes || stored.status === "DRIFTED" };
}

/** Runs the job under its own deadline; past it, the statement is cancelled in the database. */
async function run(inputs: JobGroupInputs, jobGroupId: string): Promise<Properties> {
  const vendor = await vendors[inputs.connection.type]();
  const target = targetOf(inputs);
  const runId = randomUUID();
  const secrets = secretStrings(inputs.connection.credentials);
  const name = inputs.resourceName;
  const started = performance.now();
  const stopHeartbeat = startHeartbeat(name, () => `running, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  try {
    return await withDeadline(inputs.timeoutSeconds, `job ${name ?? jobGroupId}`, (signal) =>
      withSession(inputs, vendor, signal, async (session) => {
        const jobs: JobStage[] = [];
        const stage = async (kind: JobStage["stage"], work: () => Promise<number>): Promise<number> => {
          const stageStarted = performance.now();
          const rowCount = await work();
          jobs.push({ id: `${runId}-${kind}-${jobs.length}`, stage: kind, status: "COMPLETE", rowCount, durationMilliseconds: Math.round(performance.now() - stageStarted) });
          return rowCount;
        };
        const rowCount = await stage("query", () => materialise(session, inputs, target));
        reportLine(name, `${formatCount(rowCount)} rows in ${target.path.join(".")}.${target.table} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        const columns = (await session.describeTable(target)) ?? [];
        // One write stage per file; a server database's result is first copied to a scratch DuckDB file.
        const writeFiles = async (files: DataSession, table: TableReference): Promise<void> => {
          for (const setting of inputs.overrides.writeSettings) {
            await stage("write", async () => (await writeResultFile(files, table, setting), rowCount));
            reportLine(name, `wrote ${setting.path}`);
          }
        };
        if (inputs.overrides.writeSettings.length > 0 && inputs.connection.type === "duckdb") {
          await writeFiles(session, target);
        } else if (inputs.overrides.writeSettings.length > 0) {
          const { configuration, credentials } = inputs.connection;
          await withScratchCopy({ type: inputs.connection.type, target: { configuration, credentials }, table: target, columns }, signal, writeFiles);
        }
        let profile: ColumnProfile[] | undefined;
        if (inputs.overrides.profiler) {
          await stage("profile", async () => ((profile = await profileTable(session, target, columns)), rowCount));
        }
        const result: JobResult = { connectionId: inputs.connection.connectionId, path: target.path, table: target.table, rowCount, columns };
        return {
          ...inputs,
          jobGroupId,
          runId,
          status: "COMPLETE",
          jobs,
          jobGraph: {
            vertices: jobs.map((job) => ({ id: job.id, stage: job.stage })),
            edges: jobs.slice(1).map((job, index) => ({ from: jobs[index].id, to: job.id })),
          },
          result,
          ...(profile ? { profile } : {}),
          driftReason: "",
          stateVersion: JOB_GROUP_STATE_VERSION,
        };
      }),
    );
  } catch (error) {
    const kind = classifier(vendor)(error);
    const detail = isDataplaneError(error) ? error.detail : redact(errorMessage(error), secrets);
    const message = kind === "timedOut" ? `${detail}; the running statement was cancelled in the database (raise timeoutSeconds if the job needs longer)` : detail;
    throw new Error(redact(new DataplaneError(kind, message).message, secrets));
  } finally {
    stopHeartbeat();
  }
}

/** Inputs as check normalised them, output location included. */
async function parseResolved(properties: Properties): Promise<JobGroupInputs> {
  const inputs = parse(properties);
  return withResolvedOutput(inputs, await vendors[inputs.connection.type]());
}

export async function create(properties: Properties): Promise<{ id: string; outs: Properties }> {
  const inputs = await parseResolved(properties);
  const id = `job-${randomUUID()}`;
  return { id, outs: await run(inputs, id) };
}

export async function update(id: string, olds: Properties, news: Properties): Promise<{ outs: Properties }> {
  const stored = migrate(olds, JOB_GROUP_STATE_VERSION, {});
  const inputs = await parseResolved(news);
  const rerun = stored.status === "DRIFTED" || RERUN_INPUTS.some((key) => !deepEqual(withoutCredentials(stored[key]), withoutCredentials((inputs as Properties)[key])));
  if (!rerun) return { outs: { ...stored, ...inputs } };
  const outs = await run(inputs, id);
  const previous = stored.result as JobResult | undefined;
  if (previous && !deepEqual([previous.path, previous.table], [targetOf(inputs).path, targetOf(inputs).table])) {
    await dropResult(parse(pickKeys(stored, STORED_INPUTS)), previous).catch(() => undefined);
  }
  return { outs };
}

export async function read(id: string, properties: Properties): Promise<{ id: string; props: Properties }> {
  const stored = migrate(properties, JOB_GROUP_STATE_VERSION, {});
  const inputs = parse(pickKeys(stored, STORED_INPUTS));
  const vendor = await vendors[inputs.connection.type]();
  const result = stored.result as JobResult;
  const read = await unlessCredentialsRefused(vendor, inputs.resourceName, "the result table", () =>
    withDeadline(60, "reading the result table", (signal) => withSession(inputs, vendor, signal, (session) => session.describeTable({ path: result.path, table: result.table }))),
  );
  if (!read) return { id, props: stored };
  const current = read.value;
  const driftReason =
    current === undefined
      ? `result table ${result.path.join(".")}.${result.table} was dropped`
      : !deepEqual(current, result.columns)
        ? `result table ${result.path.join(".")}.${result.table} has different columns`
        : "";
  if (driftReason) reportLine(inputs.resourceName, `drift: ${driftReason}; the next up runs the job again`);
  return { id, props: { ...stored, status: driftReason ? "DRIFTED" : "COMPLETE", driftReason } };
}

async function dropResult(inputs: JobGroupInputs, result: JobResult): Promise<void> {
  const vendor = await vendors[inputs.connection.type]();
  await withDeadline(60, "dropping the result table", (signal) =>
    withSession(inputs, vendor, signal, (session) =>
      dropTableIfExists(session, { path: result.path, table: result.table }),
    ),
  );
}

/** The job owns its result table: destroy drops it. Files it wrote are left alone. */
export async function remove(_id: string, properties: Properties): Promise<void> {
  const stored = migrate(properties, JOB_GROUP_STATE_VERSION, {});
  const result = stored.result as JobResult | undefined;
  if (result) await dropResult(parse(pickKeys(stored, STORED_INPUTS)), result);
}
