import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { withMysql, withPostgres } from "../support/admin";
import { checked, scratchConnections, uniqueName } from "./job-group-fixtures";

/** timeoutSeconds: the job fails on time, and the statement no longer runs in the server. */
const { scratch, connections } = scratchConnections("job-timeout");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SLOW: Record<"postgres" | "mysql", (marker: string) => string> = {
  postgres: (marker) => `select 1 as ${marker} from pg_sleep(30)`,
  mysql: (marker) => `select sleep(30) as ${marker}`,
};

async function running(vendor: "postgres" | "mysql", marker: string): Promise<number> {
  if (vendor === "postgres") {
    return withPostgres(async (client) => {
      const result = await client.query("select count(*) as n from pg_stat_activity where query like $1 and pid <> pg_backend_pid()", [`%${marker}%`]);
      return Number(result.rows[0].n);
    });
  }
  return withMysql(async (connection) => {
    const [rows] = await connection.query("select count(*) as n from information_schema.processlist where info like ? and id <> connection_id()", [`%${marker}%`]);
    return Number((rows as Array<{ n: number }>)[0].n);
  });
}

/** Polls until `count` returns 0 or the wait is over; returns the last count. */
async function settles(count: () => Promise<number>, milliseconds = 1_000): Promise<number> {
  const until = performance.now() + milliseconds;
  let last = await count();
  while (last > 0 && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await count();
  }
  return last;
}

describe.each(["postgres", "mysql"] as const)("JobGroup timeout on %s", (vendor) => {
  it("create fails within ~3 s with timed out, and the statement is cancelled in the server", async () => {
    const marker = uniqueName("slow");
    const started = performance.now();
    const creating = jobGroup.create({
      resourceName: `timeout-${vendor}`,
      connection: connections[vendor],
      steps: [{ name: "slow", sql: SLOW[vendor](marker) }],
      output: { table: uniqueName("timeout") },
      timeoutSeconds: 2,
    });
    // While it runs, the server shows the statement: the query below can see it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await running(vendor, marker)).toBe(1);
    await expect(creating).rejects.toThrow(/timed out.*cancelled in the database/);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await settles(() => running(vendor, marker))).toBe(0);
  });
});

describe("JobGroup check timeout on postgres", () => {
  it("a setup step still running at the check's deadline is cancelled in the server", async () => {
    const marker = uniqueName("slow_check");
    const started = performance.now();
    const checking = jobGroup.check({}, {
      resourceName: "timeout-check",
      connection: connections.postgres,
      steps: [
        { name: "warm_up", sql: SLOW.postgres(marker) },
        { name: "result", sql: "select 1 as id" },
      ],
      output: { table: uniqueName("timeout_check") },
      timeoutSeconds: 2,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await running("postgres", marker)).toBe(1);
    const { failures } = await checking;
    expect(failures?.[0].reason).toMatch(/timed out/);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await settles(() => running("postgres", marker))).toBe(0);
  });

  it("a job within its deadline is unaffected", async () => {
    const inputs = await checked({ connection: connections.postgres, steps: [{ name: "result", sql: "select 1 as id from pg_sleep(0.2)" }], output: { table: uniqueName("in_time") }, timeoutSeconds: 2 });
    const { id, outs } = await jobGroup.create(inputs);
    expect(outs.status).toBe("COMPLETE");
    await jobGroup.remove(id, outs);
  });
});
