import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import type { VendorType } from "../../provider/vendors/registry";
import { connectionReferences, uniqueName } from "../support/admin";
import { isExcluded, loadFixture, loadFixtures, partition, type ConnectionReference, type PushdownProfile } from "../support/vendors";

/**
 * Shared by the job-group-* and publication-pushdown-* integration files: connections to the
 * real services (and a DuckDB file of the calling file's own), and plain SQL on them. Which
 * vendors these files cover, and the SQL only one of them speaks, come from each registered
 * vendor's fixture (its `pushdown` profile, or the reason the cases are proven elsewhere).
 */
export type Vendor = VendorType;

/** Connections of the calling file, by vendor type. */
export type Connections = Record<string, Record<string, unknown>>;

/** Connections to the suite's services for a file that names its vendors itself (a DuckDB file in `scratch`). */
export function scratchConnections(prefix: string) {
  const scratch = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { scratch, connections: connectionReferences(join(scratch, "test.duckdb")) };
}

/**
 * The registered vendors whose fixture has a push-down profile, with a connection of the
 * calling file to each (a DuckDB file in `scratch`), where their tables live, and the profiles.
 */
export async function pushdownMatrix(prefix: string) {
  const { covered } = partition(await loadFixtures(), (fixture) => fixture.pushdown);
  const scratch = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const byVendor = <T>(value: (profile: PushdownProfile) => T) =>
    Object.fromEntries(covered.map(([type, profile]) => [type, value(profile)])) as Record<VendorType, T>;
  return {
    scratch,
    VENDORS: covered.map(([type]) => type),
    connections: byVendor((profile) => profile.connection(scratch)),
    /** Where each vendor's tables live when a test names them itself. */
    SCHEMAS: byVendor((profile) => profile.schema),
    /** Where a job writes its result when output.path is omitted. */
    JOB_SCHEMAS: byVendor((profile) => profile.jobSchema),
    PROFILES: byVendor((profile) => profile),
  };
}

/** The vendor's push-down profile; a vendor without one fails naming the reason its fixture gives. */
export async function pushdownProfile(vendor: Vendor): Promise<PushdownProfile> {
  const { pushdown } = await loadFixture(vendor);
  if (isExcluded(pushdown))
    throw new Error(`${vendor} has no push-down profile in test/support/vendors/${vendor}.ts: ${pushdown.excluded}`);
  return pushdown;
}

export { uniqueName };

/** Runs SQL as the services' administrator (DuckDB: through a session on the test's file). */
export async function sql(connections: Connections, vendor: Vendor, text: string): Promise<Array<Record<string, unknown>>> {
  return (await pushdownProfile(vendor)).admin(connections[vendor] as ConnectionReference, text);
}

/** Rows of `table` as [id, label] pairs, ordered. */
export async function pairs(connections: Connections, vendor: Vendor, table: string): Promise<Array<[number, string | null]>> {
  const rows = await sql(connections, vendor, `select id, label from ${table} order by id`);
  return rows.map((row) => [Number(row.id), row.label === null ? null : String(row.label)]);
}

export async function tableExists(connections: Connections, vendor: Vendor, schema: string, table: string): Promise<boolean> {
  const rows = await sql(connections, vendor, (await pushdownProfile(vendor)).tableExistsSql(schema, table));
  return rows.length > 0;
}

/** check must succeed; returns the inputs create/update take. */
export async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await jobGroup.check(olds, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs;
}

/** A JobGroup's outputs as a Publication's source. */
export function sourceOf(outs: Record<string, unknown>): Record<string, unknown> {
  return { jobGroupId: outs.jobGroupId, runId: outs.runId, connection: outs.connection, result: outs.result };
}

/** Creates a JobGroup whose result holds `rows` of (id, label); returns it and its outs as a publication source. */
export async function sourceJob(
  connections: Connections,
  vendor: Vendor,
  rows: Array<[number, string | null]>,
): Promise<{ id: string; outs: Record<string, unknown>; source: Record<string, unknown> }> {
  const { nullText } = await pushdownProfile(vendor);
  const selects = rows.map(([id, label], index) => {
    const text = label === null ? nullText : `'${label}'`;
    return index === 0 ? `select ${id} as id, ${text} as label` : `select ${id}, ${text}`;
  });
  const { id, outs } = await jobGroup.create(
    await checked({
      resourceName: `source-${vendor}`,
      connection: connections[vendor],
      steps: [{ name: "rows", sql: selects.join(" union all ") }],
      output: { table: uniqueName("pub_source") },
    }),
  );
  return { id, outs, source: sourceOf(outs) };
}
