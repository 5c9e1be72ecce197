import type { Column, TableReference } from "../core/columns";
import { withCancellableSession } from "../core/abort-cleanups";
import { DataplaneError } from "../core/failures";
import { readOwnerAndRun } from "../core/ownership";
import { errorMessage } from "../core/redaction";
import { describeRunning, startHeartbeat, steadyProgress } from "../core/progress";
import { createEmptyTable, dropTableIfExists } from "../core/schema-objects";
import { isStagingTableName, stagingTableFor } from "../core/staging-tables";
import type { DataSession, RowMover } from "../core/vendor-contract";
import { loadVendor, vendors } from "../vendors/registry";
import type { EngineInputs, PublicationInputs } from "./publication-schema";

/**
 * A publication whose rows an engine moves (`engine`): the engine's connectors read the job's
 * result (`sourceCatalog`) and write beside the target (`targetCatalog`), so no row passes
 * through the provider. Everything else (the writer lock, ownership, the atomic apply, drift,
 * destroy) runs on the target connection exactly as for streamed rows: only the mover differs.
 */

const where = (table: TableReference): string => `${table.path.join(".")}.${table.table}`;

/** A session on the engine whose running statement is cancelled in the engine when `signal` aborts. */
async function withEngineSession<T>(
  engine: EngineInputs,
  signal: AbortSignal,
  work: (session: DataSession, mover: RowMover) => Promise<T>,
): Promise<T> {
  const vendor = await loadVendor(engine.connection.type);
  const mover = vendor.rowMover;
  // The schema refuses such a connection; this guards state written by hand.
  if (!mover) throw new DataplaneError("invalidConfiguration", `engine.connection: a ${engine.connection.type} connection moves no rows`);
  const { configuration, credentials } = engine.connection;
  return withCancellableSession(
    (opened) => vendor.openData({ configuration, credentials }, opened),
    signal,
    (session) => work(session, mover),
  );
}

async function tableNames(session: DataSession, path: readonly string[]): Promise<Set<string>> {
  const listTables = session.dialect.listTables as NonNullable<DataSession["dialect"]["listTables"]>;
  const rows = await session.rows<{ table_name: string }>(listTables(path, ""));
  // Staging tables come and go with other publishes between two listings (seen under a
  // loaded suite: a listing held one the listings around it did not), so they are left out.
  return new Set(rows.map((row) => row.table_name.toLowerCase()).filter((name) => !isStagingTableName(name)));
}

function difference(left: Set<string>, right: Set<string>): string[] {
  return [...left].filter((name) => !right.has(name)).sort();
}

/**
 * The job stamps its result table with its run id (the ownership comment), and the engine reads
 * table comments through its connectors: the table the source catalog reaches must record the
 * job's run. Same schema, name, columns and row count cannot tell the job's table from a stale
 * copy in another database; the run id can. A source whose database keeps no table comments
 * records no run, and a source handed over without a run id has none to compare: both keep the
 * column and row-count checks alone.
 */
async function assertSourceRun(inputs: PublicationInputs, session: DataSession, engineSource: TableReference): Promise<void> {
  const engine = inputs.engine as EngineInputs;
  const runId = inputs.source.runId;
  if (!runId || !session.dialect.tableComments || !vendors[inputs.source.connection.type].dialect.tableComments) return;
  const { run } = await readOwnerAndRun(session, engineSource);
  if (run === runId) return;
  const source = { path: inputs.source.result.path, table: inputs.source.result.table };
  throw new DataplaneError(
    "invalidConfiguration",
    `engine.sourceCatalog: the table ${where(source)} the engine's catalog ${engine.sourceCatalog} reads records ${run ? `run ${run}` : "no run"}, where the job's result was written by run ${runId}: the catalog reaches another database's table of that name (a copy); name the catalog that reaches the job's database`,
  );
}

