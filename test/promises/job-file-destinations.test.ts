import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { loadFixtures } from "../support/vendors";

/**
 * Promise: preview fails when it can know that writing a job's files would fail at up — a
 * missing folder, a file the job did not write with action `create`, a folder where a file is
 * named, one path twice — on every vendor, before any connection is made (each fixture's
 * sample connection reaches nothing: a check that went on to the live test would fail
 * differently). A vendor added to the registry inherits the promise through its fixture.
 */
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

// Suites collect asynchronously: the fixtures load before the vendors' tests are declared.
describe("every registered vendor", async () => {
  const fixtures = await loadFixtures();
  describe.each(fixtures.map((fixture) => [fixture.type, fixture] as const))(
    "preview refuses a file destination up would fail on, on %s",
    (type, fixture) => {
      it.each(CASES)("%s", async (_what, writeSettings, reason) => {
        const { configuration, credentials } = fixture.sample;
        const { failures } = await jobGroup.check(
          {},
          {
            resourceName: `promise-files-${type}`,
            connection: { connectionId: "c", type, configuration, credentials },
            steps: [{ name: "result", sql: "select 1 as id" }],
            overrides: { writeSettings },
            timeoutSeconds: 5,
          },
        );
        const index = writeSettings.length - 1;
        expect(failures).toEqual([{ property: `overrides.writeSettings[${index}].path`, reason: expect.stringMatching(reason) }]);
      });
    },
  );
});
