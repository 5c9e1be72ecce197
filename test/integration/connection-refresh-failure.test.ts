import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import { uniqueName, withPostgres } from "../support/admin";
import { postgres } from "../support/services";

/**
 * A refresh that finds a connection failing must make the next check test again: the stored
 * inputs it hands back carry no remembered success, so preview fails (dryRun error) or warns
 * (dryRun warn) with the reason instead of planning an update that up cannot make.
 */
describe("refresh of a connection whose password was changed on the server (real Postgres)", () => {
  const login = { user: uniqueName("refresh_role"), password: `pw-${randomBytes(6).toString("hex")}` };
  const news = (dryRun: string) => ({
    resourceName: "warehouse",
    type: "postgres",
    configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: login.user },
    credentials: { password: login.password },
    excludeAllTables: true,
    dryRun,
  });

  beforeAll(async () => {
    await withPostgres((client) => client.query(`create role ${login.user} login password '${login.password}'`));
  });

  afterAll(async () => {
    await withPostgres((client) => client.query(`drop role if exists ${login.user}`));
  });

  it.each(["error", "warn"])(
    "dryRun %s: a healthy read keeps the stored inputs; a failing one drops the remembered test, and check tests again",
    async (dryRun) => {
      const checked = await connection.check({}, news(dryRun));
      expect(checked.failures ?? []).toEqual([]);
      expect(checked.inputs.__testedConfigurationHash).toEqual(expect.any(String));
      const created = await connection.create(checked.inputs);
      const storedInputs = checked.inputs;

      const healthy = await connection.read(created.id, { ...created.outs });
      expect(healthy.props.status).toBe("OK");
      expect(healthy.inputs).toBeUndefined();

      await withPostgres((client) => client.query(`alter role ${login.user} password 'rotated-${login.password}'`));
      try {
        const failing = await connection.read(created.id, { ...healthy.props });
        expect(failing.props.status).toBe("authentication");
        expect(failing.inputs).toBeDefined();
        expect(failing.inputs).not.toHaveProperty("__testedConfigurationHash");
        expect(failing.inputs!.credentials).toEqual(storedInputs.credentials);

        // Before: the stored hash let check skip the test and pass. Now it tests and fails, or warns.
        const again = await connection.check(failing.inputs!, news(dryRun));
        if (dryRun === "error") expect(again.failures?.[0].reason).toMatch(/^authentication failed/);
        else expect(again.failures ?? []).toEqual([]);
        expect(again.inputs).not.toHaveProperty("__testedConfigurationHash");
        // With the old inputs (hash kept), check would not have noticed.
        expect((await connection.check(storedInputs, news(dryRun))).failures ?? []).toEqual([]);
      } finally {
        await withPostgres((client) => client.query(`alter role ${login.user} password '${login.password}'`));
      }
    },
  );
});
