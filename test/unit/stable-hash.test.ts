import { describe, expect, it } from "vitest";
import { deepEqual, stableHash, stableStringify } from "../../provider/core/stable-hash";

describe("stable hash", () => {
  it("does not depend on key order, at any depth", () => {
    expect(stableHash({ a: 1, b: { c: 2, d: [1, { e: 1, f: 2 }] } })).toBe(stableHash({ b: { d: [1, { f: 2, e: 1 }], c: 2 }, a: 1 }));
  });

  it("differs when a value differs", () => {
    expect(stableHash({ port: 5432 })).not.toBe(stableHash({ port: 5433 }));
    expect(stableHash({ port: 5432 })).not.toBe(stableHash({ port: "5432" }));
  });

  it("keeps array order significant", () => {
    expect(stableHash(["a", "b"])).not.toBe(stableHash(["b", "a"]));
  });

  it("treats an undefined field as absent", () => {
    expect(stableStringify({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });

  it("is a sha256 hex digest", () => {
    expect(stableHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
