import type * as pulumi from "@pulumi/pulumi";
import { processCancellation } from "../provider/core/cancellation";
import { rememberUrn } from "./engine-log";
import { packageResourceOf, type PackageResource } from "./resources";
import { packageSchema } from "./schema";
import { propertiesQuotingSecrets, redactSecrets, rememberSecrets, revealed, sealed, secretPropertiesOf } from "./secrets";

type Properties = Record<string, unknown>;

/**
 * The resource a call is for; its URN is remembered, so report lines reach the engine attached
 * to it, and so are the secrets the call carries, so no error, failure or output quotes them.
 */
function resourceFor(urn: string, ...sent: unknown[]): PackageResource {
  rememberUrn(urn);
  const resource = packageResourceOf(urn);
  // Not the references (their secret is the credentials the provider code redacts) nor the
  // outputs sealed whole for what they were computed from: their other strings are no secrets.
  const skipped = [...resource.referenceProperties, "reference", ...Object.keys(resource.derivedSecrets)];
  for (const properties of sent) rememberSecrets(properties, skipped);
  return resource;
}

/** An error of the provider code as the engine may show it: no secret it was sent quoted. */
async function redactingErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Error)) throw new Error(redactSecrets(String(error)));
    const message = redactSecrets(error.message);
    if (message === error.message) throw error;
    const redacted = new Error(message);
    redacted.name = error.name;
    throw redacted;
  }
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
  const held = new Set(sent.flatMap((properties) => secretPropertiesOf(properties ?? {})));
  const derived = Object.entries(resource.derivedSecrets)
    .filter(([, inputs]) => inputs.some((input) => held.has(input)))
    .map(([output]) => output);
  const secrets = new Set([...resource.secretProperties, ...held, ...derived, ...propertiesQuotingSecrets(defined)]);
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

    check: (urn, olds, news) =>
      redactingErrors(async () => {
        const resource = resourceFor(urn, olds, news);
        const result = (await resource.provider.check(plain(olds), inputsOf(resource, news, urn))) as {
          inputs: Properties;
          failures?: pulumi.provider.CheckFailure[];
        };
        const failures = result.failures?.map((failure) => ({ ...failure, reason: redactSecrets(failure.reason) }));
        return { inputs: answer(resource, resource.withReference(result.inputs), [news]), failures };
      }),

    diff: (id, urn, olds, news) =>
      redactingErrors(async () => {
        const resource = resourceFor(urn, olds, news);
        return (await resource.provider.diff(id, plain(olds), inputsOf(resource, news, urn))) as pulumi.provider.DiffResult;
      }),

    create: (urn, inputs) =>
      redactingErrors(async () => {
        const resource = resourceFor(urn, inputs);
        const result = (await resource.provider.create(inputsOf(resource, inputs, urn))) as { id: string; outs: Properties };
        return { id: result.id, outs: answer(resource, resource.withReference(result.outs), [inputs]) };
      }),

    read: (id, urn, properties) =>
      redactingErrors(async () => {
        const resource = resourceFor(urn, properties);
        const result = (await resource.provider.read(id, plain(properties))) as { id: string; props: Properties; inputs?: Properties };
        return {
          id: result.id,
          props: answer(resource, resource.withReference(result.props), [properties ?? {}]),
          inputs: result.inputs && answer(resource, result.inputs, [properties ?? {}]),
        };
      }),

    update: (id, urn, olds, news) =>
      redactingErrors(async () => {
        const resource = resourceFor(urn, olds, news);
        const result = (await resource.provider.update(id, plain(olds), inputsOf(resource, news, urn))) as { outs: Properties };
        return { outs: answer(resource, resource.withReference(result.outs), [olds, news]) };
      }),

    delete: (id, urn, properties) =>
      redactingErrors(async () => {
        await resourceFor(urn, properties).provider.delete(id, plain(properties));
      }),
  };
}
