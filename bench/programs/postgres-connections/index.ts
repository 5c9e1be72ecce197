import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

const config = new pulumi.Config();
const count = config.requireNumber("count");

for (let index = 0; index < count; index++) {
  new dataplane.Connection(`connection-${index}`, {
    type: "postgres",
    configuration: {
      host: config.require("pgHost"),
      port: config.require("pgPort"),
      database: config.require("pgDatabase"),
      user: config.require("pgUser"),
    },
    credentials: { password: config.requireSecret("pgPassword") },
    excludeAllTables: true,
    testTimeoutSeconds: config.requireNumber("testTimeoutSeconds"),
  });
}
