import { BigQuery } from "@google-cloud/bigquery";
import { PassThroughClient } from "google-auth-library";
import type { BigqueryEmulator } from "./bigquery-emulator";

/**
 * Plain client calls against the test's emulator, independent of the vendor code under test:
 * datasets and tables made and read back through the REST API directly.
 */
export function adminClient(emulator: BigqueryEmulator): BigQuery {
  return new BigQuery({
    projectId: emulator.projectId,
    apiEndpoint: emulator.apiEndpoint,
    authClient: new PassThroughClient() as never,
    location: "US",
  });
}

export async function createDataset(emulator: BigqueryEmulator, dataset: string): Promise<void> {
  const [exists] = await adminClient(emulator).dataset(dataset).exists();
  if (!exists) await adminClient(emulator).createDataset(dataset);
}

export async function createTable(
  emulator: BigqueryEmulator,
  dataset: string,
  table: string,
  schema: Array<{ name: string; type: string }>,
): Promise<void> {
  await adminClient(emulator)
    .dataset(dataset)
    .createTable(table, { schema: { fields: schema } });
}

export async function dropTable(emulator: BigqueryEmulator, dataset: string, table: string): Promise<void> {
  const reference = adminClient(emulator).dataset(dataset).table(table);
  const [exists] = await reference.exists();
  if (exists) await reference.delete();
}

export async function tableExists(emulator: BigqueryEmulator, dataset: string, table: string): Promise<boolean> {
  const [exists] = await adminClient(emulator).dataset(dataset).table(table).exists();
  return exists;
}

/** Runs SQL on the emulator and returns the rows as the client parses them (wrapIntegers keeps INT64 exact). */
export async function query(emulator: BigqueryEmulator, sql: string): Promise<Array<Record<string, unknown>>> {
  const [rows] = await adminClient(emulator).query({ query: sql, location: "US", wrapIntegers: true });
  return rows as Array<Record<string, unknown>>;
}
