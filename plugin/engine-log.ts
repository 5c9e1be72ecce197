import type { Resource } from "@pulumi/pulumi";
import * as log from "@pulumi/pulumi/log";
import { output } from "@pulumi/pulumi/output";
import { redactSecrets } from "./secrets";
import { parseUrn } from "./urn";

/*
 * Report lines (progress, what destroy dropped, warnings) as the engine shows a provider's
 * messages: through its Log RPC, attached to the resource. The engine hides a package plugin's
 * stderr, where the dynamic provider writes them.
 */

const urnsByName = new Map<string, string>();

/** Each call names its resource's URN: report lines name the resource by its name. */
export function rememberUrn(urn: string): void {
  urnsByName.set(parseUrn(urn).name, urn);
}

export function logToEngine(resourceName: string | undefined, message: string): void {
  const urn = resourceName === undefined ? undefined : urnsByName.get(resourceName);
  // pulumi.log takes a resource for its URN alone.
  const resource = urn === undefined ? undefined : ({ urn: output(urn) } as unknown as Resource);
  const line = redactSecrets(message);
  void log.info(urn === undefined ? `${resourceName ?? "dataplane"}: ${line}` : line, resource).catch(() => undefined);
}
