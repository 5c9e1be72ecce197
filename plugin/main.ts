/**
 * The `dataplane` package's provider plugin (`pulumi-resource-dataplane`): the engine starts it
 * with its address as the argument and talks to it over gRPC.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { exitCleanlyOnSignals } from "../provider/core/signals";
import { dataplaneProvider } from "./provider";

const { version } = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string };

// SIGINT and SIGTERM (the engine closing the plugin) cancel running statements first, as in
// the dynamic provider (core/signals).
exitCleanlyOnSignals();
void pulumi.provider.main(dataplaneProvider(version), process.argv.slice(2));
