import { join } from "node:path";
import type { ResultFileSetting, ResultFileWriter, ScratchEngine } from "../../core/vendor-contract";

/** DuckDB string literals take backslashes literally: doubling quotes is the whole escape. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function copyOptions(setting: ResultFileSetting): string {
  const options = [`format ${setting.format}`];
  if (setting.format === "csv") options.push(`header ${setting.header}`, `delimiter ${literal(setting.delim)}`);
  if (setting.format === "parquet") options.push(`compression ${setting.compression === "gzip" ? "gzip" : "uncompressed"}`);
  else options.push(`compression ${setting.compression === "gzip" ? "gzip" : "none"}`);
  if (!setting.asSingleFile) options.push("per_thread_output true", "overwrite true");
  return options.join(", ");
}

/** DuckDB's own COPY writers: csv, newline-delimited json, parquet; gzip. */
export const duckdbFileWriter: ResultFileWriter = {
  write: async (session, table, setting, temporaryPath) => {
    await session.execute(
      `copy (select * from ${session.dialect.qualifiedName(table)}) to ${literal(temporaryPath)} (${copyOptions(setting)})`,
    );
  },
};

/** A scratch DuckDB file that other databases' results are copied into, so its writers produce their files. */
export const duckdbScratch: ScratchEngine = {
  target: (directory) => ({ configuration: { path: join(directory, "result.duckdb"), readOnly: false }, credentials: {} }),
  table: { path: ["main"], table: "result" },
};
