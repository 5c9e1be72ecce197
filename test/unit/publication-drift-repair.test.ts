import { describe, expect, it } from "vitest";
import { columnDrift, droppedConsequence } from "../../provider/resources/publication-drift";
import { effectiveAction } from "../../provider/resources/publication-fit";
import { replacementWarning } from "../../provider/resources/publication-replacement";
import { publicationInputsSchema, type PublicationAction } from "../../provider/resources/publication-schema";

const connection = { type: "duckdb", configuration: { path: "x.duckdb" }, credentials: {} };
const inputs = (action: PublicationAction, extra: Record<string, unknown> = {}) =>
  publicationInputsSchema.parse({
    source: { connection, result: { path: ["main"], table: "source" } },
    connection,
    path: ["main"],
    table: "target",
    action,
    ...(action === "upsert" ? { keys: ["id"] } : {}),
    ...extra,
  });

describe("effectiveAction: what a publish runs for what exists", () => {
  it.each(["load", "truncateAndLoad", "upsert"] as const)("%s creates a dropped table this publication created", (action) => {
    expect(effectiveAction(inputs(action), { exists: false, created: true, previouslyPublished: true })).toBe("createAndLoad");
  });

  it.each(["load", "truncateAndLoad", "upsert"] as const)(
    "%s refuses a dropped table it did not create, naming why and the fix",
    (action) => {
      expect(() => effectiveAction(inputs(action), { exists: false, created: false, previouslyPublished: true })).toThrow(
        `action ${action} needs the table main.target, which does not exist (any more), and this publication did not create it, so it does not create it again: create it, or use createAndLoad`,
      );
    },
  );

  it("create republishing its own table replaces it; an existing table it did not create needs adopt", () => {
    expect(effectiveAction(inputs("create"), { exists: true, created: true, previouslyPublished: true })).toBe("dropAndLoad");
    expect(() => effectiveAction(inputs("dropAndLoad"), { exists: true, created: false, previouslyPublished: false })).toThrow(
      /set adopt: true/,
    );
    expect(effectiveAction(inputs("dropAndLoad", { adopt: true }), { exists: true, created: false, previouslyPublished: false })).toBe(
      "dropAndLoad",
    );
  });
});

describe("columnDrift: which column changes are drift", () => {
  const published = [
    { name: "id", nativeType: "INTEGER" },
    { name: "label", nativeType: "VARCHAR" },
  ];

  it("names removed, retyped and added columns", () => {
    const current = [
      { name: "id", nativeType: "BIGINT" },
      { name: "other", nativeType: "VARCHAR" },
    ];
    expect(columnDrift(inputs("load"), published, current).reason).toBe(
      'target table main.target has different columns: column "label" removed, column "id" changed from INTEGER to BIGINT, column "other" added',
    );
  });

  it("an added column is drift only for actions that replace the table", () => {
    const current = [...published, { name: "extra", nativeType: "INTEGER" }];
    expect(columnDrift(inputs("dropAndLoad"), published, current)).toMatchObject({
      reason: 'target table main.target has different columns: column "extra" added',
      consequence: expect.stringContaining('removes the added column "extra"'),
    });
    expect(columnDrift(inputs("truncateAndLoad"), published, current)).toEqual({
      reason: "",
      consequence: "",
      note: 'target table main.target has column "extra" the publication does not write; truncateAndLoad keeps them',
    });
  });

  it("a dropped table: created again, or why not", () => {
    expect(droppedConsequence(inputs("upsert"), true)).toBe("the next up creates it again and publishes");
    expect(droppedConsequence(inputs("upsert"), false)).toMatch(/did not create it, so the next up cannot publish/);
  });
});

describe("replacementWarning: what replacing a target removes", () => {
  it("names columns, indexes and lost grants, and says which grants survive", () => {
    expect(
      replacementWarning("s.t", "dropAndLoad", ["extra"], { indexes: ["t_idx"], grants: ["reader: SELECT"], grantsOnReplace: "copied" }),
    ).toEqual({
      message:
        'up replaces s.t (dropAndLoad): it removes column "extra", index "t_idx"; grants (reader: SELECT) are copied to the new table; to keep them, publish with truncateAndLoad or upsert instead',
      removes: true,
    });
    expect(
      replacementWarning("s.t", "dropAndLoad", [], { indexes: [], grants: ["reader: SELECT"], grantsOnReplace: "lost" })?.message,
    ).toContain("it removes grants (reader: SELECT)");
    expect(replacementWarning("s.t", "dropAndLoad", [], { indexes: [], grants: [], grantsOnReplace: "lost" })).toBeUndefined();
    expect(replacementWarning("s.t", "dropAndLoad", [], undefined)).toMatchObject({
      removes: false,
      message: expect.stringContaining("not read on this database"),
    });
  });
});
