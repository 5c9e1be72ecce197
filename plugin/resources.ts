import { connection, jobGroup, publication } from "../provider";
import { parseUrn } from "./urn";

type Properties = Record<string, unknown>;
type ResourceProvider = typeof connection;

/**
 * One resource of the package: the provider code it serves (the same the dynamic provider
 * runs) and what this face adds around it. The dynamic sdk fills some inputs in the program
 * (the resource's name, its stack, a connection's reference from the Connection object); a
 * package program passes plain values, so they are filled here from the URN and from the
 * `reference` outputs one resource hands the next.
 */
export interface PackageResource {
  token: string;
  provider: ResourceProvider;
  /** Sealed as secret on the way out whatever the engine sent: they hold credentials. */
  secretProperties: readonly string[];
  /** The references another resource hands it: their secret is their credentials, redacted by the provider code itself. */
  referenceProperties: readonly string[];
  /** Outputs computed from inputs: sealed when one of those inputs held a secret (a profile's min and max are a secret runParameter's value). */
  derivedSecrets: Readonly<Record<string, readonly string[]>>;
  inputsFor(properties: Properties, urn: string): Properties;
  /** `reference`: the outputs another resource takes whole (`connection: ${warehouse.reference}`). */
  withReference(outputs: Properties): Properties;
}

const pick = (from: Properties, keys: readonly string[]): Properties =>
  Object.fromEntries(keys.filter((key) => from[key] !== undefined).map((key) => [key, from[key]]));

const CONNECTION_REFERENCE = ["connectionId", "type", "configuration", "credentials"] as const;
const RESULT_REFERENCE = ["connectionId", "path", "table", "rowCount", "columns"] as const;

function identityFrom(urn: string) {
  const { project, stack, name } = parseUrn(urn);
  return { resourceName: name, pulumiStack: { project, stack } };
}

/** A job's `reference`, or the source entry the provider reads (`{ jobGroupId, runId, path, table }`). */
function jobSourceEntry(entry: unknown): unknown {
  if (entry === null || typeof entry !== "object" || !("result" in entry)) return entry;
  const { jobGroupId, runId, result } = entry as { jobGroupId?: string; runId?: string; result?: Properties };
  return { jobGroupId, runId, path: result?.path, table: result?.table };
}

export const PACKAGE_RESOURCES: readonly PackageResource[] = [
  {
    token: "dataplane:index:Connection",
    provider: connection,
    secretProperties: ["credentials", "reference"],
    referenceProperties: [],
    derivedSecrets: {},
    inputsFor: (properties, urn) => ({ ...properties, credentials: properties.credentials ?? {}, resourceName: parseUrn(urn).name }),
    withReference: (outputs) => ({ ...outputs, reference: pick(outputs, CONNECTION_REFERENCE) }),
  },
  {
    token: "dataplane:index:JobGroup",
    provider: jobGroup,
    secretProperties: ["connection", "reference"],
    referenceProperties: ["connection", "sources"],
    derivedSecrets: { profile: ["steps", "runParameters"] },
    inputsFor: (properties, urn) => ({
      ...properties,
      ...identityFrom(urn),
      sources: Array.isArray(properties.sources) ? properties.sources.map(jobSourceEntry) : properties.sources,
    }),
    withReference: (outputs) => ({
      ...outputs,
      reference: {
        ...pick(outputs, ["jobGroupId", "runId", "connection"]),
        result: pick((outputs.result ?? {}) as Properties, RESULT_REFERENCE),
      },
    }),
  },
  {
    token: "dataplane:index:Publication",
    provider: publication,
    secretProperties: ["source", "connection", "engine"],
    referenceProperties: ["source", "connection", "engine"],
    derivedSecrets: {},
    inputsFor: (properties, urn) => ({ ...properties, ...identityFrom(urn) }),
    withReference: (outputs) => outputs,
  },
];

export function packageResourceOf(urn: string): PackageResource {
  const type = urn.split("::")[2] ?? "";
  const found = PACKAGE_RESOURCES.find((resource) => resource.token === type);
  if (!found) throw new Error(`the dataplane provider has no resource type ${type}`);
  return found;
}
