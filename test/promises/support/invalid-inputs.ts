import { vendors, type VendorType } from "../../../provider/vendors/registry";
import type { ConnectionInputs, VendorFixture } from "../../support/vendors";

/** A secret that must never come back: in a failure, a printed line, the CLI output or state. */
export const CANARY = "canary-7f3a9e21c4d0-b5";
/** The same secret shaped as a plain SQL name, so only another fault makes its input invalid. */
export const CANARY_NAME = "canary_7f3a9e21c4d0_b5";

export type ResourceKind = "connection" | "jobGroup" | "publication";

export interface InvalidCase {
  resource: ResourceKind;
  vendor: VendorType;
  /** What is wrong, for the report. */
  fault: string;
  news: Record<string, unknown>;
}

type Inputs = Record<string, unknown>;

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Values of the wrong type, each carrying the canary. */
const WRONG_TYPED: Array<[string, unknown]> = [
  ["an object", { value: CANARY }],
  ["an array", [CANARY]],
];

/** Strings no plain SQL name or host may be: hostile identifiers with the canary inside. */
const HOSTILE = [`${CANARY}"; drop table t; --`, `${CANARY}.x`, `${CANARY} `, `${CANARY}\n`, `${CANARY}\`x`];

/** Whether the vendor's configuration has a port field: port 0 fails on that field (not as an unknown key). */
function takesPort(vendor: VendorType, sample: ConnectionInputs): boolean {
  const result = vendors[vendor].configuration.safeParse({ ...sample.configuration, port: 0 });
  return (
    !result.success &&
    result.error.issues.some((issue) => issue.code !== "unrecognized_keys" && issue.path.length === 1 && issue.path[0] === "port")
  );
}

function connectionCases(vendor: VendorType, sample: ConnectionInputs): InvalidCase[] {
  const base: Inputs = { type: vendor, configuration: clone(sample.configuration), credentials: clone(sample.credentials) };
  const cases: Array<[string, (inputs: Inputs) => void]> = [
    ["a password in configuration", (inputs) => ((inputs.configuration as Inputs).password = CANARY)],
    ["a token in configuration", (inputs) => ((inputs.configuration as Inputs).token = CANARY)],
    ["a secret nested in an unknown configuration object", (inputs) => ((inputs.configuration as Inputs).auth = { password: CANARY })],
    ["a misspelt credentials key", (inputs) => (inputs.credentials = { pasword: CANARY })],
    ["a credentials key in another case", (inputs) => (inputs.credentials = { Password: CANARY })],
    ["credentials as a string", (inputs) => (inputs.credentials = CANARY)],
    ["credentials as an array", (inputs) => (inputs.credentials = [CANARY])],
    ["a password at the top level", (inputs) => (inputs.password = CANARY)],
    ["a secret at the top level, nested", (inputs) => (inputs.auth = { secret: CANARY })],
    ["type holds the secret", (inputs) => (inputs.type = CANARY)],
    ["dryRun holds the secret", (inputs) => (inputs.dryRun = CANARY)],
    ["testTimeoutSeconds holds the secret", (inputs) => (inputs.testTimeoutSeconds = CANARY)],
    ["testTimeoutSeconds out of range (0)", (inputs) => (inputs.testTimeoutSeconds = 0)],
    ["testTimeoutSeconds out of range (601)", (inputs) => (inputs.testTimeoutSeconds = 601)],
    ["excludeAllTables holds the secret", (inputs) => (inputs.excludeAllTables = CANARY)],
    ["includeTables holds a hostile pattern", (inputs) => (inputs.includeTables = [`${CANARY} x.y`])],
    ["includeTables holds an object", (inputs) => (inputs.includeTables = [{ pattern: CANARY }])],
    [
      "a secret in a required privilege",
      (inputs) => (inputs.requirePrivileges = [{ privilege: "createTable", schema: "s", password: CANARY }]),
    ],
    ["an unknown privilege", (inputs) => (inputs.requirePrivileges = [{ privilege: CANARY, table: "t" }])],
  ];
  // Every configuration field of the sample, given a value of the wrong type.
  for (const field of Object.keys(sample.configuration)) {
    for (const [what, value] of WRONG_TYPED) {
      cases.push([`configuration.${field} as ${what}`, (inputs) => ((inputs.configuration as Inputs)[field] = clone(value))]);
    }
  }
  // Out-of-range numbers where the vendor takes a port.
  if (takesPort(vendor, sample)) {
    for (const port of [0, -1, 65536, 1.5])
      cases.push([`configuration.port ${port}`, (inputs) => ((inputs.configuration as Inputs).port = port)]);
  }
  if ("host" in sample.configuration) {
    // `canary.x` would be a valid host name (and the driver's "ENOTFOUND canary.x" would quote it): only invalid ones.
    for (const host of [HOSTILE[0], HOSTILE[2], HOSTILE[4]])
      cases.push([`a hostile host`, (inputs) => ((inputs.configuration as Inputs).host = host)]);
  }
  return cases.map(([fault, mutate]) => {
    const news = clone(base);
    mutate(news);
    return { resource: "connection", vendor, fault, news };
  });
}

