import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as connection from "../../provider/resources/connection";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { loadVendor, vendors } from "../../provider/vendors/registry";
import { loadFixtures, partition, type HostileStep, type PreviewTarget } from "../support/vendors";

/**
 * Promise: preview changes nothing. On every vendor of the registry, JobGroup check (what
 * `pulumi preview` runs) of hostile steps — transaction control, DDL, DML, file writes,
 * procedures that commit — leaves every table's rows (md5 over all rows), the schemas and
 * tables that exist, and the files of a folder exactly as they were. Check either succeeds
 * (the statement was only compiled, or ran inside the rolled-back transaction) or fails
 * naming the step. A vendor whose service cannot be reached fails; none is skipped.
 */
function hostileSteps(target: PreviewTarget): HostileStep[] {
  const { ledger, victim, newSchema, newTable, integerType } = target;
  return [
    { name: "begin_delete_commit", sql: `begin; delete from ${ledger} where x > 10; commit;` },
    { name: "commit_then_drop", sql: `commit; drop table ${victim}` },
    { name: "delete_then_commit", sql: `delete from ${ledger} where x > 10; commit` },
    { name: "rollback_then_delete", sql: `rollback; delete from ${ledger} where x > 0` },
    { name: "start_transaction", sql: `start transaction` },
    { name: "drop_table", sql: `drop table ${victim}` },
    { name: "truncate", sql: `truncate table ${ledger}` },
    { name: "insert", sql: `insert into ${ledger} (x, note) values (1000, 'added by preview')` },
    { name: "update", sql: `update ${ledger} set note = 'changed by preview' where x > 0` },
    { name: "delete", sql: `delete from ${ledger} where x > 0` },
    { name: "alter_table", sql: `alter table ${ledger} add column extra ${integerType}` },
    { name: "create_table", sql: `create table ${newTable} as select 1 as x` },
    { name: "create_schema", sql: `create schema ${newSchema}` },
    ...target.extraHostile,
  ];
}

/** What a check may answer: success, or failures that each name the step. */
function expectSucceedsOrNamesStep(result: Awaited<ReturnType<typeof jobGroup.check>>, steps: HostileStep[]): void {
  for (const failure of result.failures ?? []) {
    const named = steps.some((step, index) => failure.property === `steps[${index}].sql` || failure.reason.includes(`step "${step.name}"`));
    expect(named, `${failure.property}: ${failure.reason}`).toBe(true);
  }
}

// Every registered vendor, through its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { covered, excluded } = partition(await loadFixtures(), (fixture) => fixture.previewTarget);
  it.each(excluded)("preview changes nothing on %s cannot be shown here: %s", (_vendor, reason) => {
    expect(reason).not.toBe("");
  });
  describe.each(covered)("preview changes nothing on %s", (vendor, previewTarget) => {
    let target: PreviewTarget;
    beforeAll(async () => {
      target = await previewTarget();
    }, 300_000);
    afterAll(async () => {
      await target?.close();
    });

    const job = (steps: HostileStep[]) => ({
      resourceName: `preview-promise-${vendor}`,
      connection: target.connection,
      steps,
      output: { path: target.outputPath, table: "promise_result" },
    });

    it("the hostile catalogue, as an earlier step and as the result step, changes no row, table, schema or file", async () => {
      const before = await target.snapshot();
      expect(Object.keys(before.tables).length).toBeGreaterThanOrEqual(2);
      const outcomes: string[] = [];
      for (const hostile of hostileSteps(target)) {
        for (const steps of [[hostile, { name: "result", sql: `select count(*) as n from ${target.victim}` }], [hostile]]) {
          const result = await jobGroup.check({}, job(steps));
          expectSucceedsOrNamesStep(result, steps);
          const after = await target.snapshot();
          expect(after, `after previewing ${hostile.name} (${steps.length} steps)`).toEqual(before);
          outcomes.push(`${hostile.name}/${steps.length}: ${result.failures?.length ? "refused" : "compiled"}`);
        }
      }
      // Transaction control is refused on every vendor before anything reaches the database.
      const refused = await jobGroup.check(
        {},
        job([{ name: "begin_delete_commit", sql: `begin; delete from ${target.ledger} where x > 10; commit;` }]),
      );
      expect(refused.failures).toEqual([
        { property: "steps[0].sql", reason: expect.stringMatching(/BEGIN is transaction control.*remove BEGIN, COMMIT/) },
      ]);
      console.log(`${vendor}: ${outcomes.join(", ")}`);
    });

    it("a data session refuses text holding two statements instead of running the second", async () => {
      // The connection as check normalised it (vendor defaults filled in), as sessions receive it.
      const checked = await jobGroup.check({}, job([{ name: "result", sql: `select count(*) as n from ${target.victim}` }]));
      expect(checked.failures ?? []).toEqual([]);
      const { configuration, credentials } = checked.inputs.connection as { configuration: unknown; credentials: unknown };
      const session = await (await loadVendor(vendor)).openData({ configuration, credentials }, new AbortController().signal);
      const before = await target.snapshot();
      try {
        const smuggled = `select 1 as one; insert into ${target.ledger} (x, note) values (2000, 'smuggled')`;
        await expect(session.execute(smuggled)).rejects.toThrow();
        await expect(session.rows(smuggled)).rejects.toThrow();
      } finally {
        await session.close();
      }
      expect(await target.snapshot()).toEqual(before);
    });
  });
});

