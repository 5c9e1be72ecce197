import { describe, expect, it } from "vitest";
import { connect, type MysqlTarget } from "../../provider/vendors/mysql/connection";
import { killThread } from "../../provider/vendors/mysql/session";
import { uniqueName, withMysql } from "../support/admin";
import { mysqlEndpoint } from "./transfer-fixtures";

/**
 * A cancelled MariaDB load must run nothing after its cancel was confirmed. A statement sent
 * just before the KILL may be read by the server after it: KILL QUERY then finds the thread
 * idle, and the statement runs once the cancel reported "no longer running" (a CI run showed
 * the killed publication's LOAD DATA in the processlist after its error). So transfers kill
 * the connection; a job's session, which goes on after a cancel, kills only the statement.
 */
const target = mysqlEndpoint().target as MysqlTarget;

async function statementsNamed(marker: string): Promise<number> {
  return withMysql(async (session) => {
    const [rows] = await session.query(
      "select count(*) as n from information_schema.processlist where info like ? and id <> connection_id()",
      [`%${marker}%`],
    );
    return Number((rows as Array<{ n: number }>)[0].n);
  });
}

/** Sends a slow statement naming `marker` on `connection`; settles with its error, or undefined when it ran. */
function sendSlow(connection: Awaited<ReturnType<typeof connect>>, marker: string): Promise<Error | undefined> {
  return new Promise((resolve) => connection.query(`select sleep(3) as ${marker}`, (error) => resolve(error ?? undefined)));
}

describe("killThread on MariaDB", () => {
  it("connection scope: a statement sent after the confirmed kill never runs", async () => {
    const connection = await connect(target, undefined);
    const marker = uniqueName("after_kill");
    await killThread(target, connection.threadId as number, "connection");
    const sent = sendSlow(connection, marker);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await statementsNamed(marker)).toBe(0);
    expect(await sent).toBeInstanceOf(Error);
    connection.destroy();
  });

  it("query scope (why loads do not use it): the thread stays, and a statement sent after the confirmed kill runs", async () => {
    const connection = await connect(target, undefined);
    const marker = uniqueName("after_kill_query");
    try {
      await killThread(target, connection.threadId as number, "query");
      const sent = sendSlow(connection, marker);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await statementsNamed(marker)).toBe(1);
      await killThread(target, connection.threadId as number, "query");
      await sent;
    } finally {
      connection.destroy();
    }
  });
});

describe("a job's cancel on MariaDB whose statement has just ended", () => {
  it("confirms at once: the idle thread shows as Killed with no statement, which is nothing running", async () => {
    const connection = await connect(target, undefined);
    try {
      const started = performance.now();
      await killThread(target, connection.threadId as number, "query");
      // The poll's own bound is 10 s; an idle thread must not wait for it.
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      connection.destroy();
    }
  });
});
