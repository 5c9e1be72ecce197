import type { BigQuery } from "@google-cloud/bigquery";
import type { TableName } from "../../core/table-patterns";
import type { RequiredPrivilege } from "../../core/vendor-contract";
import { abortable } from "./client";

/** Every table of every dataset of the project the connection sees (schema = dataset). */
export async function listTables(client: BigQuery, signal: AbortSignal): Promise<TableName[]> {
  const [datasets] = await abortable(signal, client.getDatasets({ autoPaginate: true }));
  const tables: TableName[] = [];
  for (const dataset of datasets) {
    const [found] = await abortable(signal, dataset.getTables({ autoPaginate: true }));
    for (const table of found) tables.push({ schema: dataset.id ?? "", name: table.id ?? "" });
  }
  return tables;
}

/** A dataset exists (and the connection may see it). */
export async function datasetExists(client: BigQuery, dataset: string, signal: AbortSignal): Promise<boolean> {
  const [exists] = await abortable(signal, client.dataset(dataset).exists());
  return exists;
}

const TABLE_PERMISSIONS = { select: "bigquery.tables.getData", insert: "bigquery.tables.updateData" } as const;

/**
 * Table privileges are asked of IAM (tables.testIamPermissions answers with the subset the
 * caller holds). BigQuery has no such test for datasets: createTable is granted by dataset
 * roles the caller may not read, so it is judged by the dataset being visible. An endpoint
 * without IAM (the emulator) cannot tell table privileges: they count as held.
 */
export async function hasPrivilege(
  client: BigQuery,
  required: RequiredPrivilege,
  defaultDataset: string | undefined,
  signal: AbortSignal,
): Promise<boolean> {
  if (required.privilege === "createTable") return datasetExists(client, required.schema, signal);
  const dot = required.table.indexOf(".");
  const [dataset, table] = dot < 0 ? [defaultDataset ?? "", required.table] : [required.table.slice(0, dot), required.table.slice(dot + 1)];
  if (!dataset) return false;
  const reference = client.dataset(dataset).table(table);
  const [exists] = await abortable(signal, reference.exists());
  if (!exists) return false;
  const permission = TABLE_PERMISSIONS[required.privilege];
  try {
    const [response] = await abortable(signal, reference.testIamPermissions([permission]));
    return (response.permissions ?? []).includes(permission);
  } catch (error) {
    // An endpoint without IAM (the emulator answers "unsupported") cannot tell: the job will.
    if (/unsupported|not ?implemented/i.test(String((error as Error).message))) return true;
    throw error;
  }
}
