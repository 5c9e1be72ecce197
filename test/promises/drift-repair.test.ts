import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { PUBLICATION_ACTIONS, type PublicationAction } from "../../provider/resources/publication-schema";
import { uniqueName } from "../support/admin";
import { trino } from "../support/services";
import { ensureTrino, trinoMoved } from "../support/trino-server";
import { checksum, columnNames } from "../support/place-reads";
import { isExcluded, loadFixture, loadFixtures, type DriftChange as Change, type Place, type VendorFixture } from "../support/vendors";

/**
 * Promise "drift repair": for every target vendor × every publication action × a change made
 * behind Pulumi's back (target dropped, emptied, a published column renamed), refresh (read)
 * reports it, and up (update) repairs it so the target's checksum equals the source's again,
 * or preview (check) fails saying why it cannot and what to do. The provider functions are
 * driven as the engine drives them: check gets the old inputs (those read returned, if any),
 * diff and update the old state. Every vendor whose place the suite's Trino reaches runs again
 * with Trino moving the rows (`engine`) from a Postgres job: the target and its drift are the
 * same whichever mover filled it.
 */
const CHANGES: Change[] = ["dropped", "emptied", "column renamed", "column added"];
/** Actions whose republish replaces the table: for them a column someone added is drift (the repair removes it). */
const REPLACING: PublicationAction[] = ["create", "dropAndLoad"];
const NEEDS_TABLE: PublicationAction[] = ["load", "truncateAndLoad", "upsert"];

/** The change as the administrator's SQL (a vendor's fixture says how to empty a table where DELETE cannot). */
function changeSql(place: Place, change: Change, table: string): string {
  const name = place.qualified(table);
  if (change === "dropped") return `drop table ${name}`;
  if (change === "emptied") return place.emptySql?.(name) ?? `delete from ${name} where 1 = 1`;
  if (change === "column added") return `alter table ${name} add column ${place.quote("extra")} integer`;
  return `alter table ${name} rename column ${place.quote("label")} to ${place.quote("label_renamed")}`;
}

const DRIFT_REASON: Record<Change, RegExp> = {
  dropped: /was dropped/,
  emptied: /was emptied/,
  "column renamed": /has different columns: column "label" removed, column "label_renamed" added/,
  "column added": /has different columns: column "extra" added/,
};

/** The repair up cannot make, and what check must say instead; undefined: up repairs. */
function expectedRefusal(action: PublicationAction, change: Change): RegExp | undefined {
  if (change === "column renamed" && !["create", "dropAndLoad"].includes(action)) {
    return /column "label" of the source does not exist in .*: add it to the table, or publish with dropAndLoad/;
  }
  return undefined;
}

/** A Publication as the engine keeps it: inputs (check's, or read's) and state (outputs). */
interface Tracked {
  id: string;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
}

/**
 * How the rows reach the target: pushed down on the place's own database (the job runs there),
 * or moved by Trino from a Postgres job (its catalog `postgresql` reads the job's result, the
 * fixture's placeEngineCatalog writes the place).
 */
type Mover = "pushed down" | "moved by Trino";

