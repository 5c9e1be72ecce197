import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName, withMysql, withPostgres } from "../support/admin";
import {
  checked,
  engineInputs,
  mariadbConnection,
  mariadbRows,
  mariadbTables,
  postgresConnection,
  postgresRows,
  references,
  removeJob,
  runJob,
  type SourceJob,
  requireTrino,
} from "./trino-engine-support";

/**
 * README: a Trino-moved publication leaves each value as a publish without the engine does.
 * A hostile user's values the canonical round trip lacks: dates before the Gregorian switch
 * (1582-10-04 / -15, where Java's hybrid calendar shifts days), doubles NaN, Infinity and -0,
 * text with quotes, backslashes, control characters, an emoji, invisible spaces and 70,000
 * characters. Each lands moved by Trino exactly as streamed (same checksum); where MariaDB
 * cannot hold a value (NaN) both refuse and no table is left. These hold today.
 */
const schema = uniqueName("hx_mover_edge");
const engineUser = uniqueName("hx_mover_user");
const jobs: SourceJob[] = [];

const SOURCES: Record<string, string> = {
  calendar:
    "select 1::integer as id, '1582-10-10'::date as d, '1000-03-01 12:00:00'::timestamp as ts, '1582-10-04 23:59:59.5+00'::timestamptz as tz" +
    " union all select 2, '0900-02-28', '1200-02-29 00:00:00', '0200-01-01 00:00:00+00'",
  doubles: "select 1::integer as id, 'NaN'::float8 as f union all select 2, 'Infinity'::float8 union all select 3, '-0'::float8",
  text: "select 1::integer as id, E'quote '' dq \" bs \\\\ nl \\n tab \\t cr \\r emoji \u{1F600} nbsp \u00a0 zws \u200b'::text as t union all select 2, repeat('x', 70000)",
};

beforeAll(async () => {
  await requireTrino();
  await withPostgres((client) => client.query(`create schema "${schema}"`));
  await withMysql((connection) => connection.query(`create database \`${schema}\``));
}, 120_000);

afterAll(async () => {
  for (const job of jobs) await removeJob(job);
  await withPostgres((client) => client.query(`drop schema if exists "${schema}" cascade`));
  await withMysql((connection) => connection.query(`drop database if exists \`${schema}\``));
});

/** The published rows' checksum, or the failure's first words. */
async function publish(source: SourceJob, targetName: "mariadb" | "postgres", table: string, withEngine: boolean): Promise<string> {
  const { engine, ...streamed } = engineInputs({
    name: `hostile-${table}`,
    source: source.source,
    connection: targetName === "mariadb" ? mariadbConnection("maria-target") : postgresConnection("pg-target"),
    schema,
    table,
    action: "create",
    engineUser,
    sourceCatalog: "postgresql",
    targetCatalog: targetName === "mariadb" ? "mysql" : "postgresql",
  });
  try {
    await publication.create(await checked(withEngine ? { ...streamed, engine } : streamed));
  } catch (error) {
    return `failed: ${String(error).slice(0, 60)}`;
  }
  return (targetName === "mariadb" ? await mariadbRows(schema, table) : await postgresRows(schema, table)).checksum;
}

const cases = Object.keys(SOURCES).flatMap((name) => (["mariadb", "postgres"] as const).map((target) => [name, target] as const));

describe.each(cases)("%s values into %s", (name, targetName) => {
  it("land moved by Trino as streamed, or are refused by both", async () => {
    const source = await runJob(references.postgres, schema, `source_${name}_${targetName}`, SOURCES[name]);
    jobs.push(source);
    const streamed = await publish(source, targetName, `streamed_${name}_${targetName}`, false);
    const moved = await publish(source, targetName, `moved_${name}_${targetName}`, true);
    if (streamed.startsWith("failed")) {
      expect(moved).toMatch(/^failed/);
      if (targetName === "mariadb") expect((await mariadbTables(schema)).filter((table) => table.startsWith(`moved_${name}`))).toEqual([]);
      return;
    }
    expect(moved).toBe(streamed);
  }, 120_000);
});
