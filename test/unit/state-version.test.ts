import { describe, expect, it } from "vitest";
import { migrate } from "../../provider/core/state-version";

describe("state migration", () => {
  it("rejects state from a newer version with a message that says to upgrade", () => {
    expect(() => migrate({ stateVersion: 3 }, 2, {})).toThrow(
      /newer pulumi-dataplane \(stateVersion 3, this one reads up to 2\): upgrade the package/,
    );
  });

  it("migrates state without a version from version 0, step by step", () => {
    const migrated = migrate({ host: "h" }, 2, {
      0: (state) => ({ ...state, port: 5432 }),
      1: (state) => ({ ...state, ssl: false }),
    });
    expect(migrated).toEqual({ host: "h", port: 5432, ssl: false, stateVersion: 2 });
  });

  it("starts from the stored version", () => {
    const migrated = migrate({ stateVersion: 1, a: 1 }, 2, {
      0: () => {
        throw new Error("must not run");
      },
      1: (state) => ({ ...state, b: 2 }),
    });
    expect(migrated).toEqual({ stateVersion: 2, a: 1, b: 2 });
  });

  it("leaves current state as it is, without mutating the input", () => {
    const state = { stateVersion: 1, a: 1 };
    const migrated = migrate(state, 1, {});
    expect(migrated).toEqual(state);
    expect(migrated).not.toBe(state);
  });

  it("fails clearly when a step is missing", () => {
    expect(() => migrate({}, 1, {})).toThrow(/no migration from stateVersion 0/);
  });
});
