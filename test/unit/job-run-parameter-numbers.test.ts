import { describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";

/**
 * A run parameter crosses the engine as a protobuf double, so an integer beyond
 * Number.MAX_SAFE_INTEGER has already been rounded when the provider sees it
 * (12345678901234567890123 arrives as 12345678901234567000000). It is refused in check,
 * naming the parameter and the fix (pass it as a string), never quoting the value.
 */
const connection = { type: "duckdb", configuration: { path: ":memory:" }, credentials: {} };
const steps = [{ name: "result", sql: "select :n as n" }];

describe("JobGroup runParameters numbers", () => {
  // biome-ignore lint/correctness/noPrecisionLoss: a literal beyond a double's precision is the case under test
  it.each([12345678901234567890123, 2 ** 53, -(2 ** 53), 1e300])(
    "refuses the integer %d beyond the safe range, naming runParameters.n",
    async (value) => {
      const { failures } = await jobGroup.check({}, { connection, steps, runParameters: { n: value } });
      expect(failures).toEqual([{ property: "runParameters.n", reason: expect.stringMatching(/beyond.*rounded: pass it as a string/) }]);
      expect(failures?.[0].reason).not.toMatch(/\d{10}/);
    },
  );

  it("refuses a bigint, which the SDK serialises as an empty object, naming runParameters.n", async () => {
    const { serializeProperty } = await import("@pulumi/pulumi/runtime/rpc");
    const wire = (await serializeProperty("runParameters", { n: 12345678901234567890123n }, new Set(), {})) as Record<string, unknown>;
    expect(wire).toEqual({ n: {} });
    const { failures } = await jobGroup.check({}, { connection, steps, runParameters: wire });
    expect(failures).toEqual([
      { property: "runParameters.n", reason: expect.stringMatching(/bigint arrives as an empty object: pass it as a string/) },
    ]);
  });

  it.each([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0.1, 42])("accepts %d", async (value) => {
    const { failures } = await jobGroup.check({}, { connection, steps, runParameters: { n: value } });
    expect(failures ?? []).toEqual([]);
  });

  it("accepts the digits as a string, kept exactly", async () => {
    const { failures, inputs } = await jobGroup.check(
      {},
      { connection, steps: [{ name: "result", sql: "select cast(:n as hugeint) as n" }], runParameters: { n: "12345678901234567890123" } },
    );
    expect(failures ?? []).toEqual([]);
    expect((inputs.runParameters as Record<string, unknown>).n).toBe("12345678901234567890123");
  });
});
