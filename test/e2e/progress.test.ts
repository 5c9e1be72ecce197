import { afterAll, describe, expect, it } from "vitest";
import { mysql } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { uniqueName, withMysql, withPostgres } from "./support/databases";
import { mysqlStackConfig, postgresStackConfig, stackConfig } from "./support/stack-config";

/** Progress lines of `resource` in the CLI's output: rows so far, and where a total is known, of how many and the percentage. */
function progressLines(output: string, resource: string): Array<{ rows: number; total?: number; percentage?: number }> {
  const pattern = new RegExp(`^\\s*${resource}: ([\\d,]+)(?: of ([\\d,]+))? rows(?: \\((\\d+)%\\))?, [\\d,]+ rows/s$`, "gm");
  return [...output.matchAll(pattern)].map((match) => ({
    rows: Number(match[1].replaceAll(",", "")),
    total: match[2] === undefined ? undefined : Number(match[2].replaceAll(",", "")),
    percentage: match[3] === undefined ? undefined : Number(match[3]),
  }));
}

describe("progress of a long load, through the real pulumi CLI (Postgres job → MariaDB)", () => {
  const stack = new Workspace("test/e2e/programs/long-running");
  const jobTable = uniqueName("progress_rows");
  const targetTable = uniqueName("progress_target");
  const ROWS = 1_500_000;

  afterAll(async () => {
    await stack.run(["destroy", "--yes"]);
    stack.dispose();
    await withPostgres((client) => client.query(`drop table if exists dataplane.${jobTable}`));
    await withMysql((connection) => connection.query(`drop table if exists \`${mysql.database}\`.\`${targetTable}\``));
  });

  it("reports rows of the known total with a percentage that only grows, stays ≤ 100 and ends at every row", async () => {
    await stack.initStack(
      "dev",
      ...stackConfig(postgresStackConfig(), mysqlStackConfig(), { mode: "publication", rows: String(ROWS), jobTable, targetTable }),
    );
    const up = await stack.ok(["up", "--yes", "--skip-preview"]);

    const lines = progressLines(up.output, "long-load");
    // One line at least while rows arrive (every 2 s), and the last one when all are in.
    expect(lines.length, up.output).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line.total).toBe(ROWS);
      expect(line.percentage).toBe(Math.floor((line.rows / ROWS) * 100));
      expect(line.percentage).toBeLessThanOrEqual(100);
    }
    const percentages = lines.map((line) => line.percentage ?? -1);
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
    expect(lines.at(-1)).toEqual({ rows: ROWS, total: ROWS, percentage: 100 });
    expect(lines.slice(0, -1).some((line) => (line.percentage ?? 100) < 100)).toBe(true);
  }, 300_000);
});
