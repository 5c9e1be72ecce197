import { defineVendor } from "../../core/vendor-contract";
import { postgresVendor } from "../postgres";
import { redshiftConfiguration, redshiftPathShape } from "./config";

/** Redshift is reached through the Postgres driver and dialect; it reports its own name and default port. */
export const redshiftVendor = defineVendor({
  ...postgresVendor,
  dialectName: "redshift",
  configuration: redshiftConfiguration,
  pathShape: redshiftPathShape,
});
