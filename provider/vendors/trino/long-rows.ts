import type { TableReference } from "../../core/columns";
import { trinoDialect } from "./dialect";
import { stringLiteral } from "./literals";

/**
 * Rows reach Trino only as SQL text, and Trino refuses a statement longer than
 * query.max-length (1,000,000 characters by default). A row whose text alone is longer (a
 * 2,000,000-character value) is loaded in pieces: each piece is inserted into a side table of
 * the sink's own, and one INSERT … SELECT assembles the pieces in the engine (array_join of
 * the ordered pieces), parses the row and casts it like any batch. The side table is dropped
 * when the load ends.
 */

/** UTF-16 units a piece holds: with every character a quote, doubled, still under the limit. */
export const PIECE_CHARACTERS = 400_000;

/** Cuts `text` into pieces of at most `size` UTF-16 units, never between the halves of a surrogate pair. */
export function piecesOf(text: string, size = PIECE_CHARACTERS): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/** The side table beside the sink's table; `token` makes it the sink's own. */
export function pieceTable(table: TableReference, token: string): TableReference {
  return { path: table.path, table: `${table.table.slice(0, 32)}__pieces_${token}` };
}

export function createPieceTableSql(pieces: TableReference): string {
  return `CREATE TABLE ${trinoDialect.qualifiedName(pieces)} (row_key BIGINT, piece INTEGER, text VARCHAR)`;
}

export function insertPieceSql(pieces: TableReference, rowKey: number, piece: number, text: string): string {
  return `INSERT INTO ${trinoDialect.qualifiedName(pieces)} VALUES (${rowKey}, ${piece}, ${stringLiteral(text)})`;
}

/** The JSON text of row `rowKey`, assembled from its pieces: a source for insertFromJsonSql. */
export function assembledJsonSource(pieces: TableReference, rowKey: number): string {
  return `(SELECT array_join(array_agg(text ORDER BY piece), '') AS rows_json FROM ${trinoDialect.qualifiedName(pieces)} WHERE row_key = ${rowKey}) AS assembled`;
}

export interface LongRowLoader {
  /** Loads one batch (a JSON array of rows) too long for one statement. */
  load(rowsJson: string): Promise<void>;
  /** After the last row: drops the side table. */
  finish(): Promise<void>;
  /** On failure: drops the side table without waiting. */
  abandon(): void;
}

/**
 * `run` sends one statement and resolves when it completed (cancellable by the sink);
 * `runDetached` sends one on its own deadline, for clean-up after a failure.
 */
export function longRowLoader(options: {
  table: TableReference;
  token: string;
  insertFromJson: (jsonExpression: string, source: string) => string;
  run: (sql: string) => Promise<void>;
  runDetached: (sql: string) => void;
}): LongRowLoader {
  const pieces = pieceTable(options.table, options.token);
  let created = false;
  let rowKey = 0;
  const drop = `DROP TABLE IF EXISTS ${trinoDialect.qualifiedName(pieces)}`;
  return {
    load: async (rowsJson) => {
      if (!created) {
        await options.run(createPieceTableSql(pieces));
        created = true;
      }
      rowKey += 1;
      const parts = piecesOf(rowsJson);
      for (const [index, part] of parts.entries()) await options.run(insertPieceSql(pieces, rowKey, index, part));
      await options.run(options.insertFromJson("assembled.rows_json", assembledJsonSource(pieces, rowKey)));
    },
    finish: async () => {
      if (created) await options.run(drop);
      created = false;
    },
    abandon: () => {
      if (created) options.runDetached(drop);
      created = false;
    },
  };
}
