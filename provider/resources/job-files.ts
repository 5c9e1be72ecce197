import { createReadStream, createWriteStream, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type { TableReference } from "../core/columns";
import { createEmptyTable } from "../core/schema-objects";
import { reportLine } from "../core/progress";
import { scratchFileEngine, transferSide, vendors, type VendorType } from "../vendors/registry";
import type { ConnectionTarget, DataSession, ResultColumn, ResultFileWriter, VendorDescriptor } from "../core/vendor-contract";
import type { WriteSetting } from "./job-group-schema";

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
 * Writes a job's result table to a temporary file with the engine's own writers (`files`).
 * `create` refuses a file this job did not write
 * (`own` is false) and overwrites its own; `append` writes the rows without a header and
 * appends the bytes on publish: gzip members concatenate into a valid stream.
 */
export async function prepareResultFile(
  files: ResultFileWriter,
  session: DataSession,
  table: TableReference,
  setting: WriteSetting,
  options: { own: boolean; runId: string },
): Promise<PreparedFile> {
  const exists = existsSync(setting.path);
  if (setting.action === "create" && exists && !options.own) {
    throw new Error(
      `overrides.writeSettings: ${setting.path} exists and this job did not write it, and action is create: use overwrite or append, or remove the file`,
    );
  }
  const temporary = join(dirname(setting.path), `.${basename(setting.path)}.${options.runId.slice(0, 8)}.dataplane-partial`);
  const appending = setting.action === "append" && exists;
  try {
    await files.write(session, table, appending ? { ...setting, header: false } : setting, temporary);
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
 * Gives `work` a copy of a job's result in the scratch engine (vendors/registry.ts) from a
 * database that cannot write files itself: the rows stream through the bulk path into a
 * scratch database file (on disk, so a large result never sits in memory), whose writers then
 * produce the files exactly as for a job on that engine.
 */
export async function withScratchCopy<T>(
  source: { type: VendorType; target: ConnectionTarget; table: TableReference; columns: ResultColumn[] },
  signal: AbortSignal,
  work: (files: ResultFileWriter, session: DataSession, table: TableReference) => Promise<T>,
): Promise<T> {
  const { transferTable, canonicalColumns } = await import("../core/transfer");
  const engine: VendorDescriptor = vendors[scratchFileEngine];
  const runtime = await engine.load();
  if (!runtime.files || !runtime.scratch) throw new Error(`internal: the scratch engine ${scratchFileEngine} cannot write files`);
  const { files, scratch } = runtime;
  const directory = mkdtempSync(join(tmpdir(), "dataplane-write-"));
  const target = scratch.target(directory);
  const table = scratch.table;
  const columns = canonicalColumns(vendors[source.type].columnTypes, source.columns);
  try {
    const session = await runtime.openData(target, signal);
    try {
      await createEmptyTable(session, table, columns, engine.columnTypes);
      await transferTable({
        source: { ...(await transferSide(source.type, source.target, source.table)), columns },
        destination: { name: scratchFileEngine, runtime, target, table },
        signal,
      });
      return await work(files, session, table);
    } finally {
      await session.close();
    }
  } finally {
    await runtime.release?.(target.configuration);
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Writes every setting's file from `table` under a temporary name (see PreparedFile): the
 * job's own session writes them where its engine has file writers, else the result is first
 * copied to the scratch engine. On a failure the files prepared so far are removed again.
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
  const write = async (files: ResultFileWriter, session: DataSession, table: TableReference): Promise<PreparedFile[]> => {
    const prepared: PreparedFile[] = [];
    try {
      for (const setting of settings) {
        const started = performance.now();
        const own = ownPaths.some((path) => samePath(path, setting.path));
        prepared.push(await prepareResultFile(files, session, table, setting, { own, runId }));
        request.wrote?.(setting, Math.round(performance.now() - started));
      }
      return prepared;
    } catch (error) {
      for (const file of prepared) file.discard();
      throw error;
    }
  };
  const { type, configuration, credentials } = request.connection;
  const { files } = await vendors[type].load();
  if (files) return write(files, request.session, request.table);
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
