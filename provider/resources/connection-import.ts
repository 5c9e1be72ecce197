import { DataplaneError } from "../core/failures";
import type { Properties } from "../core/properties";
import { issuesToFailures } from "../core/validation";
import { isVendorType, VENDOR_TYPES } from "../vendors/registry";
import { connectionInputsSchema } from "./connection-schema";

/**
 * A connection taken under a Connection resource by `pulumi import` or the `import` option. The
 * engine reads an imported resource by its id alone (no credentials: they come from the
 * program), so the id carries the type and configuration, `type:{json}`, e.g.
 * `postgres:{"host":"db","port":5432,"database":"shop","user":"app"}`; the first `up` tests it
 * live with the program's credentials.
 */
export function importedConnection(id: string, stateVersion: number): { id: string; props: Properties; inputs: Properties } {
  const separator = id.indexOf(":");
  const type = id.slice(0, separator);
  let configuration: unknown;
  try {
    configuration = JSON.parse(id.slice(separator + 1));
  } catch {
    configuration = undefined;
  }
  if (separator < 0 || !isVendorType(type) || configuration === null || typeof configuration !== "object") {
    throw new DataplaneError(
      "invalidConfiguration",
      `import id: give the connection as type:{configuration as JSON}, e.g. postgres:{"host":"db","port":5432,"database":"shop","user":"app"} (type one of ${VENDOR_TYPES.join(", ")}; credentials come from the program)`,
    );
  }
  // What check would refuse is refused here, before the engine stores the id (a password in
  // the configuration or its connection string would reach state and the generated program
  // in plain text); the failures name the properties, never their values.
  const parsed = connectionInputsSchema.safeParse({ type, configuration, credentials: {} });
  if (!parsed.success) {
    const reasons = issuesToFailures(parsed.error.issues, { type, configuration }).map((failure) => failure.reason);
    throw new DataplaneError("invalidConfiguration", `import id: ${reasons.join("; ")}`);
  }
  return {
    id,
    props: { type, configuration, connectionId: id, status: "IMPORTED", statusMessage: "imported: the next up tests it", stateVersion },
    inputs: { type, configuration },
  };
}
