/**
 * The provider implementation, loaded by package name inside each method of the thin
 * providers in sdk/ (which are serialized into state and must capture nothing).
 */
import * as connectionResource from "./resources/connection";
import * as jobGroupResource from "./resources/job-group";
import * as publicationResource from "./resources/publication";

export const connection = {
  check: connectionResource.check,
  diff: connectionResource.diff,
  create: connectionResource.create,
  read: connectionResource.read,
  update: connectionResource.update,
  delete: connectionResource.remove,
};

export const jobGroup = {
  check: jobGroupResource.check,
  diff: jobGroupResource.diff,
  create: jobGroupResource.create,
  read: jobGroupResource.read,
  update: jobGroupResource.update,
  delete: jobGroupResource.remove,
};

export const publication = {
  check: publicationResource.check,
  diff: publicationResource.diff,
  create: publicationResource.create,
  read: publicationResource.read,
  update: publicationResource.update,
  delete: publicationResource.remove,
};
