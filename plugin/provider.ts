import type * as pulumi from "@pulumi/pulumi";
import { processCancellation } from "../provider/core/cancellation";
import { rememberUrn } from "./engine-log";
import { packageResourceOf, type PackageResource } from "./resources";
import { packageSchema } from "./schema";
import { revealed, sealed, secretPropertiesOf } from "./secrets";

type Properties = Record<string, unknown>;

/** The resource a call is for; its URN is remembered, so report lines reach the engine attached to it. */
function resourceFor(urn: string): PackageResource {
  rememberUrn(urn);
  return packageResourceOf(urn);
}

const plain = (value: unknown): Properties => (revealed(value ?? {}) as Properties) ?? {};

/**
 * What the provider code takes: the program's inputs, filled in by this face, without the
 * `reference` check added for preview (the engine hands check's result to create and diff).
 */
function inputsOf(resource: PackageResource, properties: unknown, urn: string): Properties {
  const { reference: _reference, ...inputs } = plain(properties);
  return resource.inputsFor(inputs, urn);
}

/** What goes back to the engine: no undefined (a protobuf Struct has none), secrets sealed. */
function answer(resource: PackageResource, properties: unknown, sent: Properties[]): Properties {
  const defined = JSON.parse(JSON.stringify(properties ?? {})) as Properties;
  const secrets = new Set([...resource.secretProperties, ...sent.flatMap(secretPropertiesOf)]);
  return sealed(defined, secrets);
}

/**
 * The dataplane package's provider: the engine's calls, by resource type, to the very provider
 * code the dynamic provider runs (provider/), with secrets opened on the way in and sealed on
 * the way out.
 */
export function dataplaneProvider(version: string): pulumi.provider.Provider {
  return {
    version,
    getSchema: async () => JSON.stringify(packageSchema(version)),
    cancel: async () => processCancellation.cancel("the Pulumi engine cancelled the update (Ctrl-C)"),

    check: async (urn, olds, news) => {
      const resource = resourceFor(urn);
      const result = (await resource.provider.check(plain(olds), inputsOf(resource, news, urn))) as {
        inputs: Properties;
        failures?: pulumi.provider.CheckFailure[];
      };
      return { inputs: answer(resource, resource.withReference(result.inputs), [news]), failures: result.failures };
    },

    diff: async (id, urn, olds, news) => {
      const resource = resourceFor(urn);
      return (await resource.provider.diff(id, plain(olds), inputsOf(resource, news, urn))) as pulumi.provider.DiffResult;
    },

    create: async (urn, inputs) => {
      const resource = resourceFor(urn);
      const result = (await resource.provider.create(inputsOf(resource, inputs, urn))) as { id: string; outs: Properties };
      return { id: result.id, outs: answer(resource, resource.withReference(result.outs), [inputs]) };
    },

    read: async (id, urn, properties) => {
      const resource = resourceFor(urn);
      const result = (await resource.provider.read(id, plain(properties))) as { id: string; props: Properties; inputs?: Properties };
      return {
        id: result.id,
        props: answer(resource, resource.withReference(result.props), [properties ?? {}]),
        inputs: result.inputs && answer(resource, result.inputs, [properties ?? {}]),
      };
    },

    update: async (id, urn, olds, news) => {
      const resource = resourceFor(urn);
      const result = (await resource.provider.update(id, plain(olds), inputsOf(resource, news, urn))) as { outs: Properties };
      return { outs: answer(resource, resource.withReference(result.outs), [olds, news]) };
    },

    delete: async (id, urn, properties) => {
      await resourceFor(urn).provider.delete(id, plain(properties));
    },
  };
}
