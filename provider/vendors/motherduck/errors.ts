import { DataplaneError, isDataplaneError, type FailureKind } from "../../core/failures";
import { errorMessage, redact } from "../../core/redaction";

/**
 * DuckDB reaches MotherDuck through its `motherduck` extension, which it downloads from
 * extensions.duckdb.org on first use; where it can be neither downloaded nor found installed,
 * opening `md:` fails before any MotherDuck server is asked.
 */
const EXTENSION_UNAVAILABLE =
  /extension[^\n]*"?motherduck"?[^\n]*(not found|failed|could not|cannot)|failed to (download|install|load) extension "?motherduck/i;

const EXTENSION_HINT =
  "the DuckDB engine must be able to install its motherduck extension: allow network access to extensions.duckdb.org from the machine running pulumi, " +
  "or install the extension there beforehand (INSTALL motherduck, in DuckDB's extension directory, ~/.duckdb/extensions unless extension_directory says otherwise)";

/** Said when the deadline ends an open still under way: the engine's first open of `md:` downloads the extension. */
export const STILL_OPENING =
  "the DuckDB engine had not finished opening it; a first use downloads the motherduck extension from extensions.duckdb.org (through HTTP_PROXY when set), " +
  "which must be reachable, or the extension installed beforehand (INSTALL motherduck)";

/**
 * MotherDuck's wording of a rejected token, as its documentation and client show it. Not
 * verified here: no MotherDuck service is reachable from this machine.
 */
const TOKEN_REJECTED = /invalid token|token is invalid|unauthenticated|unauthori[sz]ed|authentication failed|jwt/i;

/** The failure as a user should read it: the extension's absence or a rejected token classified with their fix, the token removed. */
export function explainMotherduckError(error: unknown, token: string | undefined): unknown {
  if (isDataplaneError(error)) return error;
  const message = redact(errorMessage(error), token ? [token] : []);
  const firstLine = message.split("\n")[0];
  if (EXTENSION_UNAVAILABLE.test(message)) {
    return new DataplaneError("unreachable", `the motherduck extension of DuckDB could not be loaded (${firstLine})`, EXTENSION_HINT);
  }
  if (TOKEN_REJECTED.test(message)) {
    return new DataplaneError(
      "authentication",
      `MotherDuck refused the token (${firstLine})`,
      "check credentials.token: a valid MotherDuck access token of the account that holds configuration.database",
    );
  }
  return error;
}

export function classifyWith(classifyEngineError: (error: unknown) => FailureKind): (error: unknown) => FailureKind {
  return (error) => {
    const explained = explainMotherduckError(error, undefined);
    return isDataplaneError(explained) ? explained.kind : classifyEngineError(error);
  };
}
