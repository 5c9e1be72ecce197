import { describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { VENDOR_TYPES, loadVendor } from "../../provider/vendors/registry";
import { uniqueName } from "../support/admin";
import { loadFixtures, partition, type ConnectionReference } from "../support/vendors";
import { checksum, tablesIn } from "./support/isolation-reads";

/**
 * Promise: two resources of one stack, two stacks and two projects on one database never
 * read, overwrite or drop each other's tables, also when their `up`s run at the same moment.
 * Every registered vendor is in the matrix or excluded with the reason its fixture states;
 * a vendor whose concurrent writers are not serialised says why in its fixture (noWriterLock).
 */
const dev = { project: "shop", stack: "dev" };
const prod = { project: "shop", stack: "prod" };
const ROUNDS = 20;

async function runJob(connection: ConnectionReference, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const checked = await jobGroup.check(olds, { connection, ...news });
  expect(checked.failures ?? []).toEqual([]);
  return jobGroup.create(checked.inputs);
}

// Suites collect asynchronously: the fixtures load before the vendors' tests are declared.
describe("every registered vendor", async () => {
  const { covered, excluded } = partition(await loadFixtures(), (fixture) => fixture.isolation);
  const profiles = new Map(covered);
  const connections = new Map(covered.map(([type, profile]) => [type, profile.connection("isolation")]));

  it("every vendor of the registry is in the isolation matrix or excluded with a reason", () => {
    expect([...covered.map(([type]) => type), ...excluded.map(([type]) => type)].sort()).toEqual([...VENDOR_TYPES].sort());
    for (const [type, reason] of excluded) expect(reason, type).not.toBe("");
  });

  // Vendors run side by side (every table a case touches has a name of its own); one vendor's
  // cases run one after another.
  describe.concurrent.each(covered)("isolation on %s", (type, profile) => {
    const connection = connections.get(type)!;

    async function resultChecksum(outs: Record<string, unknown>): Promise<string> {
      const result = outs.result as { path: string[]; table: string };
      return checksum(profile, connection, result.path, result.table);
    }

    it.sequential("two stacks of one program each get their own default result table, and destroying one keeps the other's", async () => {
      const name = uniqueName("orders");
      const devJob = await runJob(connection, {
        resourceName: name,
        pulumiStack: dev,
        steps: [{ name: "rows", sql: profile.numbersSql(1, 3) }],
      });
      const prodJob = await runJob(connection, {
        resourceName: name,
        pulumiStack: prod,
        steps: [{ name: "rows", sql: profile.numbersSql(10, 5) }],
      });
      const devResult = devJob.outs.result as { table: string };
      const prodResult = prodJob.outs.result as { table: string };
      expect(devResult.table).not.toBe(prodResult.table);
      const prodBefore = await resultChecksum(prodJob.outs);
      expect(prodBefore).toMatch(/^5:/);
      expect(await resultChecksum(devJob.outs)).toMatch(/^3:/);

      await jobGroup.remove(devJob.id, devJob.outs);
      expect(await resultChecksum(prodJob.outs)).toBe(prodBefore);
      await jobGroup.remove(prodJob.id, prodJob.outs);
    });

    it.sequential("a stack can neither overwrite nor drop a table another stack's job owns, unless it adopts it", async () => {
      const table = uniqueName("shared");
      const owner = await runJob(connection, {
        resourceName: "ledger",
        pulumiStack: dev,
        steps: [{ name: "rows", sql: profile.numbersSql(1, 4) }],
        output: { table },
      });
      const before = await resultChecksum(owner.outs);

      const intruder = {
        connection,
        resourceName: "ledger",
        pulumiStack: prod,
        steps: [{ name: "rows", sql: profile.numbersSql(100, 2) }],
        output: { table },
      };
      const preview = await jobGroup.check({}, intruder);
      expect(preview.failures?.[0]?.reason).toMatch(/belongs to JobGroup "ledger" of stack shop\/dev.*adopt: true/);
      await expect(jobGroup.create({ ...intruder, ...(preview.inputs as object) })).rejects.toThrow(
        /belongs to JobGroup "ledger" of stack shop\/dev/,
      );
      expect(await resultChecksum(owner.outs)).toBe(before);

      const adopted = await runJob(connection, { ...intruder, adopt: true });
      const adoptedChecksum = await resultChecksum(adopted.outs);
      expect(adoptedChecksum).toMatch(/^2:/);
      // The first owner's destroy leaves the table to the stack that adopted it.
      await jobGroup.remove(owner.id, owner.outs);
      expect(await resultChecksum(adopted.outs)).toBe(adoptedChecksum);
      await jobGroup.remove(adopted.id, adopted.outs);
      expect((await tablesIn(profile, connection, (adopted.outs.result as { path: string[] }).path)).includes(table)).toBe(false);
    });

    it.sequential("two jobs of one stack writing one table fail at preview, naming the other", async () => {
      const table = uniqueName("twice");
      const first = await jobGroup.check(
        {},
        {
          connection,
          // Named per vendor: the vendors run side by side in this process, and a resource's
          // claim follows its name within a stack.
          resourceName: `first-writer-${type}`,
          pulumiStack: dev,
          steps: [{ name: "rows", sql: profile.numbersSql(1, 1) }],
          output: { table },
        },
      );
      expect(first.failures ?? []).toEqual([]);
      const second = await jobGroup.check(
        {},
        {
          connection,
          resourceName: `second-writer-${type}`,
          pulumiStack: dev,
          steps: [{ name: "rows", sql: profile.numbersSql(1, 1) }],
          output: { table },
        },
      );
      expect(second.failures).toEqual([
        { property: "output.table", reason: expect.stringContaining(`also written by JobGroup "first-writer-${type}" in this stack`) },
      ]);
    });

    it.sequential("a publication of another stack cannot replace a job's result table", async () => {
      const owner = await runJob(connection, {
        resourceName: uniqueName("owned"),
        pulumiStack: dev,
        steps: [{ name: "rows", sql: profile.numbersSql(1, 3) }],
      });
      const result = owner.outs.result as { path: string[]; table: string };
      const before = await resultChecksum(owner.outs);
      const source = await runJob(connection, {
        resourceName: uniqueName("other"),
        pulumiStack: prod,
        steps: [{ name: "rows", sql: profile.numbersSql(50, 2) }],
      });
      const publish = {
        resourceName: "overwrite",
        pulumiStack: prod,
        source: { jobGroupId: source.id, runId: source.outs.runId, connection: source.outs.connection, result: source.outs.result },
        connection,
        path: result.path,
        table: result.table,
        action: "truncateAndLoad",
      };
      const preview = await publication.check({}, publish);
      expect(preview.failures?.[0]?.reason).toMatch(/belongs to JobGroup ".*" of stack shop\/dev/);
      await expect(publication.create({ ...publish, ...(preview.inputs as object) })).rejects.toThrow(/belongs to JobGroup/);
      expect(await resultChecksum(owner.outs)).toBe(before);
      await jobGroup.remove(owner.id, owner.outs);
      await jobGroup.remove(source.id, source.outs);
    });

    const serialised = profile.noWriterLock === undefined;
    it.sequential(`${ROUNDS} rounds of two stacks publishing into one table at once: ${serialised ? "serialised, " : ""}never mixed, no staging left`, async () => {
      // The sources are Postgres jobs: the target vendor is what varies.
      const pg = connections.get("postgres")!;
      const sources = await Promise.all(
        [dev, prod].map(async (stack, index) => {
          const job = await runJob(pg, {
            resourceName: uniqueName(`source_${stack.stack}`),
            pulumiStack: stack,
            steps: [{ name: "rows", sql: profiles.get("postgres")!.numbersSql(index * 10_000 + 1, 2_000) }],
          });
          return {
            stack,
            job,
            checksum: await checksum(
              profiles.get("postgres")!,
              pg,
              (job.outs.result as { path: string[] }).path,
              (job.outs.result as { table: string }).table,
            ),
          };
        }),
      );
      const path = (await loadVendor(type)).defaultJobPath(connection.configuration);
      const table = uniqueName("contested");
      const inputsFor = (index: number) => ({
        resourceName: "contested",
        pulumiStack: sources[index].stack,
        source: {
          jobGroupId: sources[index].job.id,
          runId: sources[index].job.outs.runId,
          connection: sources[index].job.outs.connection,
          result: sources[index].job.outs.result,
        },
        connection,
        path,
        table,
        action: "dropAndLoad",
        adopt: true,
      });
      for (let round = 0; round < ROUNDS; round++) {
        const outcomes = await Promise.allSettled([0, 1].map((index) => publication.create(inputsFor(index))));
        // Serialised writers both succeed; without a lock one may fail, with a clear error, never by mixing rows.
        if (serialised)
          expect(outcomes.map((outcome) => (outcome.status === "rejected" ? String(outcome.reason) : "ok"))).toEqual(["ok", "ok"]);
        else expect(outcomes.some((outcome) => outcome.status === "fulfilled")).toBe(true);
        expect(sources.map((source) => source.checksum)).toContain(await checksum(profile, connection, path, table));
        expect((await tablesIn(profile, connection, path)).filter((name) => name.startsWith(table.slice(0, 24)) && name !== table)).toEqual(
          [],
        );
      }
      for (const source of sources) await jobGroup.remove(source.job.id, source.job.outs);
    });
  });
});
