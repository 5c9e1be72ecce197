import type { Vendor } from "./vendor-contract";
import { reportLine } from "./progress";

/**
 * Refresh reads a job's or a publication's table with the credentials in its state. After a
 * password rotation the database refuses those until the next up stores the new ones (the
 * Connection's own refresh reports the refusal): such a read keeps the state as it is instead
 * of failing the whole refresh, so `pulumi up --refresh` can carry the rotation through.
 */
export async function unlessCredentialsRefused<T>(
  vendor: Vendor,
  resourceName: string | undefined,
  what: string,
  work: () => Promise<T>,
): Promise<{ value: T } | undefined> {
  try {
    return { value: await work() };
  } catch (error) {
    if (vendor.classify(error) !== "authentication") throw error;
    reportLine(
      resourceName,
      `${what} not checked: the database refused the credentials in state (a rotated password: up stores the new one); state kept as it was`,
    );
    return undefined;
  }
}
