/**
 * Provider code changes never force a replace, so each version must read state written by
 * the ones before it. Outputs carry `stateVersion`; `migrate` lifts old state step by step.
 */
export type Migration = (state: Record<string, unknown>) => Record<string, unknown>;

export function migrate(
  state: Record<string, unknown>,
  currentVersion: number,
  migrations: Readonly<Record<number, Migration>>,
): Record<string, unknown> {
  let version = typeof state.stateVersion === "number" ? state.stateVersion : 0;
  if (version > currentVersion) {
    throw new Error(
      `state was written by a newer pulumi-dataplane (stateVersion ${version}, this one reads up to ${currentVersion}): upgrade the package`,
    );
  }
  let migrated = { ...state };
  while (version < currentVersion) {
    const step = migrations[version];
    if (!step) throw new Error(`no migration from stateVersion ${version}`);
    migrated = { ...step(migrated), stateVersion: version + 1 };
    version += 1;
  }
  return migrated;
}