/**
 * Preview: the engine's catalogs reach the right databases. The source catalog must see the
 * job's result table with the result's columns. The target catalog must see the target's
 * schema holding exactly the tables the target connection sees there: a catalog pointing at
 * another database shows another list (or none). Equal lists of one schema cannot tell two
 * copies of one database apart, and preview may create nothing to tell them by, so `up`
 * proves it with a name no other database holds before any row moves (moveThroughEngine).
 */
export async function checkEngineReach(
  inputs: PublicationInputs,
  target: TableReference,
  targetSession: () => Promise<DataSession>,
  signal: AbortSignal,
): Promise<void> {
  const engine = inputs.engine;
  if (!engine) return;
  await withEngineSession(engine, signal, async (session, mover) => {
    const source = { path: inputs.source.result.path, table: inputs.source.result.table };
    const seen = await session.describeTable(mover.tableIn(engine.sourceCatalog, source));
    if (!seen) {
      throw new DataplaneError(
        "invalidConfiguration",
        `engine.sourceCatalog: the engine's catalog ${engine.sourceCatalog} sees no table ${where(source)}, the job's result: name the catalog that reaches the job's database`,
      );
    }
    const names = new Set(seen.map((column) => column.name.toLowerCase()));
    const missing = (inputs.source.result.columns ?? []).map((column) => column.name).filter((name) => !names.has(name.toLowerCase()));
    if (missing.length > 0) {
      throw new DataplaneError(
        "invalidConfiguration",
        `engine.sourceCatalog: the engine's catalog ${engine.sourceCatalog} sees ${where(source)} without the result's column(s) ${missing.join(", ")}: it reaches another database's table of that name, or its connector cannot read their types`,
      );
    }
    await assertSourceRun(inputs, session, mover.tableIn(engine.sourceCatalog, source));
    // Others create and drop tables while the lists are read: a table the target connection
    // lists both before and after the engine's read must be in the engine's list, and every table
    // in the engine's list must be in one of the two. Whatever else differs is another database.
    // A table that lived only between two reads could still differ (other stacks create and drop
    // tables in a busy schema): the check runs again, up to five passes in all.
    let apart: { onlyTarget: string[]; onlyEngine: string[] } | undefined;
    const nativeNames = async (): Promise<Set<string>> => {
      const opened = await targetSession();
      try {
        return await tableNames(opened, target.path);
      } finally {
        await opened.close();
      }
    };
    // A database whose dialect cannot list a schema's tables is left to up's proof.
    const lists = vendors[inputs.connection.type].dialect.listTables !== undefined;
    for (let pass = 0; lists && session.dialect.listTables && pass < 5; pass++) {
      const before = await nativeNames();
      const viaEngine = await tableNames(session, mover.tableIn(engine.targetCatalog, target).path);
      const after = await nativeNames();
      const throughout = new Set([...before].filter((name) => after.has(name)));
      const ever = new Set([...before, ...after]);
      apart = { onlyTarget: difference(throughout, viaEngine), onlyEngine: difference(viaEngine, ever) };
      if (apart.onlyTarget.length === 0 && apart.onlyEngine.length === 0) break;
    }
    if (apart && (apart.onlyTarget.length > 0 || apart.onlyEngine.length > 0)) {
      const differences = [
        apart?.onlyTarget.length ? `the target connection alone sees ${apart.onlyTarget.slice(0, 5).join(", ")}` : "",
        apart?.onlyEngine.length ? `the catalog alone sees ${apart.onlyEngine.slice(0, 5).join(", ")}` : "",
      ].filter(Boolean);
      throw new DataplaneError(
        "invalidConfiguration",
        `engine.targetCatalog: the engine's catalog ${engine.targetCatalog} does not reach the target's database: in ${target.path.join(".")} ${differences.join("; ")}. Name the catalog that reaches the target connection's database`,
      );
    }
    // The engine compiles (never runs) a write into the target's schema, proving its user may
    // write there: where the rows go into the existing table, an INSERT of the columns it sees
    // there; else a CREATE TABLE … AS … WITH NO DATA under a staging name.
    const engineTarget = mover.tableIn(engine.targetCatalog, target);
    const targetColumns = INTO_EXISTING.includes(inputs.action) ? await session.describeTable(engineTarget) : undefined;
    const engineSource = mover.tableIn(engine.sourceCatalog, source);
    const seenNames = seen.map((column) => column.name);
    const statement = targetColumns
      ? mover.insertSelect(
          { table: engineSource, columns: seen },
          { table: engineTarget, columns: targetColumns },
          seenNames.filter((name) => targetColumns.some((column) => column.name.toLowerCase() === name.toLowerCase())),
        )
      : mover.createTableAs(engineSource, mover.tableIn(engine.targetCatalog, stagingTableFor(target, "000000")), seenNames);
    try {
      await session.describe(statement, []);
    } catch (error) {
      throw new DataplaneError(
        "invalidConfiguration",
        `engine.connection: the engine cannot write the job's rows into ${where(target)} through its catalog ${engine.targetCatalog} (a write compiled, not run): ${errorMessage(error)}`,
      );
    }
  });
}

