import { createRequire } from "node:module";
import { processCancellation } from "./cancellation";

const CANCEL_PATH = "/pulumirpc.ResourceProvider/Cancel";

interface GrpcServerPrototype {
  _retrieveHandler?: (this: unknown, path: string) => unknown;
}

let observing = false;

/**
 * Makes the engine's Cancel RPC (the first Ctrl-C) cancel the process (core/cancellation).
 * Pulumi documents Cancel as "abort any ongoing resource operations", but the Node SDK's
 * dynamic provider server answers it with an empty reply and tells the provider nothing, and
 * Node 22 (the oldest this package supports) has no diagnostics channel for incoming HTTP/2 streams. So this wraps the lookup of
 * a method's handler in the very @grpc/grpc-js the server runs on (resolved from the dynamic
 * provider script), which sees every incoming call's path. Where that method is missing (another
 * grpc-js), nothing changes: the first Ctrl-C then waits for running work, as the README says,
 * and the second one still cancels through SIGINT. Returns whether the Cancel RPC is observed.
 */
export function cancelOnCancelRpc(providerScript: string): boolean {
  if (observing) return true;
  let server: GrpcServerPrototype;
  try {
    server = (createRequire(providerScript)("@grpc/grpc-js") as { Server: { prototype: GrpcServerPrototype } }).Server.prototype;
  } catch {
    return false;
  }
  const retrieveHandler = server._retrieveHandler;
  if (typeof retrieveHandler !== "function") return false;
  server._retrieveHandler = function (this: unknown, path: string) {
    if (path === CANCEL_PATH) processCancellation.cancel("the Pulumi engine cancelled the update (Ctrl-C)");
    return retrieveHandler.call(this, path);
  };
  observing = true;
  return true;
}
