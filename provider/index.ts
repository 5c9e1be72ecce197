/**
 * The provider implementation, loaded by package name inside each method of the thin
 * providers in sdk/ (which are serialized into state and must capture nothing).
 */
import * as connectionResource from "./resources/connection";

export const connection = {
  check: connectionResource.check,
  diff: connectionResource.diff,
  create: connectionResource.create,
  read: connectionResource.read,
  update: connectionResource.update,
  delete: connectionResource.remove,
};