/** Actions that put the rows into the existing table's columns (the others make a table of the source's columns). */
const INTO_EXISTING = ["load", "createAndLoad", "truncateAndLoad", "upsert"];

/**
 * Moves the job's rows into `staging` inside the engine (created here on the target connection
 * with the columns a streamed load gives it, so the published table is the same whichever
 * mover filled it). Before any row moves, the engine must see the staging table just created (a random name no
 * other database holds: the target catalog reaches this very database) and count the
 * source's rows as the job's own database does (the source catalog reads this very result).
 * Returns the rows moved.
 */
export async function moveThroughEngine(options: {
  inputs: PublicationInputs;
  targetSession: DataSession;
  columns: Column[];
  staging: TableReference;
  sourceRows: number;
  signal: AbortSignal;
}): Promise<number> {
  const { inputs, targetSession, staging, sourceRows } = options;
  const engine = inputs.engine as EngineInputs;
  await dropTableIfExists(targetSession, staging);
  await createEmptyTable(targetSession, staging, options.columns, vendors[inputs.connection.type].columnTypes);
  return withEngineSession(engine, options.signal, async (session, mover) => {
    const engineStaging = mover.tableIn(engine.targetCatalog, staging);
    const stagingColumns = await session.describeTable(engineStaging);
    if (!stagingColumns) {
      throw new DataplaneError(
        "invalidConfiguration",
        `engine.targetCatalog: the engine's catalog ${engine.targetCatalog} does not see the table ${where(staging)} this publication just created through the target connection: it reaches another database; name the catalog that reaches the target's`,
      );
    }
    const source = mover.tableIn(engine.sourceCatalog, { path: inputs.source.result.path, table: inputs.source.result.table });
    const sourceColumns = await session.describeTable(source);
    const [{ row_count: counted }] = await session.rows<{ row_count: unknown }>(
      `select count(*) as row_count from ${session.dialect.qualifiedName(source)}`,
    );
    if (!sourceColumns || Number(counted) !== sourceRows) {
      throw new DataplaneError(
        "invalidConfiguration",
        `engine.sourceCatalog: the engine's catalog ${engine.sourceCatalog} reads ${sourceColumns ? `${Number(counted)} rows` : "no table"} at ${where(source)} where the job's result holds ${sourceRows}: it reaches another database; name the catalog that reaches the job's`,
      );
    }
    await assertSourceRun(inputs, session, source);
    const statement = mover.insertSelect(
      { table: source, columns: sourceColumns },
      { table: engineStaging, columns: stagingColumns },
      options.columns.map((column) => column.name),
    );
    // No row passes through here to count: the engine's own account of its statement is the report.
    const started = performance.now();
    const progress = steadyProgress(() => session.progress?.());
    const stopHeartbeat = startHeartbeat(
      inputs.resourceName,
      () => `the engine moves the rows: ${describeRunning((performance.now() - started) / 1000, progress())}`,
    );
    try {
      return await session.execute(statement);
    } finally {
      stopHeartbeat();
    }
  });
}
