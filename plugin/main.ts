/**
 * The `dataplane` package's provider plugin (`pulumi-resource-dataplane`): the engine starts it
 * with its address as the argument and talks to it over gRPC.
 */
// First: every module loaded after it is compiled from the on-disk cache (the plugin starts
// in every preview, twice with Pulumi YAML: once for the schema, once for the resources).
import "./compile-cache";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "@pulumi/pulumi/provider";
import { exitCleanlyOnSignals } from "../provider/core/signals";
import { sendReportsTo } from "../provider/core/progress";
import { logToEngine } from "./engine-log";
import { dataplaneProvider } from "./provider";

// The engine's address (the first argument): pulumi.log reaches the engine through it.
process.env.PULUMI_NODEJS_ENGINE = process.argv[2];
sendReportsTo(logToEngine);

const { version } = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string };

// SIGINT and SIGTERM (the engine closing the plugin) cancel running statements first, as in
// the dynamic provider (core/signals).
exitCleanlyOnSignals();
void main(dataplaneProvider(version), process.argv.slice(2));
