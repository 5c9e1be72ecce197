import type { CheckFailure } from "./validation";

/**
 * Where a vendor's tables live: the forms a `path` (a JobGroup's `output.path`, a
 * Publication's `path`) may take, as the vendor's qualifiedName and introspection read it.
 * Each vendor folder states its shape as data; this module checks it, once for all.
 */
export interface PathShape<Configuration = never> {
  /** The accepted forms, each naming its parts in order: [["schema"], ["database", "schema"]]. */
  forms: readonly (readonly string[])[];
  /**
   * What a path of an accepted length must also meet with this connection (a leading part that
   * must be the connection's own database, a part the configuration must supply): the reason
   * it does not, starting after the property's name, or undefined.
   */
  fits?: (path: readonly string[], configuration: Configuration) => string | undefined;
}

function describeForms(forms: PathShape["forms"]): string {
  return forms.map((form) => `[${form.join(", ")}]`).join(" or ");
}

/**
 * The failure of a path that does not fit its connection's vendor, naming the property and
 * the accepted forms. The names in the path are never quoted (a password may sit there).
 */
export function pathShapeFailure<Configuration>(
  shape: PathShape<Configuration>,
  vendor: string,
  path: readonly string[],
  configuration: Configuration,
  property: string,
): CheckFailure | undefined {
  if (!shape.forms.some((form) => form.length === path.length)) {
    const names = path.length === 1 ? "1 name" : `${path.length} names`;
    return { property, reason: `${property} must be ${describeForms(shape.forms)} for a ${vendor} connection, not ${names}` };
  }
  const misfit = shape.fits?.(path, configuration);
  return misfit === undefined ? undefined : { property, reason: `${property} ${misfit}` };
}