/** The connection as a JobGroup or Publication receives it from a Connection's outputs. */
function reference(vendor: VendorType, sample: ConnectionInputs): Inputs {
  return { connectionId: `${vendor}-id`, type: vendor, configuration: clone(sample.configuration), credentials: clone(sample.credentials) };
}

/** A path one name longer than the vendor's longest form, of plain names holding the canary. */
function tooLongPath(vendor: VendorType): string[] {
  const longest = Math.max(...vendors[vendor].pathShape.forms.map((form) => form.length));
  return Array.from({ length: longest + 1 }, (_, index) => `${CANARY_NAME}_${index}`);
}

/** A path of a length the vendor does not take, shorter than its longest form, if there is one. */
function missingLengthPath(vendor: VendorType): string[] | undefined {
  const lengths = vendors[vendor].pathShape.forms.map((form) => form.length);
  const missing = [1, 2].find((length) => !lengths.includes(length));
  return missing === undefined ? undefined : Array.from({ length: missing }, (_, index) => `${CANARY_NAME}_${index}`);
}

function jobGroupCases(vendor: VendorType, sample: ConnectionInputs): InvalidCase[] {
  const base: Inputs = { resourceName: "job", connection: reference(vendor, sample), steps: [{ name: "result", sql: "select 1 as one" }] };
  const cases: Array<[string, (inputs: Inputs) => void]> = [
    [
      "a password in the connection's configuration",
      (inputs) => (((inputs.connection as Inputs).configuration as Inputs).password = CANARY),
    ],
    ["a misspelt key in the connection's credentials", (inputs) => ((inputs.connection as Inputs).credentials = { pasword: CANARY })],
    ["the connection's credentials as a string", (inputs) => ((inputs.connection as Inputs).credentials = CANARY)],
    ["the connection's type holds the secret", (inputs) => ((inputs.connection as Inputs).type = CANARY)],
    ["a password in a step", (inputs) => (inputs.steps = [{ name: "result", sql: "select 1", password: CANARY }])],
    ["a hostile step name", (inputs) => (inputs.steps = [{ name: HOSTILE[0], sql: "select 1" }])],
    ["steps as a string", (inputs) => (inputs.steps = CANARY)],
    ["no steps", (inputs) => (inputs.steps = [])],
    [
      "two steps of one name",
      (inputs) =>
        (inputs.steps = [
          { name: CANARY_NAME, sql: "select 1" },
          { name: CANARY_NAME, sql: "select 2" },
        ]),
    ],
    ["a hostile output table", (inputs) => (inputs.output = { table: HOSTILE[1] })],
    ["a hostile output path name", (inputs) => (inputs.output = { path: [HOSTILE[2]] })],
    ["a secret in output", (inputs) => (inputs.output = { table: "t", password: CANARY })],
    ["output.path too long for the vendor", (inputs) => (inputs.output = { path: tooLongPath(vendor), table: CANARY_NAME })],
    ["output.path empty", (inputs) => (inputs.output = { path: [], table: CANARY_NAME })],
    ["a run parameter holding an object", (inputs) => (inputs.runParameters = { since: { value: CANARY } })],
    ["a run parameter with a hostile name", (inputs) => (inputs.runParameters = { [`${CANARY_NAME} x`]: 1 })],
    ["timeoutSeconds out of range (0)", (inputs) => (inputs.timeoutSeconds = 0)],
    ["timeoutSeconds out of range (86401)", (inputs) => (inputs.timeoutSeconds = 86_401)],
    ["timeoutSeconds holds the secret", (inputs) => (inputs.timeoutSeconds = CANARY)],
    ["a secret in write settings", (inputs) => (inputs.overrides = { writeSettings: [{ path: "out.csv", token: CANARY }] })],
    [
      "a write setting's delimiter holds the secret",
      (inputs) => (inputs.overrides = { writeSettings: [{ path: "out.csv", delim: CANARY }] }),
    ],
    [
      "a write setting's format holds the secret",
      (inputs) => (inputs.overrides = { writeSettings: [{ path: "out.csv", format: CANARY }] }),
    ],
    ["a password at the top level", (inputs) => (inputs.password = CANARY)],
  ];
  const shorter = missingLengthPath(vendor);
  if (shorter)
    cases.push(["output.path of a length the vendor does not take", (inputs) => (inputs.output = { path: shorter, table: CANARY_NAME })]);
  return cases.map(([fault, mutate]) => {
    const news = clone(base);
    mutate(news);
    return { resource: "jobGroup", vendor, fault, news };
  });
}

