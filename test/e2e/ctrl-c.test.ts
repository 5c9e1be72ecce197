import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { mysql, postgres } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { uniqueName, withMysql, withPostgres } from "./support/databases";

/**
 * Ctrl-C during `pulumi up`, pressed as in a terminal (SIGINT to the CLI's process group).
 * The engine does not end the provider on the first one (it sends the Cancel RPC, which the
 * Node SDK's dynamic provider server swallows: core/cancellation.ts); on the second it closes
 * its plugins with SIGINT, and the provider must then cancel its statement in the database and
 * drop its staging table before it exits.
 */
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function activeWith(marker: string): Promise<number> {
  return withPostgres(async (client) => {
    const { rows } = await client.query(
      "select count(*) as n from pg_stat_activity where state = 'active' and query like $1 and pid <> pg_backend_pid()",
      [`%${marker}%`],
    );
    return Number(rows[0].n);
  });
}

/** Polls `count` until it is 0 or `seconds` passed; returns how long it took (Infinity if never). */
async function secondsUntilZero(count: () => Promise<number>, seconds: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    if ((await count()) === 0) return (performance.now() - started) / 1000;
    await sleep(100);
  }
  return Number.POSITIVE_INFINITY;
}

async function until(what: string, check: () => Promise<boolean>, seconds: number, output: () => string): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${what} did not happen within ${seconds} s; pulumi printed:\n${output()}`);
}

/**
 * The process group the engine started the dynamic provider in (sdk/go/common/resource/plugin:
 * each plugin gets its own), found as the node process running cmd/dynamic-provider in `directory`.
 */
function providerProcessGroup(directory: string): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!commandLine.includes("cmd/dynamic-provider") || realpathSync(`/proc/${entry}/cwd`) !== realpathSync(directory)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
    } catch {
      // A process that ended meanwhile, or one we may not read.
    }
  }
  throw new Error(`no dynamic provider process runs in ${directory}`);
}

function pgConfig(): Record<string, string> {
  return { pgHost: postgres.host, pgPort: String(postgres.port), pgDatabase: postgres.database, pgUser: postgres.user };
}

describe("Ctrl-C during pulumi up with the real CLI", () => {
  const workspaces: Workspace[] = [];
  const jobTables: string[] = [];
  const mysqlTables: string[] = [];

  afterAll(async () => {
    for (const workspace of workspaces) workspace.dispose();
    await withPostgres(async (client) => {
      for (const table of jobTables) await client.query(`drop table if exists dataplane.${table}`);
    });
    await withMysql(async (connection) => {
      for (const table of mysqlTables) await connection.query(`drop table if exists \`${mysql.database}\`.\`${table}\``);
    });
  });

  async function startLongJob(): Promise<{ marker: string; up: ReturnType<Workspace["start"]> & { directory: string } }> {
    const stack = new Workspace("test/e2e/programs/long-running");
    workspaces.push(stack);
    const marker = uniqueName("ctrl_c");
    const jobTable = uniqueName("ctrl_c_job");
    jobTables.push(jobTable);
    await stack.initStack("dev", { ...pgConfig(), mode: "job", marker, sleepSeconds: "120", jobTable }, { pgPassword: postgres.password });
    const up = stack.start(["up", "--yes"]);
    await until("the job's query running", async () => (await activeWith(marker)) > 0, 90, up.output);
    return { marker, up: { ...up, directory: stack.directory } };
  }

  it("one Ctrl-C: the query is gone from pg_stat_activity within a few seconds, and up fails saying so", async () => {
    const { marker, up } = await startLongJob();
    up.interrupt();
    const pressedAt = performance.now();
    const goneAfter = await secondsUntilZero(() => activeWith(marker), 5);
    const result = await up.finished;
    const exitSeconds = (performance.now() - pressedAt) / 1000;
    console.log(
      `one Ctrl-C: query gone after ${goneAfter.toFixed(1)} s; the CLI exited after ${exitSeconds.toFixed(1)} s (code ${result.code})`,
    );
    expect(goneAfter, result.output).toBeLessThan(5);
    expect(exitSeconds, result.output).toBeLessThan(15);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /cancelled: job long-job was stopped: the Pulumi engine cancelled the update \(Ctrl-C\); the running statement was cancelled in the database, which shows it no longer running/,
    );
  });

  it("Ctrl-C twice at once: the query is gone from pg_stat_activity within a few seconds of the CLI's exit", async () => {
    const { marker, up } = await startLongJob();
    up.interrupt();
    up.interrupt();
    const result = await up.finished;
    const goneAfter = await secondsUntilZero(() => activeWith(marker), 5);
    console.log(`Ctrl-C twice: the CLI exited (code ${result.code}); query gone ${goneAfter.toFixed(1)} s after`);
    expect(result.code).not.toBe(0);
    expect(goneAfter, result.output).toBeLessThan(5);
  });

  it("the engine closing the provider (SIGINT to its process group, what a second Ctrl-C does): the query is gone", async () => {
    const { marker, up } = await startLongJob();
    const provider = providerProcessGroup(up.directory);
    process.kill(-provider, "SIGINT");
    const goneAfter = await secondsUntilZero(() => activeWith(marker), 5);
    const result = await up.finished;
    console.log(`SIGINT to the provider: query gone after ${goneAfter.toFixed(1)} s; up exited ${result.code}`);
    expect(goneAfter, result.output).toBeLessThan(5);
    expect(result.code).not.toBe(0);
  });

  it("one Ctrl-C mid-load of a publication: no staging table remains and the load is gone from the processlist", async () => {
    const stack = new Workspace("test/e2e/programs/long-running");
    workspaces.push(stack);
    const jobTable = uniqueName("ctrl_c_rows");
    const targetTable = uniqueName("ctrl_c_target");
    jobTables.push(jobTable);
    mysqlTables.push(targetTable);
    await stack.initStack(
      "dev",
      {
        ...pgConfig(),
        mode: "publication",
        rows: "4000000",
        jobTable,
        targetTable,
        mysqlHost: mysql.host,
        mysqlPort: String(mysql.port),
        mysqlDatabase: mysql.database,
        mysqlUser: mysql.user,
      },
      { pgPassword: postgres.password, mysqlPassword: mysql.password },
    );
    const tablesLike = () =>
      withMysql(async (connection) => {
        const [rows] = await connection.query(
          "select table_name as name from information_schema.tables where table_schema = ? and table_name like ?",
          [mysql.database, `${targetTable}%`],
        );
        return (rows as Array<{ name: string }>).map((row) => row.name);
      });
    const loading = () =>
      withMysql(async (connection) => {
        const [rows] = await connection.query(
          "select count(*) as n from information_schema.processlist where info like ? and id <> connection_id()",
          [`%${targetTable}%`],
        );
        return Number((rows as Array<{ n: number }>)[0].n);
      });
    const up = stack.start(["up", "--yes"]);
    // Rows are arriving in the staging table: the load is under way.
    await until(
      "the load into the staging table running",
      async () => (await loading()) > 0 && (await tablesLike()).length > 0,
      120,
      up.output,
    );
    up.interrupt();
    const result = await up.finished;
    // Looked at once the CLI has exited: the provider cleaned up before the update ended.
    const left = await tablesLike();
    const running = await loading();
    console.log(`Ctrl-C mid-load: up exited ${result.code}; tables left ${JSON.stringify(left)}; loads running ${running}`);
    expect(left, result.output).toEqual([]);
    expect(running, result.output).toBe(0);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/the staging table \S+ was dropped/);
  });
});
