/**
 * Promise "Atomic publish": whatever goes wrong during a publication — a value the target
 * refuses, the target's loading connection killed, the source's reading connection killed, the
 * provider process SIGKILLed — the target's rows are exactly what they were (count and a
 * checksum over every ordered row), no staging table is left (after SIGKILL: none survives the
 * next run), and a re-run after the cause is removed succeeds. Every target vendor of the
 * registry × every action × every fault; what cannot apply says why in atomic-targets.ts.
 * The source is a Postgres table in another database, so every target is reached through the
 * streamed transfer path (the one with sinks, staging tables and straight-in loads); and again,
 * for the targets the suite's Trino has a catalog for, with Trino moving the rows (`engine`).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerComment } from "../../provider/core/ownership";
import * as publication from "../../provider/resources/publication";
import { loadVendor, vendors, VENDOR_TYPES, type VendorType } from "../../provider/vendors/registry";
import { uniqueName, withPostgres } from "../support/admin";
import { postgres, trino } from "../support/services";
import { ensureTrino, trinoMoved } from "../support/trino-server";
import { openDataSessionFor } from "../support/data-session";
import { publishChildArguments } from "../support/publish-child";
import {
  ATOMIC_ACTIONS as ACTIONS,
  KILL_FAULTS,
  isExcluded,
  loadFixtures,
  partition,
  VALUE_FAULTS,
  type AtomicAction as Action,
  type AtomicTarget,
  type Fault,
} from "../support/vendors";

const SOURCE_CONNECTION = {
  connectionId: "atomic-source",
  type: "postgres",
  configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user },
  credentials: { password: postgres.password },
};

/** The target's rows before each trial: ids 1–3. */
const TARGET_ROWS = "(1, 'a', 1), (2, 'b', 2), (3, 'c', 3)";
/** Good source rows: ids 101–110, none colliding with the target's. */
const GOOD_ROWS = "select g, 'n' || g, g from generate_series(101, 110) g";

/** Rows each value fault adds to the good ones; every bad row is removed by CURE_SQL. */
const BAD_ROWS: Record<(typeof VALUE_FAULTS)[number], string> = {
  // id 1 collides with the target (load, createAndLoad); the second 105 with the first (every action).
  duplicateKey: "(1, 'bad-dup', 1), (105, 'bad-dup', 105)",
  valueTooLong: "(111, 'bad-' || repeat('x', 16), 111)",
  notNull: "(111, null, 111)",
  checkViolation: "(111, 'bad-neg', -1)",
};
const CURE_SQL = (table: string) => `delete from public.${table} where name like 'bad-%' or name is null or amount < 0`;

/** Actions that put rows into an existing table; create and dropAndLoad make a new one from the source's columns. */
const INTO_EXISTING: readonly Action[] = ["load", "createAndLoad", "truncateAndLoad", "upsert"];
const NEW_TABLE_REASON = "the action makes a new table from the source's columns, which carries none of the old table's constraints";

/** A kill that came after the publication had already finished is no trial: it is tried again, this often at most. */
const ATTEMPTS_PER_TRIAL = 10;

class KillMissed extends Error {}

/** A kill test may retry a missed kill and re-run a load of a slow sink (about 2,000 rows/s into fakesnow or Trino). */
const KILL_TEST_TIMEOUT_MS = 300_000;

/** How long a publication may take to fail once a connection it uses was killed (a busy 2-core machine included). */
const PROMPT_MS = 10_000;

const sourceTables: string[] = [];

async function createSource(rowsSql: string): Promise<string> {
  const table = uniqueName("atomic_src");
  sourceTables.push(table);
  await withPostgres(async (client) => {
    await client.query(`create table public.${table} (id bigint, name text, amount bigint)`);
    await client.query(`insert into public.${table} ${rowsSql}`);
    // As a job stamps its result: the engine's source catalog must read back the source's run.
    await client.query(
      `comment on table public.${table} is '${ownerComment({ project: "atomic-publish", stack: "promise", kind: "JobGroup", name: "job" }, "run-1")}'`,
    );
  });
  return table;
}

/**
 * How the rows reach the target: streamed through the provider, or moved inside Trino (a
 * publication's `engine`: its catalog `postgresql` reads the source, the target's fixture names
 * the catalog that writes the target).
 */
