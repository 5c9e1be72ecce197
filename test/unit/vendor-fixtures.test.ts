import { describe, expect, it } from "vitest";
import { VENDOR_TYPES, type VendorType } from "../../provider/vendors/registry";
import { loadFixture, loadFixtures } from "../support/vendors";

/** The suites iterate the registry through test/support/vendors/<type>.ts: one fixture per registered vendor, none missing. */
describe("vendor fixtures", () => {
  it("loads one fixture per registered vendor, in registry order", async () => {
    expect((await loadFixtures()).map((fixture) => fixture.type)).toEqual(VENDOR_TYPES);
  });

  it("a registered vendor without a fixture fails naming the file to add", async () => {
    await expect(loadFixture("nosuchvendor" as VendorType)).rejects.toThrow(
      'vendor "nosuchvendor" is registered in provider/vendors/registry.ts but has no test fixture: add test/support/vendors/nosuchvendor.ts',
    );
  });

  it("every sample connection passes its vendor's configuration schema", async () => {
    const { vendors } = await import("../../provider/vendors/registry");
    for (const fixture of await loadFixtures()) {
      expect(vendors[fixture.type].configuration.safeParse(fixture.sample.configuration).success, fixture.type).toBe(true);
    }
  });
});
