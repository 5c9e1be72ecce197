import { createReadStream, createWriteStream, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type { TableReference } from "../core/columns";
import { reportLine } from "../core/progress";
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

/** Paths compare by where they point, so `./out.csv` and `out.csv` are one file. */
export function samePath(left: string, right: string): boolean {
  return resolve(left) === resolve(right);
}

/**
 * A file written under a temporary name beside its destination (same folder, so the rename
 * is atomic), put in place only by `publish` — after the job's new result table is in place —
 * or removed by `discard` when the run fails, so a failed run changes no file.
 */
export interface PreparedFile {
  path: string;
  publish(): Promise<void>;
  discard(): void;
}

/**
 * Writes a job's result table to a temporary file with DuckDB's own writers (csv,
 * newline-delimited json, parquet; gzip). `create` refuses a file this job did not write
 * (`own` is false) and overwrites its own; `append` writes the rows without a header and
 * appends the bytes on publish: gzip members concatenate into a valid stream.
 */
export async function prepareResultFile(
  session: DataSession,
  table: TableReference,
  setting: WriteSetting,
  options: { own: boolean; runId: string },
): Promise<PreparedFile> {
  const exists = existsSync(setting.path);
  if (setting.action === "create" && exists && !options.own) {
    throw new Error(`overrides.writeSettings: ${setting.path} exists and this job did not write it, and action is create: use overwrite or append, or remove the file`);
  }
  const temporary = join(dirname(setting.path), `.${basename(setting.path)}.${options.runId.slice(0, 8)}.dataplane-partial`);
  const appending = setting.action === "append" && exists;
  const source = `select * from ${session.dialect.qualifiedName(table)}`;
  try {
    await session.execute(`copy (${source}) to ${literal(temporary)} (${copyOptions(appending ? { ...setting, header: false } : setting)})`);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return {
    path: setting.path,
    publish: async () => {
      if (appending) {
        await pipeline(createReadStream(temporary), createWriteStream(setting.path, { flags: "a" }));
        rmSync(temporary, { force: true });
        return;
      }
      // A folder of parts cannot be renamed over another folder: the old one goes first.
      if (!setting.asSingleFile) rmSync(setting.path, { recursive: true, force: true });
      renameSync(temporary, setting.path);
    },
    discard: () => rmSync(temporary, { recursive: true, force: true }),
  };
}

/**
 * Gives `work` a DuckDB copy of a job's result from a server database: the rows stream through
 * the bulk path into a scratch DuckDB file (on disk, so a large result never sits in memory),
 * whose writers then produce the files exactly as for a job on DuckDB.
 */
export async function withScratchCopy<T>(
  source: { type: VendorType; target: ConnectionTarget; table: TableReference; columns: ResultColumn[] },
  signal: AbortSignal,
  work: (session: DataSession, table: TableReference) => Promise<T>,
): Promise<T> {
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
      return await work(session, table);
    } finally {
      await session.close();
    }
  } finally {
    await releaseInstance(configuration);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Writes every setting's file from `table` under a temporary name (see PreparedFile); a DuckDB
 * job's own session writes them, a server database's result is first copied to a scratch
 * DuckDB file. On a failure the files prepared so far are removed again.
 */
export async function prepareResultFiles(request: {
  session: DataSession;
  /** The job's connection: a server database's result is copied out through it. */
  connection: ConnectionTarget & { type: VendorType };
  table: TableReference;
  settings: readonly WriteSetting[];
  ownPaths: readonly string[];
  runId: string;
  signal: AbortSignal;
  /** Called once per file written, with the time it took. */
  wrote?: (setting: WriteSetting, milliseconds: number) => void;
}): Promise<PreparedFile[]> {
  const { settings, ownPaths, runId } = request;
  if (settings.length === 0) return [];
  const write = async (files: DataSession, table: TableReference): Promise<PreparedFile[]> => {
    const prepared: PreparedFile[] = [];
    try {
      for (const setting of settings) {
        const started = performance.now();
        const own = ownPaths.some((path) => samePath(path, setting.path));
        prepared.push(await prepareResultFile(files, table, setting, { own, runId }));
        request.wrote?.(setting, Math.round(performance.now() - started));
      }
      return prepared;
    } catch (error) {
      for (const file of prepared) file.discard();
      throw error;
    }
  };
  const { type, configuration, credentials } = request.connection;
  if (type === "duckdb") return write(request.session, request.table);
  const columns = (await request.session.describeTable(request.table)) ?? [];
  return withScratchCopy({ type, target: { configuration, credentials }, table: request.table, columns }, request.signal, write);
}

/** Puts prepared files in place, in order, taking each off the list (what is left is for discard). */
export async function publishFiles(resourceName: string | undefined, files: PreparedFile[]): Promise<void> {
  while (files.length > 0) {
    await files[0].publish();
    reportLine(resourceName, `wrote ${files.shift()?.path}`);
  }
}
