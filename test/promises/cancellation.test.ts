import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { loadVendor } from "../../provider/vendors/registry";
import { uniqueName, withPostgres } from "../support/admin";
import { covered as coveredProfile, loadFixture, loadFixtures, partition, type Cancellable } from "../support/vendors";

/**
 * Promise "Cancellation" (README): past `timeoutSeconds` the running statement is cancelled in
 * the database, and gone from the server *before* the error is reported. Every assertion on
 * the server runs at once after the rejection, with no waiting: a cancel fired and not awaited
 * fails here. Each vendor of the registry is either proven (TRIALS times) or excluded with the
 * reason its fixture states (test/support/vendors/<type>.ts).
 */
const TRIALS = 5;
/** The jobs' timeoutSeconds, unless the vendor's fixture asks for more (Cancellable.deadlineSeconds). */
const TIMEOUT_SECONDS = 2;
/** Trials whose statement never reached the server before the deadline are run again, this many attempts in all. */
const MAXIMUM_ATTEMPTS = TRIALS * 2;

/** The statements with `marker` in their text that Postgres runs now, as `application: query`. */
async function postgresStatements(marker: string): Promise<string[]> {
  return withPostgres(async (client) => {
    const { rows } = await client.query<{ statement: string }>(
      "select application_name || ': ' || query as statement from pg_stat_activity where state = 'active' and backend_type = 'client backend' and query like $1 and pid <> pg_backend_pid()",
      [`%${marker}%`],
    );
    return rows.map((row) => row.statement);
  });
}

/**
 * Waits until the server shows the statement (so the trial cancels a statement that really
 * ran), or the job has ended. On a loaded machine the job's own set-up (connect, compile) can
 * outlast its deadline, so the statement is never sent: such a trial proves nothing about a
 * running statement and is run again (see MAXIMUM_ATTEMPTS).
 */