describe("preview creates no DuckDB file", () => {
  const folder = mkdtempSync(join(tmpdir(), "preview-promise-missing-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("the connection's dry run says the first up creates a missing file, and creates nothing", async () => {
    const path = join(folder, "connection.duckdb");
    const output = await capturedOutput(() => connection.check({}, { resourceName: "embedded", type: "duckdb", configuration: { path } }));
    expect(output.result.failures ?? []).toEqual([]);
    expect(output.text).toContain(`${path} does not exist yet: the first up creates it`);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("a JobGroup preview on a missing file reports its columns and creates nothing", async () => {
    const path = join(folder, "job.duckdb");
    const result = await jobGroup.check(
      {},
      {
        resourceName: "embedded-job",
        connection: { connectionId: "duck", type: "duckdb", configuration: { path }, credentials: {} },
        steps: [
          { name: "prepare", sql: "create table staging_rows as select 1 as id, 'a' as label" },
          { name: "result", sql: "select id, label from staging_rows" },
        ],
      },
    );
    expect(result.failures ?? []).toEqual([]);
    expect((result.inputs.result as { columns: Array<{ name: string }> }).columns.map((column) => column.name)).toEqual(["id", "label"]);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("a Publication's target check on a missing file creates nothing", async () => {
    const path = join(folder, "target.duckdb");
    const duckdb = { connectionId: "duck", type: "duckdb", configuration: { path }, credentials: {} };
    const result = await publication.check(
      {},
      {
        resourceName: "embedded-report",
        source: {
          connection: duckdb,
          result: { path: ["dataplane"], table: "job_result", columns: [{ name: "id", nativeType: "INTEGER" }] },
        },
        connection: duckdb,
        path: ["main"],
        table: "report",
        action: "createAndLoad",
      },
    );
    expect(result.failures ?? []).toEqual([]);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("refresh (preview --refresh) of a deleted file reports the result dropped and creates nothing", async () => {
    const own = mkdtempSync(join(folder, "refresh-"));
    const configuration = { path: join(own, "deleted.duckdb") };
    const duckdb = { connectionId: "duck", type: "duckdb", configuration, credentials: {} };
    const checked = await jobGroup.check(
      {},
      { resourceName: "deleted-job", connection: duckdb, steps: [{ name: "result", sql: "select 1 as id" }] },
    );
    const { id, outs } = await jobGroup.create(checked.inputs);
    const connectionOuts = await connection.create({ resourceName: "deleted", type: "duckdb", configuration, excludeAllTables: true });
    await (await vendors.duckdb.load()).release?.(configuration as never);
    rmSync(own, { recursive: true, force: true });
    mkdirSync(own);

    const refreshed = await jobGroup.read(id, outs);
    await connection.read(connectionOuts.id, connectionOuts.outs as unknown as Record<string, unknown>);

    expect(refreshed.props.status).toBe("DRIFTED");
    expect(readdirSync(own)).toEqual([]);
    rmSync(own, { recursive: true });
  });

  it("a missing folder fails the dry run, as it would fail up", async () => {
    const path = join(folder, "no-such-folder", "x.duckdb");
    const result = await connection.check({}, { resourceName: "embedded", type: "duckdb", configuration: { path } });
    expect(result.failures?.[0].reason).toMatch(/no-such-folder of configuration.path does not exist: create it first/);
    expect(readdirSync(folder)).toEqual([]);
  });
});

/** What a provider function writes to stdout and stderr (progress lines) while it runs. */
async function capturedOutput<T>(work: () => Promise<T>): Promise<{ result: T; text: string }> {
  let text = "";
  const spies = [vi.spyOn(process.stdout, "write"), vi.spyOn(process.stderr, "write")].map((spy) =>
    spy.mockImplementation((chunk: string | Uint8Array) => ((text += String(chunk)), true)),
  );
  try {
    return { result: await work(), text };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
