/**
 * The README says a load's S3 parts are deleted afterwards, also when the load failed,
 * and that only a killed provider leaves its run's folder behind. A user's S3 endpoint throttles
 * (503 SlowDown) the cleanup's DeleteObjects — here an S3-compatible endpoint in front of the
 * emulator that refuses only those requests (and, in the second case, also the second part's
 * upload). The publication ends as if all were well, and the staged copy of the published rows
 * stays in the bucket, named nowhere in what the provider printed or threw.
 */
import { createServer, request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName } from "../support/admin";
import { redshiftServices } from "../support/redshift-services";
import { DeleteObjectsCommand } from "@aws-sdk/client-s3";
import { keysUnder, S3_TEST_BUCKET, s3Admin } from "../support/s3-emulator";
import { admin, checksum, postgresSource, publicationInputs, redshiftConnection } from "../support/redshift-publication-inputs";

const schema = uniqueName("hostile_rs_cleanup");
/** Rows enough for two parts of at most 64 MB (uncompressed). */
const ROWS = 400_000;

/** An endpoint forwarding to the emulator that answers 503 to what `refuse` picks. */
async function throttlingEndpoint(
  refuse: (method: string, url: string, putCount: number) => boolean,
): Promise<{ endpoint: string; server: Server }> {
  const upstream = new URL(redshiftServices().s3Endpoint);
  let puts = 0;
  const server = createServer((incoming, outgoing) => {
    if (incoming.method === "PUT") puts++;
    if (refuse(incoming.method ?? "", incoming.url ?? "", puts)) {
      incoming.resume();
      outgoing.writeHead(503, { "content-type": "application/xml" });
      outgoing.end("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
      return;
    }
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

/** Runs `work` with everything written to stdout and stderr captured. */
async function capturingOutput<T>(work: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; printed: string }> {
  let printed = "";
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = (chunk: unknown): boolean => ((printed += String(chunk)), true);
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    const [result] = await Promise.allSettled([work()]);
    return { result, printed };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
}

const isDeleteObjects = (method: string, url: string) => (method === "POST" && url.includes("?delete")) || method === "DELETE";

beforeAll(async () => {
  await admin(`create schema ${schema}`);
  await admin(`create table ${schema}.source as select g as id, repeat(md5(g::text), 8) as body from generate_series(1, ${ROWS}) g`);
});
afterAll(async () => {
  await admin(`drop schema if exists ${schema} cascade`);
  // What the provider left in the shared emulator's bucket.
  const left = await keysUnder(redshiftServices().s3Endpoint, schema);
  if (left.length > 0) {
    await s3Admin(redshiftServices().s3Endpoint).send(
      new DeleteObjectsCommand({ Bucket: S3_TEST_BUCKET, Delete: { Objects: left.map((Key) => ({ Key })) } }),
    );
  }
});

describe("Redshift load whose S3 cleanup is throttled", () => {
  it.each([
    { name: "a load that succeeds", refuse: (method: string, url: string) => isDeleteObjects(method, url), expected: "source" },
    {
      name: "a load that fails on its second part",
      refuse: (method: string, url: string, puts: number) => isDeleteObjects(method, url) || (method === "PUT" && puts >= 2),
      expected: "before",
    },
  ])("$name leaves no staged object in the bucket, or names the folder it left", async ({ refuse, expected }) => {
    const table = uniqueName("cleanup_target");
    const prefix = `${schema}/${table}`;
    await admin(`create table ${schema}.${table} (id integer, body varchar(300))`);
    await admin(`insert into ${schema}.${table} values (-1, 'kept')`);
    const before = await checksum(`select * from ${schema}.${table}`, "r.id");
    const { endpoint, server } = await throttlingEndpoint(refuse);
    const connection = redshiftConnection(prefix);
    const configuration = connection.configuration as Record<string, unknown>;
    connection.configuration = { ...configuration, s3: { ...(configuration.s3 as object), endpoint } };
    try {
      const { result, printed } = await capturingOutput(() =>
        publication.create(
          publicationInputs(
            { connection: postgresSource, path: [schema], table: "source" },
            { connection, schema, table },
            "truncateAndLoad",
          ),
        ),
      );
      // The target: the source's rows when the load succeeded, its rows before when it failed.
      expect(await checksum(`select * from ${schema}.${table}`, "r.id")).toEqual(
        expected === "source" ? await checksum(`select * from ${schema}.source`, "r.id") : before,
      );
      const said = printed + (result.status === "rejected" ? String((result.reason as Error).message) : "");
      const left = await keysUnder(redshiftServices().s3Endpoint, prefix);
      const runFolders = [...new Set(left.map((key) => key.slice(0, key.lastIndexOf("/"))))];
      // A folder may stay only if the user is told which, so they can delete the staged rows.
      expect(
        runFolders.filter((folder) => !said.includes(folder)),
        `${left.length} staged object(s) left under ${prefix}`,
      ).toEqual([]);
    } finally {
      server.close();
    }
  });
});
