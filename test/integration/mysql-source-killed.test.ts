import { describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { connectionReferences, uniqueName, withMysql, withPostgres } from "../support/admin";
import { mysql } from "../support/services";

/**
 * A MariaDB source killed while its rows are read (KILL, a crash) ends the publication at
 * once with an error; the row stream paused for backpressure used to wait for ever.
 */
const ROWS = 300_000;
const connections = connectionReferences("/dev/null");

describe("a MariaDB source killed mid-read", () => {
  it("fails the publication promptly and leaves the target as it was", async () => {
    const source = uniqueName("killed_source");
    const target = uniqueName("killed_target");
    await withMysql((connection) =>
      connection.query(`create table \`${source}\` as select cast(seq as signed) as id, repeat('x', 200) as pad from seq_1_to_${ROWS}`),
    );
    await withPostgres((client) => client.query(`create table public.${target} (id bigint, pad text)`));
    try {
      const running = publication.create({
        resourceName: "killed-source",
        source: { jobGroupId: "job", runId: "run", connection: connections.mysql, result: { path: [mysql.database], table: source } },
        connection: connections.postgres,
        path: ["public"],
        table: target,
        action: "load",
        timeoutSeconds: 300,
      });
      running.catch(() => undefined);
      let killed = false;
      for (let attempt = 0; attempt < 400 && !killed; attempt++) {
        killed = await withMysql(async (connection) => {
          const [rows] = await connection.query(
            `select id from information_schema.processlist where info like 'SELECT%' and locate(?, info) > 0 and id <> connection_id()`,
            [source],
          );
          for (const row of rows as Array<{ id: number }>) await connection.query(`kill ${Number(row.id)}`);
          return (rows as unknown[]).length > 0;
        });
        if (!killed) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(killed).toBe(true);
      const killedAt = Date.now();
      await expect(running).rejects.toThrow(/the target table is as it was before/);
      expect(Date.now() - killedAt).toBeLessThan(15_000);
      const [{ count }] = (await withPostgres((client) => client.query(`select count(*)::int as count from public.${target}`))).rows;
      expect(count).toBe(0);
    } finally {
      await withMysql((connection) => connection.query(`drop table if exists \`${source}\``));
      await withPostgres((client) => client.query(`drop table if exists public.${target}`));
    }
  }, 120_000);
});
