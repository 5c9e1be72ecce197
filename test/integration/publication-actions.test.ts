import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDataSessionFor } from "../support/data-session";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { connectionReferences } from "../support/admin";
import { mysql } from "../support/services";

/**
 * Every publication action on each vendor, with the source on the same connection (pushed
 * down as SQL), plus the checks that the action fits what exists, adopt, drift and delete.
 */
type Vendor = "postgres" | "mysql" | "duckdb";
const suffix = randomBytes(3).toString("hex");
const scratch = mkdtempSync(join(tmpdir(), "publication-actions-"));

const connections = connectionReferences(join(scratch, "publications.duckdb"));
const schemas: Record<Vendor, string> = { postgres: "public", mysql: mysql.database, duckdb: "main" };

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each<Vendor>(["postgres", "mysql", "duckdb"])("publication actions on %s (push-down)", (vendor) => {
  const table = `published_${vendor}_${suffix}`;
  const target = `${schemas[vendor]}.${table}`;
  let source: Record<string, unknown>;
  let job: { id: string; outs: Record<string, unknown> };

  async function run(sql: string): Promise<Array<Record<string, unknown>>> {
    const session = await openDataSessionFor(connections[vendor]);
    try {
      return await session.rows(sql);
    } finally {
      await session.close();
    }
  }

  async function rows(): Promise<Array<[number, string]>> {
    const found = await run(`select id, label from ${target} order by id, label`);
    return found.map((row) => [Number(row.id), String(row.label)]);
  }

  function publish(action: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      resourceName: `publish-${vendor}`,
      source,
      connection: connections[vendor],
      path: [schemas[vendor]],
      table,
      action,
      ...(action === "upsert" ? { keys: ["id"] } : {}),
      ...extra,
    };
  }

  async function publishChecked(action: string, extra: Record<string, unknown> = {}, olds: Record<string, unknown> = {}) {
    const checked = await publication.check(olds, publish(action, extra));
    return checked;
  }

  beforeAll(async () => {
    const inputs = {
      resourceName: `source-${vendor}-${suffix}`,
      connection: connections[vendor],
      steps: [{ name: "rows", sql: "select 1 as id, 'one' as label union all select 2, 'two'" }],
      output: { table: `source_${vendor}_${suffix}` },
    };
    job = await jobGroup.create((await jobGroup.check({}, inputs)).inputs);
    source = { jobGroupId: job.id, runId: job.outs.runId, connection: job.outs.connection, result: job.outs.result };
    await run(`drop table if exists ${target}`);
  });

  afterAll(async () => {
    await run(`drop table if exists ${target}`);
    await jobGroup.remove(job.id, job.outs);
  });

  it("checks that each action fits what exists, before anything is created", async () => {
    for (const action of ["load", "truncateAndLoad", "upsert"]) {
      const result = await publishChecked(action);
      expect(result.failures?.[0].reason, action).toMatch(new RegExp(`action ${action} needs the table .*${table}.*which does not exist`));
    }
    expect((await publishChecked("create")).failures ?? []).toEqual([]);
  });

  it("creates, appends, replaces rows, drops and loads, and upserts", async () => {
    const created = await publication.create((await publishChecked("create")).inputs);
    expect(created.outs.createdTable).toBe(true);
    expect(await rows()).toEqual([[1, "one"], [2, "two"]]);

    await publication.create(publish("load"));
    expect(await rows()).toEqual([[1, "one"], [1, "one"], [2, "two"], [2, "two"]]);

    await publication.create(publish("truncateAndLoad"));
    expect(await rows()).toEqual([[1, "one"], [2, "two"]]);

    await run(`update ${target} set label = 'old' where id = 2`);
    await run(`insert into ${target} (id, label) values (3, 'six')`);
    await publication.create(publish("upsert"));
    expect(await rows()).toEqual([[1, "one"], [2, "two"], [3, "six"]]);

    await publication.create(publish("dropAndLoad", { adopt: true }));
    expect(await rows()).toEqual([[1, "one"], [2, "two"]]);

    await publication.create(publish("createAndLoad", { adopt: true }));
    expect(await rows()).toEqual([[1, "one"], [1, "one"], [2, "two"], [2, "two"]]);
  });

  it("refuses to take over an existing table with a creating action unless adopt is set", async () => {
    for (const action of ["create", "dropAndLoad", "createAndLoad"]) {
      const result = await publishChecked(action);
      expect(result.failures?.[0].reason, action).toMatch(/already exists and this publication did not create it.*adopt: true/);
      expect((await publishChecked(action, { adopt: true })).failures ?? [], action).toEqual([]);
    }
  });

  it("names a source column the target lacks", async () => {
    await run(`drop table if exists ${target}`);
    await run(`create table ${target} (id integer)`);
    const result = await publishChecked("load");
    expect(result.failures?.[0].reason).toMatch(/column "label" of the source does not exist/);
  });

  it("reports a dropped or emptied target as drift, drops what it created on delete and keeps what it did not", async () => {
    await run(`drop table if exists ${target}`);
    const { id, outs } = await publication.create(publish("create"));
    expect((await publication.read(id, outs)).props.status).toBe("PUBLISHED");
    await run(`delete from ${target}`);
    expect((await publication.read(id, outs)).props.driftReason).toMatch(/was emptied/);
    await run(`drop table ${target}`);
    const dropped = await publication.read(id, outs);
    expect(dropped.props.driftReason).toMatch(/was dropped/);
    expect((await publication.diff(id, dropped.props, publish("create"))).changes).toBe(true);

    const recreated = await publication.create(publish("create"));
    await publication.remove(recreated.id, recreated.outs);
    const [{ n }] = await run(`select count(*) as n from information_schema.tables where table_name = '${table}'`);
    expect(Number(n)).toBe(0);

    await run(`create table ${target} (id integer, label varchar(20))`);
    const loaded = await publication.create(publish("load"));
    expect(loaded.outs.createdTable).toBe(false);
    await publication.remove(loaded.id, loaded.outs);
    expect(await rows()).toEqual([[1, "one"], [2, "two"]]);
    const kept = await publication.create(publish("load", { deleteBehavior: "drop" }));
    await publication.remove(kept.id, kept.outs);
    const [{ n: afterDrop }] = await run(`select count(*) as n from information_schema.tables where table_name = '${table}'`);
    expect(Number(afterDrop)).toBe(0);
  });
});
