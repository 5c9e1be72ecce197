import type { VendorFixture } from "./fixture";

/**
 * No MotherDuck service, and no download of the DuckDB extension that reaches it, is reachable
 * from this machine: every live test lists MotherDuck with this reason. What can be proven
 * here (its configuration, and the failure a user meets when the extension cannot load) is in
 * test/unit/motherduck-configuration.test.ts and test/integration/motherduck-connection.test.ts.
 */
const unreachable = {
  excluded:
    "no MotherDuck service, and no download of the DuckDB extension that reaches it, is reachable from this machine (README, MotherDuck note)",
};

export const fixture: VendorFixture = {
  type: "motherduck",
  sample: { configuration: { database: "shop" }, credentials: { token: "md-token" } },
  placeEngineCatalog: unreachable,
  place: unreachable,
  previewTarget: unreachable,
  atomicTarget: unreachable,
  cancellation: unreachable,
  isolation: unreachable,
  pushdown: unreachable,
  transfer: unreachable,
  warehouse: unreachable,
  leastPrivilege: unreachable,
};
