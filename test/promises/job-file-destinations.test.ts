import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { vendors, type VendorType } from "../../provider/vendors/registry";

/**
 * Promise: preview fails when it can know that writing a job's files would fail at up — a
 * missing folder, a file the job did not write with action `create`, a folder where a file is
 * named, one path twice — on every vendor, before any connection is made (the addresses
 * below reach nothing: a check that went on to the live test would fail differently). The
 * typed map makes a new vendor name its connection here and so inherit the promise.
 */
const CONNECTIONS: Record<VendorType, { configuration: Record<string, unknown>; credentials: Record<string, unknown> }> = {
  postgres: { configuration: { host: "127.0.0.1", port: 9, database: "x", user: "app" }, credentials: { password: "pw" } },
  redshift: { configuration: { host: "127.0.0.1", port: 9, database: "x", user: "app" }, credentials: { password: "pw" } },
  mysql: { configuration: { host: "127.0.0.1", port: 9, database: "x", user: "app" }, credentials: { password: "pw" } },
  duckdb: { configuration: { path: ":memory:" }, credentials: {} },
  snowflake: { configuration: { account: "xy12345", username: "app", host: "127.0.0.1", port: 9, protocol: "http" }, credentials: { password: "pw" } },
  bigquery: { configuration: { projectId: "promise-project", apiEndpoint: "http://127.0.0.1:9" }, credentials: {} },
  trino: { configuration: { server: "http://127.0.0.1:9", catalog: "memory", user: "app" }, credentials: {} },
};

const scratch = mkdtempSync(join(tmpdir(), "promise-job-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const foreign = join(scratch, "someone-elses.csv");
writeFileSync(foreign, "kept\n");
const folder = join(scratch, "a-folder");
mkdirSync(folder);

const CASES: Array<[string, Array<Record<string, unknown>>, RegExp]> = [
  ["a missing folder", [{ path: join(scratch, "missing", "out.csv") }], /folder .* does not exist/],
  ["a file the job did not write, with action create", [{ path: foreign }], /exists and this job did not write it/],
  ["a folder named as a single file", [{ path: folder, action: "overwrite" }], /is a folder but asSingleFile is true/],
  ["one path twice", [{ path: join(scratch, "twice.csv") }, { path: join(scratch, "twice.csv"), format: "json" }], /repeats the path/],
];

describe.each(Object.keys(vendors) as VendorType[])("preview refuses a file destination up would fail on, on %s", (type) => {
  it.each(CASES)("%s", async (_what, writeSettings, reason) => {
    const { configuration, credentials } = CONNECTIONS[type];
    const { failures } = await jobGroup.check({}, {
      resourceName: `promise-files-${type}`,
      connection: { connectionId: "c", type, configuration, credentials },
      steps: [{ name: "result", sql: "select 1 as id" }],
      overrides: { writeSettings },
      timeoutSeconds: 5,
    });
    const index = writeSettings.length - 1;
    expect(failures).toEqual([{ property: `overrides.writeSettings[${index}].path`, reason: expect.stringMatching(reason) }]);
  });
});
