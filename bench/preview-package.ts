/**
 * `pulumi preview` of the embedded demo stack, unchanged, through the dataplane package (the
 * YAML example examples/yaml-embedded: plugin and schema, no dynamic provider) against empty
 * programs' previews, in one run: an empty YAML program (the same language host) and an empty
 * TypeScript program (what a Node user's preview costs before any resource); beside them the
 * same stack through the dynamic provider (the root TypeScript program).
 * Run: `bash bench/run.sh preview-package`.
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { pointAtRepositoryPlugin } from "../test/e2e/support/yaml-program";
import { REPOSITORY_ROOT, Workspace } from "../test/support/pulumi-workspace";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const empty = new Workspace("bench/programs/empty-yaml");
  const emptyTypescript = new Workspace("bench/programs/empty-typescript");
  const throughPackage = new Workspace("examples/yaml-embedded");
  const dynamic = new Workspace(".");
  try {
    pointAtRepositoryPlugin(throughPackage);
    cpSync(join(REPOSITORY_ROOT, "data"), join(throughPackage.directory, "data"), { recursive: true });
    for (const stack of [empty, emptyTypescript, throughPackage, dynamic]) {
      await stack.initStack("bench", {});
      await stack.ok(["up", "--yes"]);
    }
    const seconds = { empty: [] as number[], emptyTypescript: [] as number[], package: [] as number[], dynamic: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      seconds.empty.push((await empty.ok(["preview", "--expect-no-changes"])).seconds);
      seconds.emptyTypescript.push((await emptyTypescript.ok(["preview", "--expect-no-changes"])).seconds);
      seconds.package.push((await throughPackage.ok(["preview", "--expect-no-changes"])).seconds);
      seconds.dynamic.push((await dynamic.ok(["preview", "--expect-no-changes"])).seconds);
    }
    const floor = median(seconds.empty);
    console.log(`unchanged preview of the embedded demo stack (3 resources), median of ${ROUNDS}:`);
    console.log(`  empty YAML program                 ${floor.toFixed(2)} s`);
    console.log(`  empty TypeScript program           ${median(seconds.emptyTypescript).toFixed(2)} s`);
    console.log(`  through the package (YAML)         ${median(seconds.package).toFixed(2)} s`);
    console.log(`  through the dynamic provider (TS)  ${median(seconds.dynamic).toFixed(2)} s`);
    const typescriptFloor = median(seconds.emptyTypescript);
    console.log(`  ratio package / empty YAML         ${(median(seconds.package) / floor).toFixed(2)}`);
    console.log(`  ratio package / empty TypeScript   ${(median(seconds.package) / typescriptFloor).toFixed(2)} (target <= 1.3)`);
    console.log(`  ratio dynamic / empty TypeScript   ${(median(seconds.dynamic) / typescriptFloor).toFixed(2)}`);
  } finally {
    for (const stack of [empty, emptyTypescript, throughPackage, dynamic]) stack.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
