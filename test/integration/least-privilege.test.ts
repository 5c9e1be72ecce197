import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { uniqueName } from "../support/admin";
import { loadFixtures, partition, type LeastPrivilegedUser } from "../support/vendors";

/**
 * Defect 10 of issue 8: a user holding only what a job and a publication need — no right to
 * create schemas (databases on MariaDB) — runs a job whose result goes into an existing schema,
 * and publishes with every action. The privileges granted here are the ones the README lists.
 * Every registered vendor whose fixture has a leastPrivilege profile; the others say there
 * why they have no privileges to test here (no users, emulators that enforce no grants, Trino's
 * access rules).
 */
const ROWS = "select 1 as id, 'one' as label union all select 2, 'two' union all select 3, 'three'";

async function checksum(server: LeastPrivilegedUser, table: string): Promise<string> {
  const rows = await server.admin(`select id, label from ${server.qualified(table)} order by id`);
  return createHash("md5")
    .update(rows.map((row) => `${Number(row.id)}\t${String(row.label)}`).join("\n"))
    .digest("hex");
}

// Suites collect asynchronously: the fixtures load before the vendors' tests are declared.
describe("every registered vendor", async () => {
  const { covered } = partition(await loadFixtures(), (fixture) => fixture.leastPrivilege);
  describe.each(covered)("least privileges on %s", (_vendor, profile) => {
    let server: LeastPrivilegedUser;
    let job: { id: string; outs: Record<string, unknown> };
    let source: Record<string, unknown>;
    let sourceSum: string;

    beforeAll(async () => {
      server = await profile.start();
    });

    afterAll(async () => {
      if (job) await jobGroup.remove(job.id, job.outs).catch(() => undefined);
      await server?.drop();
    });

    it("runs a job whose result goes into an existing schema", async () => {
      const checked = await jobGroup.check(
        {},
        {
          resourceName: "least-job",
          connection: server.connection,
          steps: [{ name: "rows", sql: ROWS }],
          output: { path: [server.schema], table: "numbers" },
        },
      );
      expect(checked.failures ?? []).toEqual([]);
      job = await jobGroup.create(checked.inputs);
      source = { jobGroupId: job.id, runId: job.outs.runId, connection: job.outs.connection, result: job.outs.result };
      sourceSum = await checksum(server, "numbers");
      expect(job.outs.result).toMatchObject({ rowCount: 3 });
    });

    it("publishes into a table it creates with every action", async () => {
      const inputs = (action: string) => ({
        resourceName: "least-pub",
        source,
        connection: server.connection,
        path: [server.schema],
        table: "published",
        action,
        ...(action === "upsert" ? { keys: ["id"] } : {}),
      });
      let olds: Record<string, unknown> = {};
      let state: Record<string, unknown> | undefined;
      let id = "";
      for (const action of ["createAndLoad", "truncateAndLoad", "upsert", "dropAndLoad", "create"]) {
        const checked = await publication.check(olds, inputs(action));
        expect(checked.failures ?? [], action).toEqual([]);
        if (state) state = (await publication.update(id, state, checked.inputs)).outs;
        else ({ id, outs: state } = await publication.create(checked.inputs));
        olds = checked.inputs;
        expect(await checksum(server, "published"), action).toBe(sourceSum);
      }
      await publication.remove(id, state as Record<string, unknown>);
    });

    it.each(["load", "truncateAndLoad", "upsert"] as const)(
      "%s into a table someone else created, with only the table grants it needs",
      async (action) => {
        const table = uniqueName(`theirs_${action.toLowerCase()}`);
        await server.admin(`create table ${server.qualified(table)} (id integer, label varchar(20))`);
        await server.admin(server.grantOnTable(server.tableGrants[action], table));
        const checked = await publication.check(
          {},
          {
            resourceName: "least-theirs",
            source,
            connection: server.connection,
            path: [server.schema],
            table,
            action,
            ...(action === "upsert" ? { keys: ["id"] } : {}),
          },
        );
        expect(checked.failures ?? []).toEqual([]);
        await publication.create(checked.inputs);
        expect(await checksum(server, table)).toBe(sourceSum);
      },
    );
  });
});
