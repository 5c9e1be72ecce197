import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TableReference } from "../core/columns";
import type { VendorType } from "../vendors/registry";
import type { ConnectionTarget, DataSession, ResultColumn } from "../vendors/vendor";
import type { WriteSetting } from "./job-group-schema";

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function copyOptions(setting: WriteSetting): string {
  const options = [`format ${setting.format}`];
  if (setting.format === "csv") options.push(`header ${setting.header}`, `delimiter ${literal(setting.delim)}`);
  if (setting.format === "parquet") options.push(`compression ${setting.compression === "gzip" ? "gzip" : "uncompressed"}`);
  else options.push(`compression ${setting.compression === "gzip" ? "gzip" : "none"}`);
  if (!setting.asSingleFile) options.push("per_thread_output true", "overwrite true");
  return options.join(", ");
}

/**
 * Writes a job's result table to a file with DuckDB's own writers (csv, newline-delimited
 * json, parquet; gzip). `append` writes to a scratch file first and appends its bytes:
 * gzip members concatenate into a valid stream, and the header is written only once.
 */
export async function writeResultFile(session: DataSession, table: TableReference, setting: WriteSetting): Promise<void> {
  const exists = existsSync(setting.path);
  if (setting.action === "create" && exists) {
    throw new Error(`overrides.writeSettings: ${setting.path} exists and action is create: use overwrite or append, or remove the file`);
  }
  const source = `select * from ${session.dialect.qualifiedName(table)}`;
  if (setting.action !== "append" || !exists) {
    if (exists && setting.asSingleFile) rmSync(setting.path, { recursive: true, force: true });
    await session.execute(`copy (${source}) to ${literal(setting.path)} (${copyOptions(setting)})`);
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), "dataplane-append-"));
  try {
    const part = join(scratch, "part");
    await session.execute(`copy (${source}) to ${literal(part)} (${copyOptions({ ...setting, header: false })})`);
    await pipeline(createReadStream(part), createWriteStream(setting.path, { flags: "a" }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Gives `work` a DuckDB copy of a job's result from a server database: the rows stream through
 * the bulk path into a scratch DuckDB file (on disk, so a large result never sits in memory),
 * whose writers then produce the files exactly as for a job on DuckDB.
 */
export async function withScratchCopy(
  source: { type: VendorType; target: ConnectionTarget; table: TableReference; columns: ResultColumn[] },
  signal: AbortSignal,
  work: (session: DataSession, table: TableReference) => Promise<void>,
): Promise<void> {
  const [{ transferTable, canonicalColumns, columnDdlType }, { duckdbVendor }, { releaseInstance }] = await Promise.all([
    import("../core/transfer"),
    import("../vendors/duckdb"),
    import("../vendors/duckdb/handles"),
  ]);
  const scratch = mkdtempSync(join(tmpdir(), "dataplane-write-"));
  const configuration = { path: join(scratch, "result.duckdb"), readOnly: false };
  const table: TableReference = { path: ["main"], table: "result" };
  const columns = canonicalColumns(source.type, source.columns);
  try {
    const session = await duckdbVendor.openData({ configuration, credentials: {} }, signal);
    try {
      const { dialect } = session;
      await session.execute(
        `create table ${dialect.qualifiedName(table)} (${columns.map((column) => `${dialect.quoteIdentifier(column.name)} ${columnDdlType("duckdb", column.type)}`).join(", ")})`,
      );
      await transferTable({
        source: { type: source.type, target: source.target, table: source.table, columns },
        destination: { type: "duckdb", target: { configuration, credentials: {} }, table },
        signal,
      });
      await work(session, table);
    } finally {
      await session.close();
    }
  } finally {
    await releaseInstance(configuration);
    rmSync(scratch, { recursive: true, force: true });
  }
}
