import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { vendors } from "../../provider/vendors/registry";
import { uniqueName } from "../support/admin";
import { isExcluded, loadFixtures, type Place } from "../support/vendors";
import { captureStderr, type StderrCapture } from "../support/capture-stderr";

/**
 * Promise "destroy cleans up what it made, and only that": for every registered vendor with
 * schemas, a job's destroy names each table it drops, and drops the schema it created for its
 * result once nothing is left in it. A schema that existed before, or that still holds another
 * stack's table, stays.
 */
describe("every registered vendor", async () => {
  for (const fixture of await loadFixtures()) {
    const vendor = fixture.type;
    const reachPlace = fixture.place;
    if (isExcluded(reachPlace)) {
      it(`destroy's schemas on ${vendor} cannot be shown here: ${reachPlace.excluded}`, () => expect(reachPlace.excluded).not.toBe(""));
      continue;
    }
    describe(`destroy on ${vendor}`, () => {
      let place: Place;
      let stderr: StderrCapture;
      const schemas: string[][] = [];
      const dialect = vendors[vendor].dialect;
      // Snowflake's DROP SCHEMA takes everything in it and no catalog query sees every kind of
      // object, so its created schemas are kept, with a line saying why.
      const dropsCreatedSchemas = vendor !== "snowflake";
      const neverDropped = (where: string) =>
        `kept schema ${where}: this database cannot drop a schema only when it is empty, so schemas are never dropped here`;

      beforeAll(async () => {
        place = await reachPlace();
        stderr = captureStderr();
      });
      afterAll(async () => {
        stderr?.restore();
        for (const path of schemas) {
          if (await schemaExists(path)) await place.admin(`drop schema ${path.map(place.quote).join(".")} cascade`).catch(() => undefined);
        }
        await place?.close();
      });

      /** A schema path beside the fixture's own (same catalog or database), named for this test. */
      const freshSchema = (): string[] => {
        const name = uniqueName("dp_schema");
        const path = [...place.path.slice(0, -1), vendor === "snowflake" ? name.toUpperCase() : name];
        schemas.push(path);
        return path;
      };
      const schemaExists = async (path: string[]): Promise<boolean> =>
        place.schemaExists ? place.schemaExists(path) : (await place.admin(dialect.schemaExists(path))).length > 0;
      const tableExists = (path: string[], table: string): Promise<boolean> =>
        place.admin(`select 1 from ${[...path, table].map(place.quote).join(".")} where 1 = 0`).then(
          () => true,
          () => false,
        );
      /** `pulumi up` of one job writing `table` into `path`, as stack `stack`. */
      async function upJob(path: string[], table: string, stack: string) {
        const checked = await jobGroup.check(
          {},
          {
            resourceName: `job-${table}`,
            pulumiStack: { project: "destroy-schemas", stack },
            connection: place.connection,
            steps: [{ name: "rows", sql: `select 1 as ${place.quote("id")}` }],
            output: { path, table },
          },
        );
        expect(checked.failures ?? []).toEqual([]);
        return jobGroup.create(checked.inputs);
      }

      it("drops the table, naming it, then the schema it created, now empty", async () => {
        const path = freshSchema();
        const table = uniqueName("own");
        const job = await upJob(path, table, "dev");
        expect(job.outs.createdSchema).toEqual(path);
        stderr.clear();
        await jobGroup.remove(job.id, job.outs);
        const where = path.join(".");
        expect(stderr.text()).toContain(`job-${table}: dropped table ${where}.${table}\n`);
        if (dropsCreatedSchemas) {
          expect(stderr.text()).toContain(`job-${table}: dropped schema ${where} (this resource created it; it is empty now)\n`);
          expect(await schemaExists(path)).toBe(false);
        } else {
          expect(stderr.text()).toContain(`job-${table}: ${neverDropped(where)}\n`);
          expect(await schemaExists(path)).toBe(true);
        }
      });

      it("keeps the schema it created while another stack's table is in it, and that table", async () => {
        const path = freshSchema();
        const first = await upJob(path, uniqueName("first"), "dev");
        const second = await upJob(path, uniqueName("second"), "prod");
        expect(first.outs.createdSchema).toEqual(path);
        // The schema existed when the second stack's job ran: never its to drop.
        expect(second.outs.createdSchema).toBeUndefined();
        const secondTable = (second.outs.result as { table: string }).table;
        stderr.clear();
        await jobGroup.remove(first.id, first.outs);
        expect(stderr.text()).toContain(
          dropsCreatedSchemas ? `kept schema ${path.join(".")}: it still holds tables or other objects` : neverDropped(path.join(".")),
        );
        expect(await schemaExists(path)).toBe(true);
        expect(await tableExists(path, secondTable)).toBe(true);
        stderr.clear();
        await jobGroup.remove(second.id, second.outs);
        expect(stderr.text()).toContain(`dropped table ${path.join(".")}.${secondTable}`);
        expect(stderr.text()).not.toMatch(/(dropped|kept) schema/);
        expect(await schemaExists(path)).toBe(true);
      });

      // Snowflake and BigQuery record no owner (README): nothing on the table tells the runs apart
      // there, so a replaced resource's destroy cannot tell its replacement's table from its own.
      if (!dialect.tableComments) {
        it(`a replacement's table on ${vendor} is not protected: ${vendor} records no owner on its tables (README, isolation)`, () =>
          expect(dialect.tableComments).toBeFalsy());
      }
      if (dialect.tableComments)
        it("keeps the result of its replacement: `pulumi up --replace` creates the new resource before it destroys the old", async () => {
          const path = freshSchema();
          const table = uniqueName("replaced");
          const old = await upJob(path, table, "dev");
          // The engine's create-before-delete replace: the same resource (same owner) runs again, then the old one is deleted.
          const replacement = await upJob(path, table, "dev");
          stderr.clear();
          await jobGroup.remove(old.id, old.outs);
          expect(stderr.text()).toContain(`kept ${path.join(".")}.${table}: a later run of this resource wrote it (its replacement)`);
          expect(await tableExists(path, table)).toBe(true);
          expect(await schemaExists(path)).toBe(true);
          stderr.clear();
          await jobGroup.remove(replacement.id, replacement.outs);
          expect(stderr.text()).toContain(`dropped table ${path.join(".")}.${table}`);
          expect(await tableExists(path, table)).toBe(false);
        });

      for (const action of ["load", "upsert", "truncateAndLoad", "createAndLoad", "dropAndLoad", "create"]) {
        if (!dialect.tableComments) continue;
        it(`keeps the target of a publication's replacement (${action}): the replaced publication's destroy runs after it published`, async () => {
          const source = await upJob(place.path, uniqueName("source"), "dev");
          const table = uniqueName("published");
          const publish = async (chosen: string) => {
            const checked = await publication.check(
              {},
              {
                resourceName: `pub-${table}`,
                pulumiStack: { project: "destroy-schemas", stack: "dev" },
                source: {
                  jobGroupId: source.id,
                  runId: source.outs.runId,
                  connection: source.outs.connection,
                  result: source.outs.result,
                },
                connection: place.connection,
                path: place.path,
                table,
                action: chosen,
                ...(chosen === "upsert" ? { keys: ["id"] } : {}),
              },
            );
            expect(checked.failures ?? []).toEqual([]);
            return publication.create(checked.inputs);
          };
          // The table the first publication created; its replacement (`pulumi up --replace`) loads into it.
          const old = await publish("createAndLoad");
          expect(old.outs.createdTable).toBe(true);
          const replacement = await publish(action);
          stderr.clear();
          await publication.remove(old.id, old.outs);
          expect(stderr.text()).toContain(`kept ${place.path.join(".")}.${table}: this resource's replacement published into it`);
          expect(await tableExists(place.path, table)).toBe(true);
          // The table records this resource: its replacement (no adopt needed) owns it now, and its destroy drops it.
          expect(replacement.outs.createdTable).toBe(true);
          await publication.remove(replacement.id, replacement.outs);
          expect(await tableExists(place.path, table)).toBe(false);
          await jobGroup.remove(source.id, source.outs);
        });
      }

      it("leaves no schema behind when its first run fails after creating it (where DDL commits at once)", async () => {
        const path = freshSchema();
        const checked = await jobGroup.check(
          {},
          {
            resourceName: "job-fails",
            pulumiStack: { project: "destroy-schemas", stack: "dev" },
            connection: place.connection,
            steps: [{ name: "rows", sql: "select * from no_such_table_anywhere" }],
            output: { path, table: uniqueName("failed") },
          },
        );
        await expect(jobGroup.create(checked.inputs)).rejects.toThrow();
        // Pulumi records nothing for a failed create: a schema left now would never be this job's to drop.
        expect(await schemaExists(path)).toBe(!dropsCreatedSchemas);
      });

      it("keeps a schema that existed before the job", async () => {
        const table = uniqueName("existing");
        const job = await upJob(place.path, table, "dev");
        expect(job.outs.createdSchema).toBeUndefined();
        stderr.clear();
        await jobGroup.remove(job.id, job.outs);
        expect(stderr.text()).toContain(`dropped table ${place.path.join(".")}.${table}`);
        expect(stderr.text()).not.toMatch(/(dropped|kept) schema/);
        expect(await schemaExists(place.path)).toBe(true);
      });
    });
  }
});
