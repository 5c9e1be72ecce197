import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { runQuery, rowObjects } from "../../provider/vendors/trino/client";
import { trino } from "./services";

const SCRIPT = resolve(__dirname, "../../scripts/services/trino.sh");

/**
 * Makes sure the suite's Trino answers: the set-up script is idempotent (instant when the
 * server runs) and starts it otherwise. A failure throws with the script's output: tests
 * needing Trino fail loudly, never skip.
 */
export async function ensureTrino(): Promise<void> {
  try {
    await promisify(execFile)("bash", [SCRIPT], { timeout: 300_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`Trino is not available: ${stderr || stdout || String(error)}`);
  }
}

/** Runs SQL on the test server as an administrator would (any user: no authentication there). */
export async function trinoAdmin<Row = Record<string, unknown>>(sql: string, user = "dataplane_admin"): Promise<Row[]> {
  const result = await runQuery({ configuration: { server: trino.server, user, catalog: trino.catalog }, credentials: {} }, sql, {
    signal: AbortSignal.timeout(60_000),
  });
  return rowObjects<Row>(result);
}

/** Queries the coordinator ran for `user` (system.runtime.queries), to prove what made no network call. */
export async function queryCount(user: string): Promise<number> {
  const [row] = await trinoAdmin<{ n: number }>(
    `select count(*) as n from system.runtime.queries where "user" = '${user.replace(/'/g, "''")}'`,
  );
  return Number(row.n);
}

/**
 * Whether Trino ran, for `user`, an INSERT naming `table` (or its staging table, which starts
 * with the table's first 24 characters) that finished: the proof a publication's rows moved
 * inside Trino. Read right after the publish: the coordinator keeps only its latest queries.
 */
export async function trinoMoved(user: string, table: string): Promise<boolean> {
  const [row] = await trinoAdmin<{ n: number }>(
    `select count(*) as n from system.runtime.queries where "user" = '${user.replace(/'/g, "''")}' and state = 'FINISHED'
       and starts_with(query, 'insert into') and strpos(query, '${table.slice(0, 24).replace(/'/g, "''")}') > 0`,
  );
  return Number(row.n) > 0;
}
