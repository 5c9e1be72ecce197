import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { uniqueName } from "../support/admin";
import { isExcluded, loadFixtures, type Place } from "../support/vendors";

/**
 * A long job reports, every 5 s, how far its statement is by the engine's own progress
 * (DataSession.progress): DuckDB keeps one for table scans. Engines without one report the
 * elapsed time only (the line's other parts are never estimated by us).
 */
describe("a long DuckDB job reports the engine's progress", () => {
  let place: Place;
  const lines: string[] = [];
  const ROWS = 12_000_000;

  beforeAll(async () => {
    const fixture = (await loadFixtures()).find((candidate) => candidate.type === "duckdb");
    if (!fixture || isExcluded(fixture.place)) throw new Error("the duckdb fixture must reach its place: DuckDB runs in process");
    place = await fixture.place();
    await place.admin(`create table main.big as select range as n from range(${ROWS})`);
    const write = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array) => boolean;
    vi.spyOn(process.stderr, "write").mockImplementation(((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return write(chunk);
    }) as typeof process.stderr.write);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await place?.close();
  });

  it("running lines carry rows processed and a percentage that grows and stays ≤ 100; the last line is the true total", async () => {
    const table = uniqueName("progress");
    const checked = await jobGroup.check(
      {},
      {
        resourceName: "slow-job",
        connection: place.connection,
        // md5 of every row keeps the scan busy for several report intervals.
        steps: [{ name: "groups", sql: "select n % 1000 as k, count(*) as c, max(md5(n::varchar)) as h from main.big group by 1" }],
        output: { path: ["main"], table },
      },
    );
    expect(checked.failures ?? []).toEqual([]);
    const job = await jobGroup.create(checked.inputs);
    const output = lines.join("");
    const running = [
      ...output.matchAll(/^slow-job: running, (\d+) s, ([\d,]+) rows processed \([\d,]+ rows\/s\), (\d+)% by the engine's progress$/gm),
    ].map((match) => ({ seconds: Number(match[1]), rows: Number(match[2].replaceAll(",", "")), percentage: Number(match[3]) }));
    expect(running.length, output).toBeGreaterThanOrEqual(1);
    const percentages = running.map((line) => line.percentage);
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
    for (const line of running) {
      expect(line.percentage).toBeGreaterThan(0);
      expect(line.percentage).toBeLessThanOrEqual(100);
    }
    const processed = running.map((line) => line.rows);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(output).toMatch(new RegExp(`^slow-job: 1,000 rows in main\\.${table} \\(`, "m"));
    expect((job.outs.result as { rowCount: number }).rowCount).toBe(1000);
    await jobGroup.remove(job.id, job.outs);
  }, 180_000);
});