function publicationCases(vendor: VendorType, sample: ConnectionInputs, source: Inputs): InvalidCase[] {
  const firstForm = vendors[vendor].pathShape.forms[0].map((part) => `x_${part}`);
  const base: Inputs = {
    resourceName: "publication",
    source,
    connection: reference(vendor, sample),
    path: firstForm,
    table: "target",
    action: "createAndLoad",
  };
  const cases: Array<[string, (inputs: Inputs) => void]> = [
    ["path too long for the vendor", (inputs) => (inputs.path = tooLongPath(vendor))],
    ["path empty", (inputs) => (inputs.path = [])],
    ["a hostile path name", (inputs) => (inputs.path = [HOSTILE[3]])],
    ["path holds the secret as a string", (inputs) => (inputs.path = CANARY)],
    ["a hostile table", (inputs) => (inputs.table = HOSTILE[0])],
    ["table as an object", (inputs) => (inputs.table = { name: CANARY })],
    ["action holds the secret", (inputs) => (inputs.action = CANARY)],
    ["upsert without keys", (inputs) => ((inputs.action = "upsert"), (inputs.table = CANARY_NAME))],
    ["keys without upsert", (inputs) => (inputs.keys = [CANARY_NAME])],
    ["a hostile key", (inputs) => ((inputs.action = "upsert"), (inputs.keys = [HOSTILE[4]]))],
    ["deleteBehavior holds the secret", (inputs) => (inputs.deleteBehavior = CANARY)],
    ["adopt holds the secret", (inputs) => (inputs.adopt = CANARY)],
    ["timeoutSeconds out of range (-5)", (inputs) => (inputs.timeoutSeconds = -5)],
    ["a password in the target's configuration", (inputs) => (((inputs.connection as Inputs).configuration as Inputs).password = CANARY)],
    ["a misspelt key in the target's credentials", (inputs) => ((inputs.connection as Inputs).credentials = { pasword: CANARY })],
    [
      "a misspelt key in the source connection's credentials",
      (inputs) => (((inputs.source as Inputs).connection as Inputs).credentials = { pasword: CANARY }),
    ],
    ["a hostile source table", (inputs) => (((inputs.source as Inputs).result as Inputs).table = HOSTILE[1])],
    ["a secret in source", (inputs) => ((inputs.source as Inputs).password = CANARY)],
    ["a password at the top level", (inputs) => (inputs.password = CANARY)],
  ];
  const shorter = missingLengthPath(vendor);
  if (shorter) cases.push(["path of a length the vendor does not take", (inputs) => (inputs.path = shorter)]);
  return cases.map(([fault, mutate]) => {
    const news = clone(base);
    mutate(news);
    return { resource: "publication", vendor, fault, news };
  });
}

/**
 * Every invalid case, for every vendor of the registry (through its fixture) and every
 * resource. A publication's source is a DuckDB job's result (the embedded default, valid
 * without a server): the target vendor is what varies.
 */
export function invalidCases(fixtures: VendorFixture[]): InvalidCase[] {
  const duckdb = fixtures.find((fixture) => fixture.type === "duckdb");
  if (!duckdb) throw new Error("the invalid publication inputs take a DuckDB job's result as their source: no duckdb fixture is loaded");
  const source = {
    jobGroupId: "job-id",
    runId: "run-id",
    connection: reference("duckdb", duckdb.sample),
    result: { path: ["main"], table: "result" },
  };
  return fixtures.flatMap(({ type, sample }) => [
    ...connectionCases(type, sample),
    ...jobGroupCases(type, sample),
    ...publicationCases(type, sample, source),
  ]);
}
