import { describe, expect, it } from "vitest";
import { assertMayWrite, mayDrop, ownerComment, parseOwnerComment, sameOwner, type TableOwner } from "../../provider/core/ownership";
import { isStagingTableName, stagingTableFor } from "../../provider/core/staging-tables";
import { defaultResultTable } from "../../provider/core/stack-identity";
import { IDENTIFIER_PATTERN } from "../../provider/core/identifiers";

const owner: TableOwner = { project: "shop's data", stack: "prod/eu", kind: "JobGroup", name: "订单 \\ 'x'" };
const table = { path: ["dataplane"], table: "orders" };

describe("table owners", () => {
  it("a comment holds no quote or backslash and reads back as the same owner", () => {
    const comment = ownerComment(owner);
    expect(comment).not.toMatch(/['\\]/);
    expect(parseOwnerComment(`${comment}`)).toEqual(owner);
    expect(parseOwnerComment("a comment someone else wrote")).toBeUndefined();
    expect(parseOwnerComment(null)).toBeUndefined();
  });

  it("a long resource name is recorded as a digest that fits MariaDB's 2,048 characters and still names its resource", () => {
    const long: TableOwner = { ...owner, name: "订".repeat(500) };
    const comment = ownerComment(long);
    expect(comment.length).toBeLessThan(2048);
    expect(sameOwner(parseOwnerComment(comment)!, long)).toBe(true);
    expect(sameOwner(parseOwnerComment(comment)!, { ...long, name: "订".repeat(499) })).toBe(false);
  });

  it("another owner is refused unless adopted; an unrecorded table only when state says it is ours", () => {
    const other = { ...owner, stack: "dev" };
    expect(() => assertMayWrite({ table, claimant: owner, recorded: other, knownFromState: true, adopt: false })).toThrow(
      /belongs to JobGroup .* of stack shop's data\/dev/,
    );
    expect(() => assertMayWrite({ table, claimant: owner, recorded: other, knownFromState: false, adopt: true })).not.toThrow();
    expect(() => assertMayWrite({ table, claimant: owner, recorded: owner, knownFromState: false, adopt: false })).not.toThrow();
    expect(() => assertMayWrite({ table, claimant: owner, recorded: undefined, knownFromState: false, adopt: false })).toThrow(
      /already exists and was not created by this resource/,
    );
    expect(() => assertMayWrite({ table, claimant: owner, recorded: undefined, knownFromState: true, adopt: false })).not.toThrow();
  });

  it("destroy drops only a table that records this resource, or none", () => {
    expect(mayDrop(owner, { ...owner, project: "other" })).toBe(false);
    expect(mayDrop(owner, owner)).toBe(true);
    expect(mayDrop(owner, undefined)).toBe(true);
  });
});

describe("names that cannot collide", () => {
  it("default result tables differ by stack, by project and for names that clean to the same text", () => {
    const names = new Set([
      defaultResultTable("orders", { project: "shop", stack: "dev" }),
      defaultResultTable("orders", { project: "shop", stack: "prod" }),
      defaultResultTable("orders", { project: "crm", stack: "dev" }),
      defaultResultTable("订单", { project: "shop", stack: "dev" }),
      defaultResultTable("客户", { project: "shop", stack: "dev" }),
    ]);
    expect(names.size).toBe(5);
    for (const name of names) expect(name).toMatch(IDENTIFIER_PATTERN);
    expect(defaultResultTable("x".repeat(80), { project: "p", stack: "s" })).toMatch(IDENTIFIER_PATTERN);
  });

  it("each run has its own staging table, a valid name with room for a suffix", () => {
    const long = { path: ["s"], table: "t".repeat(63) };
    const first = stagingTableFor(long, "a1b2c3").table;
    expect(first).not.toBe(stagingTableFor(long, "d4e5f6").table);
    expect(`${first}_retired`.length).toBeLessThanOrEqual(63);
    expect(first).toMatch(IDENTIFIER_PATTERN);
  });

  it("staging tables are told apart from the tables users keep, with and without the retired suffix", () => {
    for (const table of ["orders", "t".repeat(63), "atomic_t_7806453f"]) {
      const staging = stagingTableFor({ path: ["s"], table }, "579dfb").table;
      expect(isStagingTableName(staging)).toBe(true);
      expect(isStagingTableName(`${staging}_retired`)).toBe(true);
      expect(isStagingTableName(table)).toBe(false);
    }
    expect(isStagingTableName("orders_stg")).toBe(false);
  });
});
