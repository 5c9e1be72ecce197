import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtModule } from "../support/built-package";
import { Workspace } from "../support/pulumi-workspace";
import { loadFixtures } from "../support/vendors";
import { CANARY, CANARY_NAME, invalidCases, type InvalidCase, type ResourceKind } from "./support/invalid-inputs";

/*
 * Promise: secrets are never printed. Generated invalid inputs, for every vendor of the
 * registry and every resource, each fail in check, with a failure that names a property path,
 * and the canary secret appears in no failure and in nothing the provider prints.
 * The checks run through the compiled provider entry (dist/provider), exactly what the sdk's
 * serialized providers call in the engine's provider process.
 */

interface CheckFailure {
  property: string;
  reason: string;
}

type Provider = Record<ResourceKind, { check(olds: object, news: object): Promise<{ failures?: CheckFailure[] }> }>;

/** How long one check may take before it counts as a hang (the first per vendor loads its driver). */
const HANG_SECONDS = 20;

/** A property path: a name, then `.name`, `[0]` or `["quoted"]` parts. */
const PROPERTY_PATH = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*|\[\d+\]|\["[^"]*"\])*/;

type Outcome =
  | { kind: "failed"; failures: CheckFailure[]; printed: string }
  | { kind: "accepted"; printed: string }
  | { kind: "crashed"; error: string; printed: string }
  | { kind: "hung"; printed: string };

/** Runs one check with everything written to stdout and stderr captured. */
async function runCheck(provider: Provider, testCase: InvalidCase): Promise<Outcome> {
  let printed = "";
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = (chunk: unknown): boolean => ((printed += String(chunk)), true);
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  let timer: NodeJS.Timeout | undefined;
  try {
    const hang = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), HANG_SECONDS * 1000)));
    const result = await Promise.race([provider[testCase.resource].check({}, structuredClone(testCase.news)), hang]);
    if (result === "hung") return { kind: "hung", printed };
    const failures = result.failures ?? [];
    return failures.length > 0 ? { kind: "failed", failures, printed } : { kind: "accepted", printed };
  } catch (error) {
    return { kind: "crashed", error: error instanceof Error ? error.message : String(error), printed };
  } finally {
    clearTimeout(timer);
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
}

/**
 * The property path a failure names: its property, or for a top-level input (which the
 * engine would print, so it goes out with no property) the input its reason starts with.
 * A failure of a live test names none: the case should have failed before any network call.
 */
function namedPath(failure: CheckFailure, news: Record<string, unknown>): string | undefined {
  if (failure.property !== "") return PROPERTY_PATH.exec(failure.property)?.[0];
  const path = PROPERTY_PATH.exec(failure.reason)?.[0];
  return path !== undefined && Object.hasOwn(news, path.split(/[.[]/)[0]) ? path : undefined;
}

describe("promise: secrets are never printed (check of generated invalid inputs)", async () => {
  // Every registered vendor, through its fixture (suites collect asynchronously).
  const fixtures = await loadFixtures();
  const VENDORS = fixtures.map((fixture) => fixture.type);
  const cases = invalidCases(fixtures);
  const tally = { cases: cases.length, failed: 0, accepted: 0, crashed: 0, hung: 0, leaked: 0, unnamed: 0 };
  let provider: Provider;

  beforeAll(() => {
    provider = require(builtModule("provider/index.js"));
  }, 120_000);

  afterAll(() => {
    console.log(`secrets-never-printed: ${JSON.stringify(tally)} over vendors ${VENDORS.join(", ")}`);
  });

  it("generates at least 200 cases, covering every vendor and every resource", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    for (const vendor of VENDORS) {
      for (const resource of ["connection", "jobGroup", "publication"] as const) {
        expect(
          cases.filter((testCase) => testCase.vendor === vendor && testCase.resource === resource).length,
          `${vendor} ${resource}`,
        ).toBeGreaterThan(10);
      }
    }
  });

  for (const vendor of VENDORS) {
    it(`${vendor}: every case fails in check naming a property path, and the canary is never printed`, async () => {
      const problems: string[] = [];
      for (const testCase of cases.filter((candidate) => candidate.vendor === vendor)) {
        const outcome = await runCheck(provider, testCase);
        const label = `${testCase.resource} / ${testCase.fault}`;
        tally[outcome.kind] += 1;
        if (outcome.kind !== "failed") {
          problems.push(
            `${label}: ${outcome.kind}${outcome.kind === "crashed" ? ` (${outcome.error.replaceAll(CANARY, "<canary>")})` : ""}`,
          );
          continue;
        }
        const text = `${JSON.stringify(outcome.failures)}\n${outcome.printed}`;
        if (text.includes(CANARY) || text.includes(CANARY_NAME) || text.includes("7f3a9e21c4d0")) {
          tally.leaked += 1;
          problems.push(`${label}: the canary appears in ${text.replaceAll(CANARY, "<canary>").replaceAll(CANARY_NAME, "<canary_name>")}`);
        }
        const unnamed = outcome.failures.filter((failure) => namedPath(failure, testCase.news) === undefined);
        if (unnamed.length > 0) {
          tally.unnamed += 1;
          problems.push(`${label}: a failure names no property path: ${JSON.stringify(unnamed)}`);
        }
        // What the engine prints beside a failure is inputs[property]: never a top-level key.
        const printable = outcome.failures.filter((failure) => failure.property !== "" && Object.hasOwn(testCase.news, failure.property));
        if (printable.length > 0)
          problems.push(
            `${label}: reported on a top-level key the engine would print: ${printable.map((failure) => failure.property).join(", ")}`,
          );
      }
      tally.failed = cases.length - tally.accepted - tally.crashed - tally.hung;
      expect(problems).toEqual([]);
    }, 300_000);
  }
});