type Mover = "streamed" | "moved by Trino";
const ENGINE_USER = "atomic_engine";

function engineFor(target: AtomicTarget, mover: Mover): Record<string, unknown> {
  if (mover === "streamed" || typeof target.engineCatalog !== "string") return {};
  return {
    engine: {
      connection: {
        connectionId: "atomic-engine",
        type: "trino",
        configuration: { server: trino.server, user: ENGINE_USER },
        credentials: {},
      },
      sourceCatalog: "postgresql",
      targetCatalog: target.engineCatalog,
    },
  };
}

function inputsFor(target: AtomicTarget, sourceTable: string, table: string, action: Action, mover: Mover): Record<string, unknown> {
  return {
    resourceName: `atomic-${table}`,
    // As the sdk passes it: the publication's owner, recorded on its tables and naming its staging table.
    pulumiStack: { project: "atomic-publish", stack: "promise" },
    source: { jobGroupId: "job", runId: "run-1", connection: SOURCE_CONNECTION, result: { path: ["public"], table: sourceTable } },
    connection: target.connection(),
    path: target.path(),
    table,
    action,
    ...(action === "upsert" ? { keys: ["id"] } : {}),
    // The table the trial made stands for one an earlier run of this publication made.
    ...(["create", "createAndLoad", "dropAndLoad"].includes(action) ? { adopt: true } : {}),
    timeoutSeconds: 600,
    ...engineFor(target, mover),
  };
}

/** The target connection with defaults filled in, as resources hand it to the vendor's sessions. */
function normalizedConnection(
  target: AtomicTarget,
): Record<string, unknown> & { type: VendorType; configuration: unknown; credentials: unknown } {
  const connection = target.connection();
  const type = connection.type as VendorType;
  const schemas = vendors[type];
  return {
    ...connection,
    type,
    configuration: schemas.configuration.parse(connection.configuration),
    credentials: schemas.credentials.parse(connection.credentials),
  };
}

interface Snapshot {
  exists: boolean;
  count: number;
  checksum: string;
}

/** The target's rows as count + sha256 over every row in id order, read through the vendor's own session. */
async function snapshot(target: AtomicTarget, table: string): Promise<Snapshot> {
  const session = await openDataSessionFor(normalizedConnection(target));
  try {
    const reference = { path: target.path(), table };
    if (!(await session.describeTable(reference))) return { exists: false, count: 0, checksum: "" };
    const q = session.dialect.quoteIdentifier;
    const rows = await session.rows<Record<string, unknown>>(
      `select ${q("id")}, ${q("name")}, ${q("amount")} from ${session.dialect.qualifiedName(reference)} order by ${q("id")}, ${q("name")}`,
    );
    const text = JSON.stringify(rows.map((row) => Object.values(row).map((value) => (value === null ? null : String(value)))));
    return { exists: true, count: rows.length, checksum: createHash("sha256").update(text).digest("hex") };
  } finally {
    await session.close();
  }
}

/** Tables beside the target that carry its name: staging, replacement or retired copies. */
async function leftovers(target: AtomicTarget, table: string): Promise<string[]> {
  const { type, configuration, credentials } = normalizedConnection(target);
  const vendor = await loadVendor(type);
  const session = await vendor.open({ configuration, credentials }, AbortSignal.timeout(60_000));
  try {
    const schema = target.path()[target.path().length - 1].toLowerCase();
    const prefix = table.slice(0, 32).toLowerCase();
    return (await session.listTables())
      .filter(
        (found) =>
          found.schema.toLowerCase() === schema &&
          found.name.toLowerCase().startsWith(prefix) &&
          found.name.toLowerCase() !== table.toLowerCase(),
      )
      .map((found) => found.name);
  } finally {
    await session.close();
  }
}

/** The target table of a trial: filled with TARGET_ROWS, except for create, which needs none. */
async function arrangeTarget(target: AtomicTarget, action: Action): Promise<string> {
  const table = uniqueName("atomic_t");
  if (action === "create") return table;
  const session = await openDataSessionFor(normalizedConnection(target));
  try {
    const qualified = session.dialect.qualifiedName({ path: target.path(), table });
    await session.execute(target.createTableSql(qualified, session.dialect.quoteIdentifier));
    await session.execute(
      `insert into ${qualified} (${["id", "name", "amount"].map(session.dialect.quoteIdentifier).join(", ")}) values ${TARGET_ROWS}`,
    );
  } finally {
    await session.close();
  }
  return table;
}

