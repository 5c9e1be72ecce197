/**
 * Types Redshift cannot hold are refused at preview, naming the column, the type and the fix:
 * columns whose declared type is wider than anything Redshift holds — a DuckDB HUGEINT (39
 * digits, though read as NUMERIC(38,0) elsewhere) and a Postgres VARCHAR(70000) (Redshift's
 * VARCHAR stops at 65535 bytes) — holding values that need that width; `up` refuses them the
 * same way before creating anything. A text declared short enough is created as VARCHAR(65535),
 * which counts bytes: a longer multi-byte value fails `up` naming the column.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName } from "../support/admin";
import { openDataSessionFor } from "../support/data-session";
import { redshiftServices } from "../support/redshift-services";
import { keysUnder } from "../support/s3-emulator";
import { admin, postgresSource, publicationInputs, redshiftConnection } from "../support/redshift-publication-inputs";

const schema = uniqueName("hostile_rs_types");
const scratch = mkdtempSync(join(tmpdir(), "hostile-rs-types-"));
const duckdbSource = {
  connectionId: "hostile-duck",
  type: "duckdb",
  configuration: { path: join(scratch, "source.duckdb") },
  credentials: {},
};

interface Case {
  name: string;
  connection: Record<string, unknown>;
  /** The column's type as the job reports it (its result's `columns`). */
  nativeType: string;
  /** A value of that type Redshift's widest column of the kind cannot hold. */
  value: string;
}

const CASES: Case[] = [
  {
    name: "a DuckDB HUGEINT",
    connection: duckdbSource,
    nativeType: "HUGEINT",
    value: "cast('170141183460469231731687303715884105727' as hugeint)",
  },
  { name: "a Postgres VARCHAR(70000)", connection: postgresSource, nativeType: "character varying(70000)", value: "repeat('y', 66000)" },
];

async function createSource(testCase: Case, table: string): Promise<void> {
  const session = await openDataSessionFor(testCase.connection);
  try {
    await session.execute(`create schema if not exists ${schema}`);
    await session.execute(`create table ${schema}.${table} (c ${testCase.nativeType})`);
    await session.execute(`insert into ${schema}.${table} select ${testCase.value}`);
  } finally {
    await session.close();
  }
}

beforeAll(async () => {
  await admin(`create schema ${schema}`);
});
afterAll(async () => {
  await admin(`drop schema if exists ${schema} cascade`);
  rmSync(scratch, { recursive: true, force: true });
});

describe("Redshift: a type wider than Redshift holds", () => {
  it.each(CASES)("$name is refused at preview naming the column, not at up by its value", async (testCase) => {
    const source = uniqueName("wide_source");
    const table = uniqueName("wide_target");
    await createSource(testCase, source);
    const inputs = publicationInputs(
      { connection: testCase.connection, path: [schema], table: source, columns: [{ name: "c", nativeType: testCase.nativeType }] },
      { connection: redshiftConnection(`${schema}/loads`), schema, table },
      "create",
    );
    const { failures } = await publication.check({}, inputs);
    const up = await publication.create(inputs).then(
      () => "published",
      (error: Error) => error.message,
    );
    const [target] = await admin(`select to_regclass('${schema}.${table}') is not null as exists`);
    expect({
      refusedAtPreview: (failures ?? []).some((failure) => failure.reason.includes('column "c"')),
      up,
      targetCreated: target.exists,
    }).toEqual({
      refusedAtPreview: true,
      up: expect.stringContaining('column "c"'),
      targetCreated: false,
    });
  });
});

describe("Redshift: text is measured in bytes", () => {
  // Redshift's VARCHAR(65535) counts bytes; the proxy's Postgres counts characters, so only the
  // provider's own check can show the difference. "€" is 3 bytes of UTF-8.
  it.each([
    { path: "INSERTs", rows: 1 },
    { path: "S3 parts and COPY", rows: 1500 },
  ])("through $path, a value of 30,000 three-byte characters (90,000 bytes) fails up naming the column", async ({ rows }) => {
    const source = uniqueName("bytes_source");
    const table = uniqueName("bytes_target");
    await admin(
      `create table ${schema}.${source} as select g as id, cast(case when g = ${rows} then repeat('€', 30000) else 'short' end as varchar(30000)) as c from generate_series(1, ${rows}) g`,
    );
    const prefix = `${schema}/${table}`;
    const inputs = publicationInputs(
      { connection: postgresSource, path: [schema], table: source },
      { connection: redshiftConnection(prefix), schema, table },
      "create",
    );
    const up = await publication.create(inputs).then(
      () => "published",
      (error: Error) => error.message,
    );
    const [target] = await admin(`select to_regclass('${schema}.${table}') is not null as exists`);
    expect({ up, targetCreated: target.exists, left: await keysUnder(redshiftServices().s3Endpoint, prefix) }).toEqual({
      up: expect.stringMatching(/column "c": a value of 90000 bytes .*VARCHAR\(65535\)/),
      targetCreated: false,
      left: [],
    });
  });

  it("a value of 21,845 three-byte characters (65,535 bytes) lands unchanged", async () => {
    const source = uniqueName("bytes_source");
    const table = uniqueName("bytes_target");
    await admin(`create table ${schema}.${source} as select 1 as id, cast(repeat('€', 21845) as varchar(21845)) as c`);
    await publication.create(
      publicationInputs(
        { connection: postgresSource, path: [schema], table: source },
        { connection: redshiftConnection(`${schema}/${table}`), schema, table },
        "create",
      ),
    );
    const [row] = await admin(`select octet_length(c) as bytes, c = repeat('€', 21845) as same from ${schema}.${table}`);
    expect(row).toEqual({ bytes: 65535, same: true });
  });
});
