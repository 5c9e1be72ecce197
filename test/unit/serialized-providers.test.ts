import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { builtModule } from "../support/built-package";
import packageJson from "../../package.json";

const RUNTIME_DEPENDENCIES = Object.keys(packageJson.dependencies);

/**
 * Pulumi stores each dynamic provider, serialized by the SDK's own serializeFunction, in
 * state and runs it in another process: it must be a thin shim that loads the package by
 * name and captures nothing else.
 */
describe("the serialized providers", () => {
  let providers: Record<string, pulumi.dynamic.ResourceProvider>;

  beforeAll(() => {
    // The compiled module, as a program using the package loads it (rebuilt when a source is newer).
    providers = require(builtModule("sdk/providers.js"));
  }, 120_000);

  it("covers every resource", () => {
    expect(Object.keys(providers).sort()).toEqual(["connectionProvider", "jobGroupProvider", "publicationProvider"]);
  });

  it.each(["connectionProvider", "jobGroupProvider", "publicationProvider"])(
    "%s is a small shim that requires the package by name",
    async (name) => {
      const provider = providers[name];
      const { text } = await pulumi.runtime.serializeFunction(() => provider);

      expect(text.length).toBeLessThan(4096);
      for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
        expect(text).toContain(`require("pulumi-dataplane/provider")`);
        expect(text).toContain(`.${method}(`);
      }
      expect(text).not.toMatch(/\/(work|home|root|tmp)\//);
      // Every runtime dependency (each vendor's driver, a new vendor's too), read from package.json rather than listed here.
      for (const dependency of RUNTIME_DEPENDENCIES) expect(text, dependency).not.toContain(`require("${dependency}")`);
      expect(text).not.toMatch(/Zod|password|dataplane-pw/i);
    },
  );
});
