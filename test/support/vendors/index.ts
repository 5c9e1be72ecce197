import { existsSync } from "node:fs";
import { join } from "node:path";
import { VENDOR_TYPES, type VendorType } from "../../../provider/vendors/registry";
import { isExcluded, type Excluded, type VendorFixture } from "./fixture";

export * from "./fixture";

/**
 * Every registered vendor's fixture, in registry order: `./<type>.ts` for each key of
 * provider/vendors/registry.ts, imported by name, so adding a vendor means adding its fixture
 * file and no list here. A vendor without one fails loudly, naming the file to add.
 */
export async function loadFixtures(): Promise<VendorFixture[]> {
  return Promise.all(VENDOR_TYPES.map(loadFixture));
}

export async function loadFixture(type: VendorType): Promise<VendorFixture> {
  const file = join(__dirname, `${type}.ts`);
  if (!existsSync(file)) {
    throw new Error(
      `vendor "${type}" is registered in provider/vendors/registry.ts but has no test fixture: add test/support/vendors/${type}.ts exporting \`fixture\``,
    );
  }
  // By path, not a pattern the bundler would expand: the registry, not this folder, names the vendors.
  const loaded = (await import(/* @vite-ignore */ file)) as { fixture?: VendorFixture };
  if (loaded.fixture?.type !== type) throw new Error(`test/support/vendors/${type}.ts must export \`fixture\` with type "${type}"`);
  return loaded.fixture;
}

/** Fixtures split into those a test covers and those excluded with their reason. */
export function partition<T extends object>(
  fixtures: VendorFixture[],
  profile: (fixture: VendorFixture) => T | Excluded,
): { covered: Array<[VendorType, T]>; excluded: Array<[VendorType, string]> } {
  const covered: Array<[VendorType, T]> = [];
  const excluded: Array<[VendorType, string]> = [];
  for (const fixture of fixtures) {
    const chosen = profile(fixture);
    if (isExcluded(chosen)) excluded.push([fixture.type, chosen.excluded]);
    else covered.push([fixture.type, chosen]);
  }
  return { covered, excluded };
}
