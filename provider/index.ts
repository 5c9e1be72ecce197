/**
 * The provider implementation, loaded by package name inside each method of the thin
 * providers in sdk/ (which are serialized into state and must capture nothing). Each
 * resource's module loads on its first call: a stack of connections never loads the job and
 * publication machinery, which keeps the provider process's start-up out of every preview.
 */
import type { Properties } from "./core/properties";
import { forEngine, type CheckResult } from "./core/validation";
import { cancelOnCancelRpc } from "./core/cancel-rpc";
import { dynamicProviderScript, exitCleanlyOnSignals } from "./core/signals";

// The engine stops a provider with its Cancel RPC (first Ctrl-C) and SIGINT (second Ctrl-C, end
// of run), see core/cancellation: running statements are then cancelled in the database and
// staging tables dropped before the operation fails and the process exits.
const providerScript = dynamicProviderScript();
if (providerScript !== undefined) {
  exitCleanlyOnSignals();
  cancelOnCancelRpc(providerScript);
}

/** What every resource module exports: the dynamic provider's methods (`delete` is `remove`). */
interface ResourceModule {
  check(olds: Properties, news: Properties): Promise<unknown>;
  diff(id: string, olds: Properties, news: Properties): Promise<unknown>;
  create(inputs: Properties): Promise<unknown>;
  read(id: string, properties: Properties): Promise<unknown>;
  update(id: string, olds: Properties, news: Properties): Promise<unknown>;
  remove(id: string, properties: Properties): Promise<unknown>;
}

function lazyResource(load: () => ResourceModule) {
  let loaded: ResourceModule | undefined;
  const resource = (): ResourceModule => (loaded ??= load());
  return {
    // The one place failures leave for the engine: none may name a key whose value it would print.
    check: async (olds: Properties, news: Properties) => {
      const result = (await resource().check(olds, news)) as CheckResult;
      return result.failures ? { ...result, failures: forEngine(result.failures, news) } : result;
    },
    diff: (id: string, olds: Properties, news: Properties) => resource().diff(id, olds, news),
    create: (inputs: Properties) => resource().create(inputs),
    read: (id: string, properties: Properties) => resource().read(id, properties),
    update: (id: string, olds: Properties, news: Properties) => resource().update(id, olds, news),
    delete: (id: string, properties: Properties) => resource().remove(id, properties),
  };
}

export const connection = lazyResource(() => require("./resources/connection"));
export const jobGroup = lazyResource(() => require("./resources/job-group"));
export const publication = lazyResource(() => require("./resources/publication"));
