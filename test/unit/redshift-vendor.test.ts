import { describe, expect, it } from "vitest";
import { redshiftConfiguration, redshiftCredentials } from "../../provider/vendors/redshift/config";
import { encodeCopyRows } from "../../provider/core/transfer/copy-text";
import { copyTextToCsv, csvRows } from "../../provider/vendors/redshift/csv";
import { redshiftDialect } from "../../provider/vendors/redshift/dialect";
import { StagedParts } from "../../provider/vendors/redshift/s3-staging";
import { checkTextWidths } from "../../provider/vendors/redshift/text-width";
import { redshiftDdlType, redshiftRefusedType } from "../../provider/vendors/redshift/types";
import { type VendorType, vendors } from "../../provider/vendors/registry";

const server = { host: "cluster.example.com", database: "dev", user: "loader" };

describe("Redshift configuration", () => {
  it("takes the Postgres server fields with port 5439, and an s3 staging block whose prefix is trimmed", () => {
    expect(redshiftConfiguration.parse({ ...server, s3: { bucket: "my-bucket", prefix: "/loads/", region: "eu-west-1" } })).toEqual({
      ...server,
      port: 5439,
      ssl: false,
      s3: { bucket: "my-bucket", prefix: "loads", region: "eu-west-1" },
    });
    expect(redshiftConfiguration.parse(server)).not.toHaveProperty("s3");
  });

  it.each([
    [{ bucket: "Bad_Bucket", region: "us-east-1" }, ["s3", "bucket"]],
    [{ bucket: "ok-bucket", region: "us-east-1", iamRole: "role" }, ["s3", "iamRole"]],
    [{ bucket: "ok-bucket", region: "us-east-1", prefix: "it's" }, ["s3", "prefix"]],
    [{ bucket: "ok-bucket", region: "us-east-1", secretAccessKey: "x" }, ["s3"]],
  ])("refuses %j at %j", (s3, path) => {
    const result = redshiftConfiguration.safeParse({ ...server, s3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(path);
  });

  it("keeps access keys in credentials only, where the sdk marks them secret", () => {
    expect(redshiftCredentials.parse({ password: "p", accessKeyId: "AK", secretAccessKey: "S" })).toEqual({
      password: "p",
      accessKeyId: "AK",
      secretAccessKey: "S",
    });
  });
});

describe("Redshift SQL", () => {
  it("empties a table with DELETE (TRUNCATE commits on Redshift) and has no advisory locks", () => {
    expect(redshiftDialect.emptyTable({ path: ["s"], table: "t" })).toBe('delete from "s"."t"');
    expect(redshiftDialect.writerLocks).toBeUndefined();
  });

  it("writes CSV that COPY reads back: NULL unquoted, empty and \\N text quoted, quotes doubled", () => {
    expect(csvRows([["1", null, "", "\\N", 'a,"b"', "x\ny", "back\\slash"]])).toBe('1,\\N,"","\\N","a,""b""","x\ny",back\\slash\n');
  });

  it("turns COPY text into the same CSV, line by line, whether a line needs decoding or only its tabs replaced", () => {
    const rows = [
      ["1", "plain", "2024-01-01 00:00:00+00"],
      ["2", null, ""],
      ["", "a,b", 'say "hi"'],
      ["3", "tab\there", "new\nline \\ back"],
      ["4", "\\N", "x"],
    ];
    expect(copyTextToCsv(encodeCopyRows(rows))).toBe(csvRows(rows));
    expect(copyTextToCsv(encodeCopyRows([rows[0], rows[0]]))).toBe(csvRows([rows[0], rows[0]]));
    expect(copyTextToCsv(encodeCopyRows([[""], ["x"]]))).toBe('""\nx\n');
  });

  it("COPY names the run's folder, the role or the keys, CSV GZIP and the region, as Redshift literals", () => {
    const withRole = new StagedParts({ bucket: "b", prefix: "p", region: "us-east-1", iamRole: "arn:aws:iam::1:role/r" }, {});
    expect(withRole.copyStatement('"s"."t" ("a")')).toMatch(
      /^COPY "s"\."t" \("a"\) FROM 's3:\/\/b\/p\/[0-9a-f-]{36}\/' IAM_ROLE 'arn:aws:iam::1:role\/r' FORMAT AS CSV GZIP NULL AS '\\\\N' REGION 'us-east-1'$/,
    );
    const withKeys = new StagedParts({ bucket: "b", prefix: "", region: "us-east-1" }, { accessKeyId: "AK", secretAccessKey: "it's\\" });
    expect(withKeys.copyStatement("t")).toContain("ACCESS_KEY_ID 'AK' SECRET_ACCESS_KEY 'it''s\\\\'");
  });

  it("maps text to VARCHAR(65535), converts JSON and UUID, refuses binary and unbounded NUMERIC", () => {
    expect(redshiftDdlType({ kind: "text" })).toBe("varchar(65535)");
    expect(redshiftDdlType({ kind: "json" })).toBe("varchar(65535)");
    expect(redshiftDdlType({ kind: "uuid" })).toBe("char(36)");
    expect(redshiftDdlType({ kind: "numeric", precision: 12, scale: 2 })).toBe("numeric(12,2)");
    expect(redshiftRefusedType({ kind: "binary" })).toContain("encode the column as text");
    expect(redshiftRefusedType({ kind: "numeric" })).toContain("numeric(p,s)");
    expect(redshiftRefusedType({ kind: "numeric", precision: 50, scale: 0 })).toContain("38 digits");
    expect(() => redshiftDdlType({ kind: "binary" })).toThrow("binary");
  });

  it("judges a source column as declared: a text longer than 65535 and a 39-digit integer are refused, naming the type", () => {
    const declared = (type: VendorType, nativeType: string) => vendors[type].columnTypes.declared?.(nativeType);
    expect(declared("postgres", "character varying(70000)")).toEqual({ kind: "text", length: 70000 });
    expect(declared("postgres", "character(12)")).toEqual({ kind: "text", length: 12 });
    expect(declared("postgres", "text")).toEqual({ kind: "text" });
    expect(declared("duckdb", "HUGEINT")).toEqual({ kind: "numeric", precision: 39, scale: 0 });
    expect(declared("duckdb", "UHUGEINT")).toEqual({ kind: "text" });
    expect(declared("duckdb", "BIGINT")).toEqual({ kind: "bigint" });
    expect(redshiftRefusedType({ kind: "text", length: 70000 })).toContain("text(70000) does not fit Redshift");
    expect(redshiftRefusedType({ kind: "text", length: 65535 })).toBeUndefined();
    expect(redshiftRefusedType({ kind: "numeric", precision: 39, scale: 0 })).toContain("numeric(39, 0) does not fit Redshift");
    expect(redshiftRefusedType({ kind: "numeric", precision: 38, scale: 0 })).toBeUndefined();
  });

  it("refuses a text value longer than 65535 bytes of UTF-8, however few its characters, naming the column", () => {
    const columns = [
      { name: "id", type: { kind: "integer" as const }, nullable: false },
      { name: "body", type: { kind: "text" as const }, nullable: true },
    ];
    expect(() =>
      checkTextWidths(
        encodeCopyRows([
          ["1", "€".repeat(21845)],
          ["2", null],
        ]),
        columns,
      ),
    ).not.toThrow();
    expect(() =>
      checkTextWidths(
        encodeCopyRows([
          ["1", "a"],
          ["2", "€".repeat(21846)],
        ]),
        columns,
      ),
    ).toThrow('column "body": a value of 65538 bytes');
    expect(() => checkTextWidths(encodeCopyRows([["1".repeat(70000), "b"]]), columns)).not.toThrow();
  });
});
