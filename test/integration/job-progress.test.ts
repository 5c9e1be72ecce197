import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import type { VendorType } from "../../provider/vendors/registry";
import { uniqueName } from "../support/admin";
import { isExcluded, loadFixtures, type Place } from "../support/vendors";
import { captureStderr, type StderrCapture } from "../support/capture-stderr";

/**
 * A long job reports, every DATAPLANE_PROGRESS_SECONDS (5 s by default; 1 s here, so that a
 * machine fast enough to finish the scan in a few seconds still shows several reports), how far its statement is by the engine's own progress
 * (DataSession.progress): DuckDB keeps a percentage and the rows its pipelines processed for
 * table scans; Trino's coordinator counts the rows its sources processed (its percentage counts
 * finished splits, which a memory table finishes only at the end). Engines without such
 * counts report the elapsed time only: the other vendors' sessions have no progress().
 */
interface Case {
  type: VendorType;
  rows: number;
  /** A table of `rows` rows in the place, as the administrator makes it. */
  setup(place: Place, table: string): string;
  /** A query over it that keeps the engine busy for several report intervals, 1,000 result rows. */
  job(place: Place, table: string): string;
  /**
   * Whether every report carries the engine's percentage. Trino's counts finished splits, so it
   * appears only late in the scan, or not at all on an idle machine (seen on a loaded one).
   */
  percentage: boolean;
}

const CASES: Case[] = [
  {
    type: "duckdb",
    rows: 25_000_000,
    setup: (place, table) => `create table ${place.qualified(table)} as select range as n from range(25000000)`,
    job: (place, table) =>
      `select n % 1000 as k, count(*) as c, max(md5(md5(md5(n::varchar)))) as h from ${place.qualified(table)} group by 1`,
    percentage: true,
  },
  {
    type: "trino",
    rows: 6_000_000,
    setup: (place, table) =>
      `create table ${place.qualified(table)} as select x as n from unnest(sequence(1, 10000)) a(x) cross join unnest(sequence(1, 600)) b(y)`,
    job: (place, table) =>
      // Costly per row (a chain of hashes), so that even an idle machine spends several report
      // intervals on the scan after the coordinator starts counting.
      `select n % 1000 as k, count(*) as c, max(to_hex(sha512(sha512(sha512(sha512(md5(to_utf8(cast(n as varchar))))))))) as h from ${place.qualified(table)} group by 1`,
    percentage: false,
  },
];

describe("a long job reports the engine's progress", async () => {
  const fixtures = await loadFixtures();
  for (const testCase of CASES) {
    describe(testCase.type, () => {
      let place: Place;
      let stderr: StderrCapture;
      const source = uniqueName("progress_source");

      beforeAll(async () => {
        const fixture = fixtures.find((candidate) => candidate.type === testCase.type);
        if (!fixture || isExcluded(fixture.place)) throw new Error(`the ${testCase.type} fixture must reach its place`);
        place = await fixture.place();
        vi.stubEnv("DATAPLANE_PROGRESS_SECONDS", "1");
        await place.admin(testCase.setup(place, source));
        stderr = captureStderr();
      });
      afterAll(async () => {
        stderr?.restore();
        vi.unstubAllEnvs();
        await place?.admin(`drop table if exists ${place.qualified(source)}`).catch(() => undefined);
        await place?.close();
      });

      it("running lines carry rows processed that grow, a percentage only from the engine (growing, ≤ 100), and the job ends with its true total", async () => {
        const table = uniqueName("progress");
        const name = `slow-${testCase.type}`;
        const checked = await jobGroup.check(
          {},
          {
            resourceName: name,
            connection: place.connection,
            steps: [{ name: "groups", sql: testCase.job(place, source) }],
            output: { path: place.path, table },
          },
        );
        expect(checked.failures ?? []).toEqual([]);
        const job = await jobGroup.create(checked.inputs);
        const output = stderr.text();
        const pattern = new RegExp(
          `^${name}: running, (\\d+) s, ([\\d,]+) rows processed \\([\\d,]+ rows/s\\)(?:, (\\d+)% by the engine's progress)?$`,
          "gm",
        );
        const running = [...output.matchAll(pattern)].map((match) => ({
          rows: Number(match[2].replaceAll(",", "")),
          percentage: match[3] === undefined ? undefined : Number(match[3]),
        }));
        // Two reports at least, so the growth is seen (the job runs several report intervals).
        expect(running.length, output).toBeGreaterThanOrEqual(2);
        const processed = running.map((line) => line.rows);
        expect(processed).toEqual([...processed].sort((a, b) => a - b));
        const percentages = running.map((line) => line.percentage);
        // A percentage, where the engine gives one, is within 0–100 and only grows.
        const given = percentages.filter((percentage) => percentage !== undefined);
        for (const percentage of given) expect(percentage > 0 && percentage <= 100, `${percentage}%`).toBe(true);
        expect(given).toEqual([...given].sort((a, b) => a - b));
        if (testCase.percentage) expect(given.length, output).toBe(percentages.length);
        for (const rows of processed) expect(rows).toBeLessThanOrEqual(testCase.rows);
        expect(output).toMatch(new RegExp(`^${name}: 1,000 rows in ${place.path.join("\\.")}\\.${table} \\(`, "m"));
        expect((job.outs.result as { rowCount: number }).rowCount).toBe(1000);
        await jobGroup.remove(job.id, job.outs);
      }, 240_000);
    });
  }
});
