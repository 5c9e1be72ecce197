import { describe, expect, it } from "vitest";
import { nativeTypeName } from "../../provider/vendors/mysql/result-types";
import { jsonCheckedColumns } from "../../provider/vendors/mysql/table-columns";
import { mysqlNativeType } from "../../provider/vendors/mysql/types";

/** MariaDB's column metadata, as preview (a prepared statement) and describeTable read it. */
describe("MySQL column types at preview and in a table", () => {
  const field = (columnType: number, columnLength: number) => ({ columnType, columnLength, decimals: 0, characterSet: 63, flags: 0 });

  it("a TINYINT(1) or BIT(1) result column is a boolean at preview, as the table's column_type says", () => {
    expect(mysqlNativeType(nativeTypeName(field(1, 1)))).toEqual({ kind: "boolean" });
    expect(mysqlNativeType(nativeTypeName(field(16, 1)))).toEqual({ kind: "boolean" });
    expect(mysqlNativeType("tinyint(1)")).toEqual({ kind: "boolean" });
  });

  it("a wider TINYINT stays an integer", () => {
    expect(mysqlNativeType(nativeTypeName(field(1, 4)))).toEqual({ kind: "smallint" });
  });

  it("finds the columns MariaDB's json_valid checks constrain, quoted names included", () => {
    expect(jsonCheckedColumns(["json_valid(`payload`)", "`amount` >= 0", "json_valid(`odd``name`) and json_valid(`other`)"])).toEqual(
      new Set(["payload", "odd`name", "other"]),
    );
  });
});