/** Each way the program misplaces the secret, and the property the failure must name. */
const CLI_CASES: Array<[string, RegExp]> = [
  ["configuration", /configuration\.password/],
  ["credentialsKey", /credentials\.pasword/],
  ["credentialsString", /credentials must be an object/],
  ["topLevel", /password is not a field/],
  ["jobPath", /output\.path/],
  ["publicationTable", /table must be a plain SQL name|table: must be a plain SQL name/],
];

describe("promise: secrets are never printed (the real pulumi CLI)", () => {
  const workspace = new Workspace("test/promises/programs/misplaced-secret");

  /*
   * Two stacks. `secret` reads the canary from a stack secret, which the CLI itself masks
   * wherever it would print it. `literal` has no secret config at all (else that masking
   * would hide a leak): the program pastes the canary, as a user pastes a password.
   */
  beforeAll(async () => {
    // The program loads the package from dist/ by name.
    builtModule("provider/index.js");
    await workspace.initStack("secret", { case: "configuration", source: "secret" }, { canary: CANARY });
    await workspace.initStack("literal", { case: "configuration", source: "literal" });
  }, 120_000);

  afterAll(() => workspace.dispose());

  it("the program pastes the canary itself", () => {
    expect(readFileSync(join(workspace.directory, "index.ts"), "utf8")).toContain(`"${CANARY}"`);
  });

  it.each(CLI_CASES)(
    "%s: preview and up fail naming the property; the canary is in no output and not in state",
    async (name, named) => {
      for (const stack of ["secret", "literal"]) {
        // --config saves the case to the stack's config as `config set` does, in the preview's own CLI run.
        const preview = await workspace.run(["preview", "--stack", stack, "--config", `case=${name}`]);
        expect(preview.code, preview.output).not.toBe(0);
        expect(preview.output).toMatch(named);
        expect(preview.output, stack).not.toContain(CANARY);
      }

      // The literal stack: up fails the same way, and state holds the canary nowhere.
      const up = await workspace.run(["up", "--yes", "--skip-preview", "--stack", "literal"]);
      expect(up.code, up.output).not.toBe(0);
      expect(up.output).toMatch(named);
      expect(up.output).not.toContain(CANARY);
      for (const flags of [[], ["--show-secrets"]]) {
        const exported = await workspace.ok(["stack", "export", "--stack", "literal", ...flags]);
        expect(exported.output, flags.join(" ")).not.toContain(CANARY);
      }
    },
    240_000,
  );
});
