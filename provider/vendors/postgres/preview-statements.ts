import { leadingWords } from "../../core/sql-statements";
import { postgresDialect } from "./dialect";

/**
 * What a Postgres preview does with an earlier step, inside the transaction it rolls back.
 * Postgres has no way to compile most statements without running them, so only kinds whose
 * every effect is transactional run; the rest are left for the job (`up`) to run and judge.
 */
export type PostgresPreview = { run: true } | { run: false } | { refuse: string };

/** Statement kinds whose effects all live in the transaction (rolled back at preview). */
const TRANSACTIONAL = new Set([
  "select",
  "with",
  "values",
  "table",
  "insert",
  "update",
  "delete",
  "merge",
  "create",
  "alter",
  "drop",
  "truncate",
  "comment",
  "grant",
  "revoke",
  "lock",
  "set",
  "reset",
  "analyze",
  "refresh",
]);

/**
 * Functions whose effects escape the transaction (server files, other sessions and servers,
 * the server's configuration, sequences, which no rollback turns back): a statement calling
 * one is not run at preview. Functions a
 * user writes can do the same and are not recognised; README says so.
 */
const ESCAPING_FUNCTIONS =
  /^(nextval|setval|lo_export|pg_file_write|pg_file_rename|pg_file_unlink|pg_file_sync|dblink\w*|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile\w*|pg_switch_wal|pg_create_restore_point|pg_promote|pg_create_\w*replication_slot|pg_drop_replication_slot|pg_copy_\w*replication_slot|pg_replication_origin_\w+|pg_logical_emit_message|pg_stat_reset\w*)$/;

/** Kinds Postgres refuses inside a transaction block: the job runs in one at up too, so they can never succeed. */
function outsideTransactionOnly(words: string[]): string | undefined {
  const [first, second] = words;
  const head = words.slice(0, 4);
  if (first === "vacuum") return "VACUUM";
  if ((first === "create" || first === "drop") && (second === "database" || second === "tablespace" || second === "subscription")) {
    return `${first.toUpperCase()} ${second.toUpperCase()}`;
  }
  if (first === "alter" && (second === "system" || second === "subscription")) return `ALTER ${second.toUpperCase()}`;
  if (["create", "drop", "reindex"].includes(first) && head.includes("concurrently")) return `${first.toUpperCase()} … CONCURRENTLY`;
  if (first === "reindex" && (second === "system" || second === "database")) return `REINDEX ${second.toUpperCase()}`;
  if (first === "discard" && second === "all") return "DISCARD ALL";
  return undefined;
}

export function postgresPreview(sql: string): PostgresPreview {
  const style = postgresDialect.placeholders;
  const words = leadingWords(sql, style, 6);
  const refused = outsideTransactionOnly(words);
  if (refused !== undefined) {
    return {
      refuse: `${refused} cannot run inside a transaction, and a job runs its steps in one (rolled back at preview, committed by up): run it outside the job`,
    };
  }
  if (!TRANSACTIONAL.has(words[0] ?? "")) return { run: false };
  if (leadingWords(sql, style, Number.MAX_SAFE_INTEGER).some((word) => ESCAPING_FUNCTIONS.test(word))) return { run: false };
  return { run: true };
}
