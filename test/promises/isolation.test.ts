import { describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { VENDOR_TYPES, loadVendor } from "../../provider/vendors/registry";
import { uniqueName } from "../support/admin";
import { trino } from "../support/services";
import { ensureTrino, trinoMoved } from "../support/trino-server";
import { loadFixtures, partition, type ConnectionReference, type Excluded } from "../support/vendors";
import { checksum, tablesIn } from "./support/isolation-reads";

/**
 * Promise: two resources of one stack, two stacks and two projects on one database never
 * read, overwrite or drop each other's tables, also when their `up`s run at the same moment.
 * Every registered vendor is in the matrix or excluded with the reason its fixture states;
 * a vendor whose concurrent writers are not serialised says why in its fixture (noWriterLock).
 * Publications run again with Trino moving the rows (`engine`) into each vendor whose database
 * the suite's Trino reaches (the fixture's placeEngineCatalog), or say why not.
 */
const dev = { project: "shop", stack: "dev" };
const prod = { project: "shop", stack: "prod" };
const ROUNDS = 20;

/** How a publication's rows reach the target: streamed (or pushed down), or moved by Trino (`engine`). */
type Mover = "streamed" | "moved by Trino";

/** The `engine` input for a Trino-moved publication whose target the catalog reaches; nothing when streamed. */
function engineInput(mover: Mover, catalog: string | Excluded, user: string): Record<string, unknown> {
  if (mover === "streamed" || typeof catalog !== "string") return {};
  return {
    engine: {
      connection: { connectionId: "isolation-engine", type: "trino", configuration: { server: trino.server, user }, credentials: {} },
      sourceCatalog: "postgresql",
      targetCatalog: catalog,
    },
  };
}

async function runJob(connection: ConnectionReference, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const checked = await jobGroup.check(olds, { connection, ...news });
  expect(checked.failures ?? []).toEqual([]);
  return jobGroup.create(checked.inputs);
}

// Suites collect asynchronously: the fixtures load before the vendors' tests are declared.
describe("every registered vendor", async () => {
  const fixtures = await loadFixtures();
  const { covered, excluded } = partition(fixtures, (fixture) => fixture.isolation);
  const engineCatalogs = new Map(fixtures.map((fixture) => [fixture.type, fixture.placeEngineCatalog]));
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
    const engineCatalog = engineCatalogs.get(type)!;
    const engineUser = `isolation_engine_${type}`;
    const movers: Mover[] = ["streamed", "moved by Trino"];

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

    for (const mover of movers) {
      if (mover === "moved by Trino" && typeof engineCatalog !== "string") {
        it.sequential(`publications moved by Trino cannot be shown here: ${engineCatalog.excluded}`, () =>
          expect(engineCatalog.excluded).not.toBe(""));
        continue;
      }
      publicationCases(mover);
    }

    function publicationCases(mover: Mover): void {
      const moved = mover === "moved by Trino" ? ", moved by Trino" : "";
      it.sequential(`a publication of another stack cannot replace a job's result table${moved}`, async () => {
        if (moved) await ensureTrino();
        const owner = await runJob(connection, {
          resourceName: uniqueName("owned"),
          pulumiStack: dev,
          steps: [{ name: "rows", sql: profile.numbersSql(1, 3) }],
        });
        const result = owner.outs.result as { path: string[]; table: string };
        const before = await resultChecksum(owner.outs);
        // Moved by Trino, the source is a Postgres job (Trino's catalog postgresql reads it).
        const sourceProfile = moved ? profiles.get("postgres")! : profile;
        const source = await runJob(moved ? connections.get("postgres")! : connection, {
          resourceName: uniqueName("other"),
          pulumiStack: prod,
          steps: [{ name: "rows", sql: sourceProfile.numbersSql(50, 2) }],
        });
        const publish = {
          resourceName: "overwrite",
          pulumiStack: prod,
          source: { jobGroupId: source.id, runId: source.outs.runId, connection: source.outs.connection, result: source.outs.result },
          connection,
          path: result.path,
          table: result.table,
          action: "truncateAndLoad",
          ...engineInput(mover, engineCatalog, engineUser),
        };
        const preview = await publication.check({}, publish);
        expect(preview.failures?.[0]?.reason).toMatch(/belongs to JobGroup ".*" of stack shop\/dev/);
        await expect(publication.create({ ...publish, ...(preview.inputs as object) })).rejects.toThrow(/belongs to JobGroup/);
        expect(await resultChecksum(owner.outs)).toBe(before);
        await jobGroup.remove(owner.id, owner.outs);
        await jobGroup.remove(source.id, source.outs);
      });

      const serialised = profile.noWriterLock === undefined;
      it.sequential(`${ROUNDS} rounds of two stacks publishing into one table at once${moved}: ${serialised ? "serialised, " : ""}never mixed, no staging left`, async () => {
        if (moved) await ensureTrino();
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
          ...engineInput(mover, engineCatalog, engineUser),
        });
        for (let round = 0; round < ROUNDS; round++) {
          const outcomes = await Promise.allSettled([0, 1].map((index) => publication.create(inputsFor(index))));
          // Serialised writers both succeed; without a lock one may fail, with a clear error, never by mixing rows.
          if (serialised)
            expect(outcomes.map((outcome) => (outcome.status === "rejected" ? String(outcome.reason) : "ok"))).toEqual(["ok", "ok"]);
          else expect(outcomes.some((outcome) => outcome.status === "fulfilled")).toBe(true);
          expect(sources.map((source) => source.checksum)).toContain(await checksum(profile, connection, path, table));
          if (moved) expect(await trinoMoved(engineUser, table)).toBe(true);
          expect(
            (await tablesIn(profile, connection, path)).filter((name) => name.startsWith(table.slice(0, 24)) && name !== table),
          ).toEqual([]);
        }
        for (const source of sources) await jobGroup.remove(source.job.id, source.job.outs);
      });
    }
  });
});
