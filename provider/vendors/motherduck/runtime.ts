import { afterAbort } from "../../core/deadline";
import type { ConnectionTarget, VendorRuntime } from "../../core/vendor-contract";
import type { VendorTransfer } from "../../core/transfer/endpoints";
import { engineRuntime } from "../duckdb/engine-runtime";
import type { MotherduckConfiguration, MotherduckCredentials } from "./config";
import { classifyWith, explainMotherduckError, STILL_OPENING } from "./errors";

type Target = ConnectionTarget<MotherduckConfiguration, MotherduckCredentials>;

/**
 * The DuckDB engine on `md:<database>`, with the token as the engine's `motherduck_token`
 * option: never in the database name, so it is in no path, URL or message quoting them.
 */
const engine = engineRuntime<MotherduckConfiguration, MotherduckCredentials>({
  database: (configuration) => ({ database: `md:${configuration.database}`, readOnly: configuration.readOnly }),
  options: (credentials) => ({ motherduck_token: credentials.token }),
});

/** Runs `work`, rethrowing its failure explained and without the target's token. */
async function explained<T>(target: ConnectionTarget, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw explainMotherduckError(error, (target as Target).credentials?.token);
  }
}

/**
 * Opening cannot be aborted inside the engine: where its extension download hangs (a proxy in
 * HTTP_PROXY that never answers) the deadline fails the work, and this says what was waited for.
 */
async function opening<T>(target: ConnectionTarget, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  const stopExplaining = afterAbort(signal, { what: "opening the MotherDuck database", run: async () => STILL_OPENING });
  try {
    return await explained(target, work);
  } finally {
    stopExplaining();
  }
}

const transfer: VendorTransfer = {
  ...engine.transfer,
  openSource: (request) => explained(request.target, () => engine.transfer.openSource(request)),
  openSink: (request) => explained(request.target, () => engine.transfer.openSink(request)),
};

/**
 * Result files are not written by MotherDuck's COPY (where a hybrid COPY writes is not
 * verified here): jobs copy the result into a scratch DuckDB file whose writers produce them.
 */
const { files: _serviceSideFiles, ...shared } = engine;

export const motherduckRuntime: VendorRuntime<MotherduckConfiguration, MotherduckCredentials> = {
  ...shared,
  open: (target, signal, options) => opening(target, signal, () => engine.open(target, signal, options)),
  openData: (target, signal, options) => opening(target, signal, () => engine.openData(target, signal, options)),
  classify: classifyWith(engine.classify),
  transfer,
};
