import { describe, expect, it } from "vitest";
import { matchesPattern, selectTables, tablePatternField } from "../../provider/core/table-patterns";

const tables = [
  { schema: "sales", name: "orders" },
  { schema: "sales", name: "events" },
  { schema: "finance", name: "ledger" },
  { schema: "finance", name: "events" },
  { schema: "public", name: "users" },
];

describe("table patterns", () => {
  it("schema.table selects exactly that table", () => {
    expect(selectTables(tables, ["sales.orders"], [])).toEqual(["sales.orders"]);
  });

  it("schema.* selects the schema's tables", () => {
    expect(selectTables(tables, ["finance.*"], [])).toEqual(["finance.events", "finance.ledger"]);
  });

  it("*.table selects that name in every schema", () => {
    expect(selectTables(tables, ["*.events"], [])).toEqual(["finance.events", "sales.events"]);
  });

  it("* selects every table, sorted", () => {
    expect(selectTables(tables, ["*"], [])).toEqual(["finance.events", "finance.ledger", "public.users", "sales.events", "sales.orders"]);
  });

  it("an exclude wins over an include", () => {
    expect(selectTables(tables, ["*"], ["*.events", "public.users"])).toEqual(["finance.ledger", "sales.orders"]);
    expect(selectTables(tables, ["sales.orders"], ["sales.*"])).toEqual([]);
  });

  it("several includes add up without duplicates", () => {
    expect(selectTables(tables, ["sales.orders", "sales.*"], [])).toEqual(["sales.events", "sales.orders"]);
  });

  it("a bare name matches that table in any schema", () => {
    expect(matchesPattern({ schema: "x", name: "users" }, "users")).toBe(true);
    expect(matchesPattern({ schema: "x", name: "users2" }, "users")).toBe(false);
  });

  it("does not treat a pattern as a prefix", () => {
    expect(matchesPattern({ schema: "sales", name: "orders_archive" }, "sales.orders")).toBe(false);
  });

  it("validates pattern syntax", () => {
    for (const good of ["*", "sales.orders", "finance.*", "*.events", "orders", "sales.tmp_*", "s*s.x"])
      expect(tablePatternField.safeParse(good).success).toBe(true);
    for (const bad of ["", "a.b.c", "a b", "a."]) expect(tablePatternField.safeParse(bad).success).toBe(false);
  });

  it("matches * within a name as any run of characters, and nothing else specially", () => {
    const tables = [
      { schema: "sales", name: "tmp_orders" },
      { schema: "sales", name: "orders" },
      { schema: "sales", name: "tmpXorders" },
      { schema: "s.a", name: "x" },
    ];
    expect(selectTables(tables, ["sales.tmp_*"], [])).toEqual(["sales.tmp_orders"]);
    expect(selectTables(tables, ["sales.*"], ["sales.tmp*"])).toEqual(["sales.orders"]);
    expect(selectTables(tables, ["s*.x"], [])).toEqual(["s.a.x"]);
  });
});
