/**
 * What a job adds on top of its result, on each warehouse: the profiler (null count, min and
 * max per column, computed in the warehouse) and writeSettings (the result streamed out of
 * the warehouse into a scratch DuckDB file whose writers produce the file).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { uniqueName } from "../support/admin";
import { loadFixtures, partition, type Warehouse } from "../support/vendors";

const directory = mkdtempSync(join(tmpdir(), "dataplane-warehouse-jobs-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// Every registered vendor with a warehouse profile in its fixture (suites collect asynchronously).
describe("every registered warehouse peer", async () => {
  const { covered } = partition(await loadFixtures(), (fixture) => fixture.warehouse);
  describe.each(covered)("a job on %s", (warehouse, profile) => {
    let peer: Warehouse;
    beforeAll(async () => {
      peer = await profile.start("job_extras");
    }, 60_000);
    afterAll(async () => {
      await peer?.close();
    });

    it("profiles its result and writes it to a CSV file", async () => {
      const file = join(directory, `${warehouse}.csv`);
      const news = {
        resourceName: `extras-${warehouse}`,
        connection: peer.connection,
        // The same three rows on every engine, one of them with NULLs, from a VALUES-free SELECT each engine reads.
        steps: [
          {
            name: "result",
            sql: `select 1 as ${peer.alias("id")}, 'b' as ${peer.alias("label")} union all select 2, null union all select 3, 'a'`,
          },
        ],
        output: { path: peer.path, table: uniqueName("extras") },
        overrides: { profiler: true, writeSettings: [{ path: file, format: "csv", header: true }] },
      };
      const checked = await jobGroup.check({}, news);
      expect(checked.failures ?? []).toEqual([]);
      const { id, outs } = await jobGroup.create(checked.inputs);
      try {
        expect((outs.jobs as Array<{ stage: string }>).map((job) => job.stage)).toEqual(["query", "write", "profile"]);
        const profile = outs.profile as Array<{ name: string; nullCount: number; min: string | null; max: string | null }>;
        const byName = Object.fromEntries(profile.map((column) => [column.name.toLowerCase(), column]));
        expect(byName.id).toMatchObject({ nullCount: 0, min: "1", max: "3" });
        expect(byName.label).toMatchObject({ nullCount: 1, min: "a", max: "b" });
        expect(existsSync(file)).toBe(true);
        const lines = readFileSync(file, "utf8").trim().split("\n");
        expect(lines[0].toLowerCase()).toBe("id,label");
        expect(lines.slice(1).sort()).toEqual(["1,b", "2,", "3,a"]);
      } finally {
        await jobGroup.remove(id, outs);
      }
    });
  });
});
