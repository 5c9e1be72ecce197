import { startRedshiftServices } from "./redshift-services";

/**
 * Vitest global setup: the Redshift stand-in (proxy + S3 emulator) lives in vitest's main
 * process for the whole run, so every test file, and every Pulumi program a test starts, reaches
 * the same one through the environment variables it sets before the test processes fork.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const { close } = await startRedshiftServices();
  return close;
}
