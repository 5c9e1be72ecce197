import type { TableReference } from "../core/columns";
import { ownerStatement, type TableOwner } from "../core/ownership";
import { dropTableIfExists } from "../core/schema-objects";
import { stagingTableFor } from "../core/staging-tables";
import type { AtomicChange, DataSession } from "../core/vendor-contract";
import type { PublicationAction } from "./publication-schema";
import { createTableAs } from "./job-steps";
import { assertUpsertKeysUnique, mergeUpsert } from "./upsert-merge";

export interface ApplyOptions {
  /** Rows to publish, on the target's database: the job's result itself, or a staging copy. */
  source: TableReference;
  /** A staging copy may be renamed into place instead of copied once more. */
  sourceIsStaging: boolean;
  target: TableReference;
  targetExists: boolean;
  action: PublicationAction;
  keys: string[];
  columns: string[];
  /** This run's tag, for a replacement table built beside the target. */
  runTag: string;
  /** Recorded on a table this publication creates or replaces. */
  owner?: TableOwner;
  /** Recorded beside the owner: which resource of that name (a replacement is a new one). */
  run?: string;
}

/**
 * Puts the source rows into the target with the action's meaning, as one atomic change:
 * in a transaction where the database allows it (DDL and DML, or DML alone), by statements
 * that are atomic on their own (CREATE … AS, a RENAME swapping two names), or in the session's
 * own way (runAtomically). Returns whether the target table was created by this publication.
 */
export async function applyToTarget(session: DataSession, options: ApplyOptions): Promise<{ createdTable: boolean }> {
  const { dialect } = session;
  const { source, target, columns } = options;
  const quotedColumns = columns.map(dialect.quoteIdentifier).join(", ");
  const insertInto = (table: TableReference): string =>
    `insert into ${dialect.qualifiedName(table)} (${quotedColumns}) select ${quotedColumns} from ${dialect.qualifiedName(source)}`;
  const insert = insertInto(target);
  const change: AtomicChange = { target, statements: [] };
  const { statements } = change;
  let createdTable = false;
  /** Statements before the change: where DDL commits at once, a table is stamped before it moves into place. */
  const before: string[] = [];
  const stamp = (table: TableReference): string[] => {
    const statement = options.owner ? ownerStatement(session, table, options.owner, options.run) : undefined;
    return statement ? [statement] : [];
  };
  /** The owner goes on `table` inside the transaction, or on `movedFrom` before it is renamed into place. */
  const recordOwner = (table: TableReference, movedFrom?: TableReference): void => {
    if (dialect.transactionalDdl) statements.push(...stamp(table));
    else if (movedFrom) before.push(...stamp(movedFrom));
    else statements.push(...stamp(table));
  };

  const createTarget = (): void => {
    createdTable = true;
    if (options.sourceIsStaging) {
      statements.push(dialect.renameTable(source, target.table));
      recordOwner(target, source);
    } else {
      statements.push(createTableAs(dialect, target, `select ${quotedColumns} from ${dialect.qualifiedName(source)}`));
      recordOwner(target);
    }
  };

  switch (options.action) {
    case "create":
      createTarget();
      break;
    case "createAndLoad":
      if (options.targetExists) statements.push(insert);
      else createTarget();
      break;
    case "load":
      statements.push(insert);
      break;
    case "truncateAndLoad":
      statements.push(dialect.emptyTable(target), insert);
      change.replacementRows = (replacement) => [insertInto(replacement)];
      break;
    case "dropAndLoad": {
      createdTable = true;
      let replacement = source;
      if (!options.sourceIsStaging) {
        replacement = stagingTableFor(target, options.runTag);
        await dropTableIfExists(session, replacement);
        statements.push(createTableAs(dialect, replacement, `select ${quotedColumns} from ${dialect.qualifiedName(source)}`));
        if (!dialect.transactionalDdl) statements.push(...stamp(replacement));
      } else if (!dialect.transactionalDdl) {
        before.push(...stamp(replacement));
      }
      // Grants others hold on the replaced table go to its replacement in the same transaction.
      if (options.targetExists && session.copyGrants) statements.push(...(await session.copyGrants(target, replacement)));
      statements.push(...dialect.replaceTable(target, replacement.table, options.targetExists));
      if (dialect.transactionalDdl) statements.push(...stamp(target));
      break;
    }
    case "upsert": {
      const matches = (table: TableReference): string =>
        options.keys
          .map((key) =>
            dialect.nullSafeEquals(
              `${dialect.qualifiedName(source)}.${dialect.quoteIdentifier(key)}`,
              `${dialect.qualifiedName(table)}.${dialect.quoteIdentifier(key)}`,
            ),
          )
          .join(" and ");
      if (dialect.upsertsByMerge) {
        await assertUpsertKeysUnique(session, source, options.keys);
        statements.push(mergeUpsert(dialect, target, source, options.keys, columns));
        change.upsert = { source, keys: options.keys, columns };
        break;
      }
      statements.push(
        dialect.deleteMatching?.(target, source, options.keys) ??
          `delete from ${dialect.qualifiedName(target)} where exists (select 1 from ${dialect.qualifiedName(source)} where ${matches(target)})`,
        insert,
      );
      change.upsert = { source, keys: options.keys, columns };
      // The target's rows no source row replaces, then every source row.
      change.replacementRows = (replacement) => [
        `insert into ${dialect.qualifiedName(replacement)} (${quotedColumns}) select ${quotedColumns} from ${dialect.qualifiedName(target)} where not exists (select 1 from ${dialect.qualifiedName(source)} where ${matches(target)})`,
        insertInto(replacement),
      ];
      break;
    }
  }

  for (const statement of before) await session.execute(statement);
  await runAtomically(session, change);
  return { createdTable };
}

/** The session's own way to apply a change atomically, or a transaction around its statements. */
async function runAtomically(session: DataSession, change: AtomicChange): Promise<void> {
  if (session.runAtomically) return session.runAtomically(change);
  await session.execute(session.dialect.beginTransaction);
  try {
    for (const statement of change.statements) await session.execute(statement);
    await session.execute(session.dialect.commitTransaction);
  } catch (error) {
    await session.execute(session.dialect.rollbackTransaction).catch(() => undefined);
    throw error;
  }
}
