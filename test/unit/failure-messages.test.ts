import { describe, expect, it } from "vitest";
import { DataplaneError, FAILURE_KINDS } from "../../provider/core/failures";

describe("failure messages say only what is true", () => {
  it("an unclassified failure does not point at a driver message 'above': the message is the driver's, quoted in place", () => {
    const error = new DataplaneError("unknown", 'duplicate key value violates unique constraint "t_pkey"');
    expect(error.message).toBe('failed: duplicate key value violates unique constraint "t_pkey"');
  });

  it.each(FAILURE_KINDS)("%s: no message refers to something printed above", (kind) => {
    expect(new DataplaneError(kind, "detail").message).not.toMatch(/above/);
  });

  it("a missing privilege does not suggest requirePrivileges, which only Connections have", () => {
    expect(new DataplaneError("privilegeMissing", "the user may not INSERT on s.t").message).not.toContain("requirePrivileges");
  });

  it("a resource may give its own fix", () => {
    expect(
      new DataplaneError("privilegeMissing", "the user may not SELECT on t", "grant it, or remove it from requirePrivileges").message,
    ).toBe("privilege missing: the user may not SELECT on t (grant it, or remove it from requirePrivileges)");
  });
});