async function untilRunning(cancellable: Cancellable, marker: string, ended: () => boolean): Promise<boolean> {
  while (!ended()) {
    if ((await cancellable.running(marker)) > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Rows of the publication source: enough that no load or push-down into any vendor ends within its deadline. */
const SOURCE_ROWS = 3_000_000;
const PUBLICATION_TIMEOUT_SECONDS = 1;
let source: { id: string; outs: Record<string, unknown> };

beforeAll(async () => {
  // The publication source is a Postgres job (its reads are watched below): the target vendor is what varies.
  const inputs = {
    resourceName: "cancel-source",
    connection: (await coveredProfile("postgres", (await loadFixture("postgres")).place)()).connection,
    steps: [{ name: "rows", sql: `select n as id, md5(n::text) as label from generate_series(1, ${SOURCE_ROWS}) as n` }],
    output: { table: uniqueName("cancel_source") },
    timeoutSeconds: 120,
  };
  const checked = await jobGroup.check({}, inputs);
  expect(checked.failures ?? []).toEqual([]);
  source = await jobGroup.create(checked.inputs);
}, 300_000);

afterAll(async () => {
  if (source) await jobGroup.remove(source.id, source.outs);
});

// Suites collect asynchronously: the fixtures load before the vendors' tests are declared.
describe("every registered vendor", async () => {
  const { covered, excluded } = partition(await loadFixtures(), (fixture) => fixture.cancellation);

  it.each(excluded)("cancellation on %s cannot be shown here: %s", (_vendor, reason) => {
    expect(reason).not.toBe("");
  });

  describe.each(covered)("cancellation on %s", (vendor, profile) => {
    let cancellable: Cancellable;
    const deadline = (): number => cancellable.deadlineSeconds ?? TIMEOUT_SECONDS;
    beforeAll(async () => {
      cancellable = await profile.start();
    });
    afterAll(async () => {
      await cancellable?.close();
    });

    it(`a job past timeoutSeconds: the statement is gone from the server when the error is reported (${TRIALS} trials), and the database takes the next job at once`, async () => {
      let trial = 0;
      let attempts = 0;
      while (trial < TRIALS) {
        attempts += 1;
        if (attempts > MAXIMUM_ATTEMPTS) {
          throw new Error(
            `the slow statement never showed as running on ${vendor} in ${attempts - 1} attempts (${trial} of ${TRIALS} trials seen)`,
          );
        }
        const marker = uniqueName("slow");
        const started = performance.now();
        let ended = false;
        const creating = jobGroup.create({
          resourceName: `cancel-${vendor}`,
          connection: cancellable.connection,
          steps: [{ name: "slow", sql: cancellable.slowQuery(marker) }],
          output: { table: uniqueName("cancel") },
          timeoutSeconds: deadline(),
        });
        creating.then(
          () => {
            ended = true;
          },
          () => {
            ended = true;
          },
        );
        const seen = cancellable.listsStatements ? await untilRunning(cancellable, marker, () => ended) : true;
        const error = (await creating.then(
          () => new Error("the job finished"),
          (caught: unknown) => caught,
        )) as Error;
        // No waiting between the rejection and this look at the server, whether or not the
        // statement was seen running: one sent as the deadline passed must be gone too.
        expect(await cancellable.running(marker), `attempt ${attempts}`).toBe(0);
        expect(error.message).toMatch(
          new RegExp(
            `timed out: job cancel-\\w+ did not finish within ${deadline()} s; the running statement was cancelled in the database, which shows it no longer running`,
          ),
        );
        expect(performance.now() - started).toBeLessThan((deadline() + 5) * 1000);
        if (seen) trial += 1;
      }
      // The database is free again at once: an embedded one too, whose query ran in this very process.
      const next = performance.now();
      const checked = await jobGroup.check(
        {},
        {
          resourceName: `after-cancel-${vendor}`,
          connection: cancellable.connection,
          steps: [{ name: "result", sql: "select 1 as id" }],
          output: { table: uniqueName("after_cancel") },
        },
      );
      expect(checked.failures ?? []).toEqual([]);
      const { id, outs } = await jobGroup.create(checked.inputs);
      // The cancelled statement would hold the database for hours (an embedded one blocks
      // outright); 10 s leaves room for a machine the whole suite loads (a trivial Trino job
      // took 2.9 s then), and is still far from a statement left running.
      expect(performance.now() - next).toBeLessThan(10_000);
      await jobGroup.remove(id, outs);
    });

    it(`a preview past its deadline: a setup step it runs is gone from the server when check fails (${TRIALS} trials)`, async () => {
      const { dialect } = await loadVendor(vendor);
      // Only databases whose DDL rolls back run a job's earlier steps at preview; the others
      // compile them without running anything, so nothing runs to be cancelled.
      if (!dialect.transactionalDdl) {
        const checked = await jobGroup.check(
          {},
          {
            resourceName: "cancel-check",
            connection: cancellable.connection,
            steps: [
              { name: "warm_up", sql: cancellable.slowQuery(uniqueName("slow")) },
              { name: "result", sql: "select 1 as id" },
            ],
            timeoutSeconds: deadline(),
          },
        );
        expect(checked.failures ?? []).toEqual([]);
        return;
      }
      let trial = 0;
      let attempts = 0;
      while (trial < TRIALS) {
        attempts += 1;
        if (attempts > MAXIMUM_ATTEMPTS) {
          throw new Error(
            `the slow setup step never showed as running on ${vendor} in ${attempts - 1} attempts (${trial} of ${TRIALS} trials seen)`,
          );
        }
        const marker = uniqueName("slow_check");
        let ended = false;
        const checking = jobGroup.check(
          {},
          {
            resourceName: "cancel-check",
            connection: cancellable.connection,
            steps: [
              { name: "warm_up", sql: cancellable.slowQuery(marker) },
              { name: "result", sql: "select 1 as id" },
            ],
            output: { table: uniqueName("cancel_check") },
            timeoutSeconds: deadline(),
          },
        );
        checking.then(
          () => {
            ended = true;
          },
          () => {
            ended = true;
          },
        );
        const seen = cancellable.listsStatements ? await untilRunning(cancellable, marker, () => ended) : true;
        const { failures } = await checking;
        expect(await cancellable.running(marker), `attempt ${attempts}`).toBe(0);
        expect(failures?.[0].reason).toMatch(
          new RegExp(
            `timed out: SQL check did not finish within ${deadline()} s; the running statement was cancelled in the database, which shows it no longer running`,
          ),
        );
        if (seen) trial += 1;
      }
    });

    it(`a publication past timeoutSeconds: no load or staging table is left when the error is reported (${TRIALS} trials)`, async () => {
      const sourceTable = (source.outs.result as { table: string }).table;
      for (let trial = 0; trial < TRIALS; trial++) {
        const table = uniqueName("cancel_pub");
        const started = performance.now();
        const error = (await publication
          .create({
            resourceName: `cancel-publish-${vendor}`,
            source: { jobGroupId: source.id, runId: source.outs.runId, connection: source.outs.connection, result: source.outs.result },
            connection: cancellable.connection,
            path: cancellable.publishPath,
            table,
            action: "create",
            timeoutSeconds: PUBLICATION_TIMEOUT_SECONDS,
          })
          .then(
            () => new Error("the publication finished"),
            (caught: unknown) => caught,
          )) as Error;
        // No waiting between the rejection and these looks at the servers.
        expect(await cancellable.tablesLike(table), `trial ${trial + 1}`).toEqual([]);
        expect(await cancellable.running(table), `trial ${trial + 1}: a statement on the target still runs`).toBe(0);
        expect(await postgresStatements(sourceTable), `trial ${trial + 1}: the source's read still runs`).toEqual([]);
        expect(error.message).toMatch(
          new RegExp(`timed out: publication cancel-publish-${vendor} did not finish within ${PUBLICATION_TIMEOUT_SECONDS} s; `),
        );
        expect(error.message).toMatch(/the running statement was cancelled in the database, which shows it no longer running/);
        expect(performance.now() - started).toBeLessThan((PUBLICATION_TIMEOUT_SECONDS + 5) * 1000);
      }
    });

    it("a job within its deadline is unaffected", async () => {
      const table = uniqueName("in_time");
      const inputs = {
        resourceName: "in-time",
        connection: cancellable.connection,
        steps: [{ name: "result", sql: "select 1 as id" }],
        output: { table },
        timeoutSeconds: 30,
      };
      const checked = await jobGroup.check({}, inputs);
      expect(checked.failures ?? []).toEqual([]);
      const { id, outs } = await jobGroup.create(checked.inputs);
      expect(outs.status).toBe("COMPLETE");
      await jobGroup.remove(id, outs);
    });
  });
});
