import { describe, expect, it } from "vitest";
import { leadingWords, splitStatements, transactionControl } from "../../provider/core/sql-statements";
import { refuseUnsafeStatements } from "../../provider/resources/job-steps";
import { bigqueryDialect } from "../../provider/vendors/bigquery/dialect";
import { mysqlDialect } from "../../provider/vendors/mysql/dialect";
import { postgresDialect } from "../../provider/vendors/postgres/dialect";
import { snowflakeDialect } from "../../provider/vendors/snowflake/dialect";
import { trinoDialect } from "../../provider/vendors/trino/dialect";

const DIALECTS = {
  postgres: postgresDialect,
  mysql: mysqlDialect,
  snowflake: snowflakeDialect,
  bigquery: bigqueryDialect,
  trino: trinoDialect,
};
const pg = postgresDialect.placeholders;

describe("splitStatements", () => {
  it("splits at semicolons in code only", () => {
    const sql = "select ';' as a, \"x;y\" from t -- ; not here\n; /* ; */ select $$;$$; $tag$ ; $tag$";
    expect(splitStatements(sql, pg)).toEqual(["select ';' as a, \"x;y\" from t -- ; not here", "/* ; */ select $$;$$", "$tag$ ; $tag$"]);
  });

  it("leaves out trailing semicolons and comment-only pieces", () => {
    expect(splitStatements("select 1;;  -- done\n ; /* end */", pg)).toEqual(["select 1"]);
    expect(splitStatements("-- nothing", pg)).toEqual([]);
  });

  it("knows MySQL's backslash escapes and # comments", () => {
    expect(splitStatements("select 'it\\'s; fine' # ; comment", mysqlDialect.placeholders)).toHaveLength(1);
    // On Postgres `#` is an operator and a plain string has no backslash escapes.
    expect(splitStatements("select 'a\\'; select 2", pg)).toHaveLength(2);
  });
});

describe("BigQuery's triple-quoted strings", () => {
  const style = bigqueryDialect.placeholders;
  it("hold quotes and semicolons without ending the statement", () => {
    expect(splitStatements('select \'\'\' it\'s; here \'\'\' as a, """ say "hi"; """ as b', style)).toHaveLength(1);
    // Read as three one-quote strings, the `;` would be inside the second one and the delete hidden.
    expect(splitStatements("select ''' ' ''' ; delete from t where true", style)).toHaveLength(2);
  });
});

describe("leadingWords", () => {
  it("reads keywords of code, a literal or quoted name as one opaque word", () => {
    expect(leadingWords("/* c */ -- x\n CREATE unique INDEX concurrently i on t(x)", pg)).toEqual([
      "create",
      "unique",
      "index",
      "concurrently",
      "i",
      "on",
    ]);
    expect(leadingWords(`"commit" from 'commit'`, pg)).toEqual(['"…"', "from", '"…"']);
  });
});

describe("a step's statements", () => {
  const refused = [
    "begin; delete from ledger where x > 10; commit;",
    "commit; drop table ledger",
    "delete from ledger; commit",
    "COMMIT",
    "/* comment */ rollback",
    "end",
    "abort",
    "start transaction",
    "savepoint s1",
    "release savepoint s1",
    "set transaction isolation level serializable",
    "prepare transaction 'x'",
    "commit prepared 'x'",
    "rollback prepared 'x'",
    "begin transaction",
    "set autocommit = 1",
  ];

  describe.each(Object.entries(DIALECTS))("on %s", (_vendor, dialect) => {
    it.each(refused)("refuses transaction control: %s", (sql) => {
      expect(() => refuseUnsafeStatements(sql, dialect)).toThrow(/transaction control.*remove BEGIN, COMMIT, ROLLBACK/);
    });

    it("refuses several statements in one step", () => {
      expect(() => refuseUnsafeStatements("delete from ledger; drop table ledger", dialect)).toThrow(
        /holds 2 statements.*one step per statement/,
      );
      expect(() => refuseUnsafeStatements("select 1) x; delete from ledger; select * from (select 1", dialect)).toThrow(
        /holds 3 statements/,
      );
    });

    it("refuses a step of comments only", () => {
      expect(() => refuseUnsafeStatements("-- nothing here\n;", dialect)).toThrow(/holds no statement/);
    });

    it("accepts commit as a string, a quoted name, a comment, or inside a word", () => {
      const quote = dialect === mysqlDialect || dialect === bigqueryDialect ? "`" : '"';
      for (const sql of [
        "select 'commit; begin' as note",
        `select ${quote}commit${quote} from ledger`,
        `select 1 as ${quote}begin${quote};`,
        "select 1 -- then commit;\n",
        "/* begin; */ select committed, rollback_count from t",
        "update ledger set note = 'rollback; drop table ledger'",
      ]) {
        expect(() => refuseUnsafeStatements(sql, dialect), sql).not.toThrow();
      }
    });
  });

  it("ignores commit inside a dollar-quoted body on Postgres", () => {
    expect(() => refuseUnsafeStatements("select $body$ commit; drop table x $body$ as text", postgresDialect)).not.toThrow();
    expect(transactionControl("select $$commit$$", pg)).toBeUndefined();
  });
});
