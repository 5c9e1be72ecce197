import type * as pulumi from "@pulumi/pulumi";

/*
 * Pulumi serializes each dynamic provider into the stack's state and runs it in another
 * process. These objects are therefore thin shims: every method loads the implementation
 * by package name when it runs and captures nothing — no driver, schema, secret or path.
 * Do not hoist the `require` calls: a captured module would be serialized with its contents.
 */

export const connectionProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-dataplane/provider").connection.check(olds, news),
  diff: (id, olds, news) => require("pulumi-dataplane/provider").connection.diff(id, olds, news),
  create: (inputs) => require("pulumi-dataplane/provider").connection.create(inputs),
  read: (id, props) => require("pulumi-dataplane/provider").connection.read(id, props),
  update: (id, olds, news) => require("pulumi-dataplane/provider").connection.update(id, olds, news),
  delete: (id, props) => require("pulumi-dataplane/provider").connection.delete(id, props),
};

export const jobGroupProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-dataplane/provider").jobGroup.check(olds, news),
  diff: (id, olds, news) => require("pulumi-dataplane/provider").jobGroup.diff(id, olds, news),
  create: (inputs) => require("pulumi-dataplane/provider").jobGroup.create(inputs),
  read: (id, props) => require("pulumi-dataplane/provider").jobGroup.read(id, props),
  update: (id, olds, news) => require("pulumi-dataplane/provider").jobGroup.update(id, olds, news),
  delete: (id, props) => require("pulumi-dataplane/provider").jobGroup.delete(id, props),
};

export const publicationProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-dataplane/provider").publication.check(olds, news),
  diff: (id, olds, news) => require("pulumi-dataplane/provider").publication.diff(id, olds, news),
  create: (inputs) => require("pulumi-dataplane/provider").publication.create(inputs),
  read: (id, props) => require("pulumi-dataplane/provider").publication.read(id, props),
  update: (id, olds, news) => require("pulumi-dataplane/provider").publication.update(id, olds, news),
  delete: (id, props) => require("pulumi-dataplane/provider").publication.delete(id, props),
};