// Every registered vendor, through its fixture (suites collect asynchronously); cases a vendor
// cannot run are listed with the reason its fixture gives.
describe("every registered vendor", async () => {
  const postgresPlace = (await loadFixture("postgres")).place;
  for (const fixture of await loadFixtures()) {
    const vendor = fixture.type;
    const reachPlace = fixture.place;
    if (isExcluded(reachPlace)) {
      it.concurrent(`drift repair on ${vendor} cannot be shown here: ${reachPlace.excluded}`, () =>
        expect(reachPlace.excluded).not.toBe(""));
      continue;
    }
    driftSuite(fixture, reachPlace, "pushed down");
    const engineCatalog = fixture.placeEngineCatalog;
    if (typeof engineCatalog !== "string" || isExcluded(postgresPlace)) {
      const reason = typeof engineCatalog !== "string" ? engineCatalog.excluded : "no Postgres place to run the job on";
      it.concurrent(`drift repair on ${vendor}, moved by Trino, cannot be shown here: ${reason}`, () => expect(reason).not.toBe(""));
      continue;
    }
    driftSuite(fixture, reachPlace, "moved by Trino", { catalog: engineCatalog, jobPlace: postgresPlace });
  }

  function driftSuite(
    fixture: VendorFixture,
    reachPlace: () => Promise<Place>,
    mover: Mover,
    engine?: { catalog: string; jobPlace: () => Promise<Place> },
  ): void {
    const vendor = fixture.type;
    // Vendors run side by side (each has its own place: schema, file or server; most of a case is
    // waiting on it); one vendor's cases run one after another.
    describe.concurrent(`drift repair on ${vendor}${engine ? `, ${mover}` : ""}`, () => {
      let place: Place;
      let jobPlace: Place;
      let job: { id: string; outs: Record<string, unknown> };
      let source: Record<string, unknown>;
      let sourceChecksum: string;

      beforeAll(async () => {
        if (engine) await ensureTrino();
        place = await reachPlace();
        jobPlace = engine ? await engine.jobPlace() : place;
        // Quoted names: Snowflake would upper-case bare ones.
        const rows = `select 1 as ${jobPlace.quote("id")}, 'one' as ${jobPlace.quote("label")} union all select 2, 'two' union all select 3, 'three'`;
        const checked = await jobGroup.check(
          {},
          {
            resourceName: `drift-source-${vendor}${engine ? "-moved" : ""}`,
            // As the sdk passes it: the job then stamps its run, which a Trino-moved publish reads back.
            pulumiStack: { project: "drift-repair", stack: "promise" },
            connection: jobPlace.connection,
            steps: [{ name: "rows", sql: rows }],
            output: { path: jobPlace.path, table: uniqueName("drift_source") },
          },
        );
        expect(checked.failures ?? []).toEqual([]);
        job = await jobGroup.create(checked.inputs);
        source = { jobGroupId: job.id, runId: job.outs.runId, connection: job.outs.connection, result: job.outs.result };
        sourceChecksum = await checksum(jobPlace, (job.outs.result as { table: string }).table);
      }, 300_000);

      afterAll(async () => {
        if (job) await jobGroup.remove(job.id, job.outs).catch(() => undefined);
        await place?.close();
        if (engine) await jobPlace?.close();
      });

      // Its own name per vendor: the query log then tells this suite's moves from the others'.
      const engineUser = `drift_engine_${vendor}`;
      const program = (table: string, action: PublicationAction): Record<string, unknown> => ({
        // One resource per table, as in a program: its action changes, its name does not.
        resourceName: `drift-${vendor}-${table}`,
        source,
        // Another connection id than the job's own: with an engine, Trino moves the rows even
        // into the job's database.
        connection: engine ? { ...place.connection, connectionId: `${String(place.connection.connectionId)}-moved` } : place.connection,
        path: place.path,
        table,
        action,
        ...(action === "upsert" ? { keys: ["id"] } : {}),
        ...(engine
          ? {
              engine: {
                connection: {
                  connectionId: "drift-engine",
                  type: "trino",
                  configuration: { server: trino.server, user: engineUser },
                  credentials: {},
                },
                sourceCatalog: "postgresql",
                targetCatalog: engine.catalog,
              },
            }
          : {}),
      });

      /** `pulumi up` with this program: check against the old inputs, then create or update. */
      async function up(tracked: Tracked | undefined, news: Record<string, unknown>): Promise<Tracked> {
        const checked = await publication.check(tracked?.inputs ?? {}, news);
        expect(checked.failures ?? []).toEqual([]);
        if (!tracked) {
          const created = await publication.create(checked.inputs);
          return { id: created.id, inputs: checked.inputs, state: created.outs };
        }
        const updated = await publication.update(tracked.id, tracked.state, checked.inputs);
        return { id: tracked.id, inputs: checked.inputs, state: updated.outs };
      }

      /** `pulumi refresh`: read's state, and its inputs when it returns any. */
      async function refresh(tracked: Tracked): Promise<Tracked> {
        const read = await publication.read(tracked.id, tracked.state);
        return { id: tracked.id, inputs: read.inputs ?? tracked.inputs, state: read.props };
      }

      for (const action of PUBLICATION_ACTIONS) {
        for (const change of CHANGES) {
          const reason = fixture.driftRepairExclusion?.(action, change);
          if (reason) {
            it.sequential(`${action}, target ${change} does not apply: ${reason}`, () => expect(reason).not.toBe(""));
            continue;
          }
          it.sequential(`${action}, target ${change}: refresh reports it, up repairs it or preview says why not`, async () => {
            const table = uniqueName(`drift_${action.toLowerCase()}`);
            // The story of defect 3: created by createAndLoad, then switched to an action that needs the table.
            let tracked = await up(undefined, program(table, NEEDS_TABLE.includes(action) ? "createAndLoad" : action));
            if (NEEDS_TABLE.includes(action)) tracked = await up(tracked, program(table, action));
            if (engine) expect(await trinoMoved(engineUser, table)).toBe(true);
            expect(tracked.state.createdTable).toBe(true);
            tracked = await refresh(tracked);
            expect(tracked.state).toMatchObject({ status: "PUBLISHED", driftReason: "" });

            const published = await checksum(place, table);
            await place.admin(changeSql(place, change, table));
            tracked = await refresh(tracked);
            if (change === "column added" && !REPLACING.includes(action)) {
              // Another team's column on a table this action only loads into: not drift, and kept.
              expect(tracked.state).toMatchObject({ status: "PUBLISHED", driftReason: "" });
              expect(await checksum(place, table)).toBe(published);
              expect(await columnNames(place, table)).toEqual(["extra", "id", "label"]);
              await publication.remove(tracked.id, tracked.state);
              return;
            }
            expect(tracked.state.status).toBe("DRIFTED");
            expect(tracked.state.driftReason).toMatch(DRIFT_REASON[change]);

            const preview = await publication.check(tracked.inputs, program(table, action));
            const refusal = expectedRefusal(action, change);
            if (refusal) {
              expect(preview.failures?.map((failure) => failure.reason).join("\n")).toMatch(refusal);
              await place.admin(`drop table ${place.qualified(table)}`);
              return;
            }
            expect(preview.failures ?? []).toEqual([]);
            expect((await publication.diff(tracked.id, tracked.state, preview.inputs)).changes).toBe(true);
            const repaired = await publication.update(tracked.id, tracked.state, preview.inputs);
            expect(await checksum(place, table)).toBe(sourceChecksum);
            expect(await columnNames(place, table)).toEqual(["id", "label"]);
            expect((await publication.read(tracked.id, repaired.outs)).props).toMatchObject({ status: "PUBLISHED", driftReason: "" });
            await publication.remove(tracked.id, repaired.outs);
          });
        }
      }

      for (const action of NEEDS_TABLE) {
        const reason = fixture.driftRepairExclusion?.(action, "dropped");
        if (reason) {
          it.sequential(`${action} into a table it did not create, dropped, does not apply: ${reason}`, () => expect(reason).not.toBe(""));
          continue;
        }
        it.sequential(`${action} into a table it did not create, dropped: preview says it cannot create it again`, async () => {
          const table = uniqueName(`drift_theirs_${action.toLowerCase()}`);
          await place.admin(
            `create table ${place.qualified(table)} (${place.quote("id")} ${place.integerType ?? "integer"}, ${place.quote("label")} ${place.textType})`,
          );
          let tracked = await up(undefined, program(table, action));
          expect(tracked.state.createdTable).toBe(false);
          await place.admin(`drop table ${place.qualified(table)}`);
          tracked = await refresh(tracked);
          expect(tracked.state).toMatchObject({ status: "DRIFTED", driftReason: expect.stringMatching(/was dropped/) });
          const preview = await publication.check(tracked.inputs, program(table, action));
          expect(preview.failures?.map((failure) => failure.reason).join("\n")).toMatch(
            new RegExp(
              `action ${action} needs the table .*${table}, which does not exist \\(any more\\), and this publication did not create it.*: create it, or use createAndLoad`,
            ),
          );
        });
      }
    });
  }
});
