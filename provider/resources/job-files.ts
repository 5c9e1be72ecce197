import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TableReference } from "../core/columns";
import type { DataSession } from "../vendors/vendor";
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