async function dropTarget(target: AtomicTarget, table: string): Promise<void> {
  const session = await openDataSessionFor(normalizedConnection(target));
  try {
    const reference = { path: target.path(), table };
    if (session.dropTableIfExists) await session.dropTableIfExists(reference);
    else await session.execute(`drop table if exists ${session.dialect.qualifiedName(reference)}`);
  } finally {
    await session.close();
  }
}

/** Polls `probe` until it holds; gives up when `over()` says the work it waits on has ended. */
async function until(probe: () => Promise<boolean>, what: string, over: () => boolean = () => false, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    if (over()) throw new KillMissed(`${what}: the publication ended first`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s`);
}

const probeClients = new Map<string, Promise<Client>>();

async function connectedProbe(): Promise<Client> {
  const client = new Client({ ...postgres });
  await client.connect();
  return client;
}

/**
 * Whether the source's COPY for `sourceTable` is running and has sent rows (a transfer in
 * flight); with `terminate`, kills it once it runs at all: into a slow sink (Snowflake, Trino)
 * the source is read into socket buffers within milliseconds, and any later kill comes too late. One connection kept open: a load of a few hundred
 * thousand rows is over in a fraction of a second, less than a new connection per poll takes.
 */
async function sourceReading(sourceTable: string, terminate: boolean): Promise<boolean> {
  // One connection per source table: a poll never queues behind another vendor's.
  if (!probeClients.has(sourceTable)) probeClients.set(sourceTable, connectedProbe());
  const result = await (await probeClients.get(sourceTable)!).query(
    `select ${terminate ? "pg_terminate_backend(a.pid)" : "a.pid"} from pg_stat_activity a join pg_stat_progress_copy p using (pid)
       where a.application_name = 'pulumi-dataplane-unload' and position($1 in a.query) > 0 and p.tuples_processed > ${terminate ? -1 : 0}`,
    [sourceTable],
  );
  return result.rows.length > 0;
}

/** No session of any process still works on `table`'s publication in the source database (a dead client's backend is gone). */
async function sourceIdle(sourceTable: string): Promise<boolean> {
  return !(await sourceReading(sourceTable, false));
}

function expectedRowsAfter(action: Action, sourceRows: number): number {
  return ["load", "createAndLoad", "upsert"].includes(action) ? 3 + sourceRows : sourceRows;
}

/** Runs publish in a child process and SIGKILLs it `delayMs` after `midLoad` first holds. */
async function publishKilled(inputs: Record<string, unknown>, midLoad: () => Promise<boolean>, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, publishChildArguments(inputs), { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<string>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? `exit ${code}`)));
  try {
    let ended = false;
    void exited.then(() => (ended = true));
    await until(midLoad, "the child was never seen loading", () => ended);
  } catch (error) {
    child.kill("SIGKILL");
    // A child that failed on its own is a failure, not a kill that came too late.
    const outcome = await exited;
    if (error instanceof KillMissed && outcome !== "exit 0" && outcome !== "SIGKILL")
      throw new Error(`the child failed on its own (${outcome}): ${stderr}`);
    if (error instanceof KillMissed) throw error;
    throw new Error(`${(error as Error).message}; child: ${stderr}`);
  }
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill("SIGKILL");
  // The trial counts only if the kill landed before the child finished on its own.
  const outcome = await exited;
  if (outcome === "exit 0") throw new KillMissed("the child published before the kill");
  expect(outcome, stderr).toBe("SIGKILL");
}

/** Kill trials that landed mid-publication (each checked) and kills that came after it had finished (retried). */
const tallies = new Map<string, { landed: number; missed: number }>();
function tally(vendorType: VendorType, fault: Fault): { landed: number; missed: number } {
  const key = `${vendorType} ${fault}`;
  if (!tallies.has(key)) tallies.set(key, { landed: 0, missed: 0 });
  return tallies.get(key)!;
}

// Suites collect asynchronously: the fixtures load before the vendors' tests are declared.
describe("every registered vendor", async () => {
  const fixtures = await loadFixtures();

  it("has a target profile for every vendor of the registry", () => {
    expect(fixtures.map((fixture) => fixture.type)).toEqual(VENDOR_TYPES);
  });

  const { covered, excluded } = partition(fixtures, (fixture) => fixture.atomicTarget);
  it.each(excluded)("atomic publish into %s cannot be shown here: %s", (_vendor, reason) => {
    expect(reason).not.toBe("");
  });

  // One vendor after another: with the vendors side by side on 2 cores, a Postgres target's
  // 200,000-row load ended before the probe saw it in 10 of 10 attempts (targetKilled, dropAndLoad).
  describe.each(covered)("atomic publish into %s", (vendorType, atomicTarget) => atomicSuite(vendorType, atomicTarget(), "streamed"));

  // The same promise with Trino moving the rows, into each target the suite's Trino reaches.
  const moved = partition(fixtures, (fixture) => {
    const profile = fixture.atomicTarget;
    if (isExcluded(profile)) return profile;
    const target = profile();
    return typeof target.engineCatalog === "string" ? target : target.engineCatalog;
  });
  it.each(moved.excluded)("atomic publish into %s, moved by Trino, cannot be shown here: %s", (_vendor, reason) => {
    expect(reason).not.toBe("");
  });
  describe.each(moved.covered)("atomic publish into %s, moved by Trino", (vendorType, target) => {
    beforeAll(ensureTrino, 300_000);
    atomicSuite(vendorType, target, "moved by Trino");
  });

  function atomicSuite(vendorType: VendorType, target: AtomicTarget, mover: Mover): void {
    let killSource = "";
    const killRows = target.killRows;

    beforeAll(async () => {
      await target.start();
      killSource = await createSource(`select g, 'n' || (g % 1000), g from generate_series(101, ${100 + killRows}) g`);
    }, 300_000);

    afterAll(async () => {
      await target.stop();
    }, 120_000);

    /** Target untouched, nothing left beside it, and the re-run (cause removed) publishes every row. */
    async function expectUntouchedThenRerun(
      table: string,
      before: Snapshot,
      action: Action,
      sourceTable: string,
      sourceRows: number,
      staging: "none" | "removedByRerun",
    ): Promise<void> {
      expect(await snapshot(target, table)).toEqual(before);
      if (staging === "none") expect(await leftovers(target, table)).toEqual([]);
      const { outs } = await publication.create(inputsFor(target, sourceTable, table, action, mover));
      expect(outs.rowCount).toBe(sourceRows);
      if (mover === "moved by Trino") expect(await trinoMoved(ENGINE_USER, table)).toBe(true);
      const after = await snapshot(target, table);
      expect(after.count).toBe(expectedRowsAfter(action, sourceRows));
      expect(await leftovers(target, table)).toEqual([]);
      await dropTarget(target, table);
    }

    describe.each(VALUE_FAULTS)("%s", (fault) => {
      const excluded = target.excludedFaults[fault];
      if (excluded) {
        it(`does not apply: ${excluded}`, () => expect(excluded).not.toBe(""));
        return;
      }
      for (const action of ACTIONS) {
        const reason = target.excludedActions[action] ?? (INTO_EXISTING.includes(action) ? undefined : NEW_TABLE_REASON);
        if (reason) {
          it(`${action} does not apply: ${reason}`, () => expect(reason).not.toBe(""));
          continue;
        }
        it(`${action}: refused whole, target unchanged, re-run succeeds`, async () => {
          const sourceTable = await createSource(`${GOOD_ROWS} union all values ${BAD_ROWS[fault]}`);
          const table = await arrangeTarget(target, action);
          const before = await snapshot(target, table);
          await expect(publication.create(inputsFor(target, sourceTable, table, action, mover))).rejects.toThrow(
            /target table is as it was before/,
          );
          await withPostgres((client) => client.query(CURE_SQL(sourceTable)));
          await expectUntouchedThenRerun(table, before, action, sourceTable, 10, "none");
        });
      }
    });

    describe.each(KILL_FAULTS)("%s", (fault) => {
      const excluded =
        mover === "moved by Trino"
          ? "the rows move inside Trino: no connection of the provider reads the source or loads the target to kill, and a provider stopped mid-move cancels Trino's query (test/integration/trino-engine-publication.test.ts, timeoutSeconds)"
          : target.excludedFaults[fault];
      if (excluded) {
        it(`does not apply: ${excluded}`, () => expect(excluded).not.toBe(""));
        return;
      }
      for (const action of ACTIONS) {
        const reason = target.excludedActions[action];
        if (reason) {
          it(`${action} does not apply: ${reason}`, () => expect(reason).not.toBe(""));
          continue;
        }
        const trials = fault === "providerKilled" ? target.providerKillTrials : 1;
        it(
          `${action}: ${trials} trial(s), target unchanged, re-run succeeds`,
          async () => {
            for (let trial = 0; trial < trials; trial++) {
              for (let attempt = 1; ; attempt++) {
                try {
                  await killTrial(fault, action, trial);
                  tally(vendorType, fault).landed++;
                  break;
                } catch (error) {
                  if (!(error instanceof KillMissed) || attempt === ATTEMPTS_PER_TRIAL) throw error;
                  tally(vendorType, fault).missed++;
                }
              }
            }
          },
          KILL_TEST_TIMEOUT_MS,
        );
      }
    });

    /** One kill: arrange, kill at the fault's point, then target untouched and a re-run succeeds. */
    async function killTrial(fault: (typeof KILL_FAULTS)[number], action: Action, trial: number): Promise<void> {
      const table = await arrangeTarget(target, action);
      const before = await snapshot(target, table);
      const inputs = inputsFor(target, killSource, table, action, mover);
      try {
        if (fault === "providerKilled") {
          await target.releaseForChild?.();
          // Trials land at different moments: just after rows start to flow, later in the load.
          // Mid-load: the source is being read, or a staging table beside the target exists (a
          // slow sink's source is read into socket buffers at once, but it fills staging for seconds).
          // A target the child must open alone (DuckDB's file lock) is not looked at while it runs.
          const midLoad = async () =>
            (await sourceReading(killSource, false)) || (!target.releaseForChild && (await leftovers(target, table)).length > 0);
          await publishKilled(inputs, midLoad, trial * 100);
          await until(() => sourceIdle(killSource), "the killed child's source session never ended", undefined, 20_000);
          if (target.settled) await until(() => target.settled!(table), "the killed child's target session never ended", undefined, 20_000);
          // A child killed after it sent its last rows and COMMIT still published: a miss, not a partial table.
          const landed = await snapshot(target, table);
          if (landed.count !== before.count && landed.count === expectedRowsAfter(action, killRows))
            throw new KillMissed("the child had sent its COMMIT before the kill");
          await expectUntouchedThenRerun(table, before, action, killSource, killRows, "removedByRerun");
          return;
        }
        let ended = false;
        const running = publication.create(inputs).finally(() => (ended = true));
        running.catch(() => undefined);
        try {
          if (fault === "targetKilled")
            await until(
              () => target.killLoad!(table),
              "the load was never seen running",
              () => ended,
            );
          else
            await until(
              () => sourceReading(killSource, true),
              "the source was never seen being read",
              () => ended,
            );
        } catch (error) {
          // Ended before the kill: a miss when it published, a real failure when it failed on its own.
          await running;
          throw error;
        }
        const killedAt = Date.now();
        const error = await running.then(
          () => new KillMissed("the publication succeeded before the kill landed"),
          (failure: Error) => failure,
        );
        if (error instanceof KillMissed) throw error;
        // Nothing waits on a socket that will never answer.
        expect(Date.now() - killedAt).toBeLessThan(PROMPT_MS);
        expect(error.message).toMatch(/target table is as it was before/);
        expect(error.message).not.toContain(postgres.password);
        await expectUntouchedThenRerun(table, before, action, killSource, killRows, "none");
      } catch (error) {
        if (error instanceof KillMissed) await dropTarget(target, table);
        throw error;
      }
    }
  }
});

afterAll(async () => {
  for (const [key, { landed, missed }] of tallies)
    console.log(
      `atomic publish kill trials: ${key}: ${landed} landed mid-publication, 0 partial tables; ${missed} came too late and were retried`,
    );
  for (const probe of probeClients.values()) await (await probe).end();
  await withPostgres(async (client) => {
    for (const table of sourceTables) await client.query(`drop table if exists public.${table}`);
  });
});
