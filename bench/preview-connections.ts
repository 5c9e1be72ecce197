/**
 * `pulumi preview` of 100 unchanged Postgres connections against 100 trivial dynamic
 * resources, in one run; then the cost per changed connection against a raw `pg`
 * connect + SELECT 1 + end. Run: `bash bench/run.sh preview-connections`.
 */
import { Client } from "pg";
import { postgres } from "../test/support/services";
import { Workspace } from "../test/support/pulumi-workspace";

const COUNT = Number(process.env.BENCH_CONNECTIONS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

async function rawConnectSeconds(samples: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < samples; index++) {
    const client = new Client({ ...postgres });
    await client.connect();
    await client.query("select 1");
    await client.end();
  }
  return (performance.now() - started) / 1000 / samples;
}

async function previewSeconds(stack: Workspace): Promise<number> {
  return (await stack.ok(["preview"])).seconds;
}

async function main(): Promise<void> {
  const connections = new Workspace("bench/programs/postgres-connections");
  const trivial = new Workspace("bench/programs/trivial-resources");
  try {
    await connections.initStack(
      "bench",
      {
        count: String(COUNT),
        pgHost: postgres.host,
        pgPort: String(postgres.port),
        pgDatabase: postgres.database,
        pgUser: postgres.user,
        testTimeoutSeconds: "10",
      },
      { pgPassword: postgres.password },
    );
    await trivial.initStack("bench", { count: String(COUNT) });
    await connections.ok(["up", "--yes"]);
    await trivial.ok(["up", "--yes"]);

    const unchanged: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      floor.push(await previewSeconds(trivial));
      unchanged.push(await previewSeconds(connections));
    }

    // A changed timeout changes every connection's configuration hash: each one is tested again.
    await connections.setConfig("testTimeoutSeconds", "11");
    const changed: number[] = [];
    for (let round = 0; round < ROUNDS; round++) changed.push(await previewSeconds(connections));
    const raw = await rawConnectSeconds(COUNT);

    const perChanged = (median(changed) - median(unchanged)) / COUNT;
    console.log(`preview, ${COUNT} dynamic resources, median of ${ROUNDS}:`);
    console.log(`  trivial dynamic resources      ${median(floor).toFixed(2)} s`);
    console.log(`  unchanged Postgres connections ${median(unchanged).toFixed(2)} s`);
    console.log(`  ratio unchanged / trivial      ${(median(unchanged) / median(floor)).toFixed(2)} (target <= 1.3)`);
    console.log(`  all ${COUNT} connections changed     ${median(changed).toFixed(2)} s`);
    console.log(`  per changed connection         ${(perChanged * 1000).toFixed(1)} ms`);
    console.log(`  raw pg connect+SELECT 1+end    ${(raw * 1000).toFixed(1)} ms`);
    console.log(`  ratio per-connection / raw     ${(perChanged / raw).toFixed(2)}`);
  } finally {
    connections.dispose();
    trivial.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
