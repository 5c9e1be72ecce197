import type { Column } from "../../../provider/core/columns";
import { redshiftDdlType } from "../../../provider/vendors/redshift/types";
import { postgresFamily } from "./postgres";
import type { IsolationProfile, PushdownProfile, VendorFixture } from "./fixture";

const family = postgresFamily("redshift");

/**
 * Redshift is reached through the Redshift proxy (test/support/redshift-proxy.ts) in front of the
 * suite's PostgreSQL: it refuses what Redshift refuses, and serves COPY from the S3 emulator, so
 * every test runs Redshift's own code path (S3 parts and COPY in, a cursor out, DELETE for
 * TRUNCATE) against it. What the stand-in cannot show (IAM, S3's own consistency, Redshift's
 * planner and WLM) the README says.
 */
export const fixture: VendorFixture = {
  ...family,
  isolation: {
    ...(family.isolation as Exclude<VendorFixture["isolation"], { excluded: string }>),
    noWriterLock:
      "Redshift has no advisory locks (the proxy refuses them as Redshift does): writers of one table are serialised within one provider process only",
  },
  pushdown: {
    ...(postgresFamily("postgres").pushdown as PushdownProfile),
    connection: () => (family.isolation as IsolationProfile).connection("pushdown"),
    // Redshift has no arrays: no parameter slice to bound.
    arrayLiteral: undefined,
    // Redshift has no aclexplode (the proxy refuses it), so grants others hold are not read:
    // preview says so, and a replaced table does not keep them (README says so).
    reader: undefined,
    dependentsNotRead: "Redshift has no indexes, and no aclexplode to read grants by",
  },
  transfer: {
    excluded:
      "Redshift columns cannot take the round trip's binary column (refused at preview): its own round trip, every other value both ways, is test/integration/redshift-round-trip.test.ts",
  },
  leastPrivilege: { excluded: "the stand-in's grants are PostgreSQL's, not Redshift's: proven once, on postgres" },
  // JSON is held as text and UUIDs as CHAR(36) (Redshift has neither type); the stand-in has no
  // VARBYTE, so the administrator's binary column is text too.
  typeReadBack: { json: { kind: "text" }, uuid: { kind: "text" }, binary: { kind: "text" } },
  createTable: async (place, table, columns: readonly Column[]) => {
    const definitions = columns.map((column) => {
      const type = column.type.kind === "binary" ? "varchar(65535)" : redshiftDdlType(column.type);
      return `${place.quote(column.name)} ${type}${column.nullable ? "" : " not null"}`;
    });
    await place.admin(`create table ${place.qualified(table)} (${definitions.join(", ")})`);
  },
};
