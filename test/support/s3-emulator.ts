import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { freePort } from "./free-port";

const MOTO_VERSION = process.env.DATAPLANE_MOTO_VERSION ?? "5.2.5";
const CACHE_DIR = process.env.DATAPLANE_CACHE_DIR ?? join(homedir(), ".cache", "pulumi-dataplane");
const MOTO_SERVER = join(CACHE_DIR, `moto-${MOTO_VERSION}`, "bin", "moto_server");

/**
 * The emulator's fixed test account: moto accepts any keys, and these are the ones the tests
 * give. Frozen: the AWS SDK marks a credentials object it is handed (`$source`), so every client
 * gets a copy.
 */
export const S3_TEST_CREDENTIALS = Object.freeze({ accessKeyId: "dataplane-test-key", secretAccessKey: "dataplane-test-secret" });
export const S3_TEST_REGION = "us-east-1";
/** The bucket Redshift loads stage their parts in during the tests. */
export const S3_TEST_BUCKET = "dataplane-staging";

export interface S3Emulator {
  endpoint: string;
  close(): Promise<void>;
}

/** A client of the emulator, as the tests' administrator. */
export function s3Admin(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: S3_TEST_REGION, forcePathStyle: true, credentials: { ...S3_TEST_CREDENTIALS } });
}

/** Keys under `prefix` in the test bucket (a failed or finished load must leave none behind). */
export async function keysUnder(endpoint: string, prefix: string): Promise<string[]> {
  const page = await s3Admin(endpoint).send(new ListObjectsV2Command({ Bucket: S3_TEST_BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key ?? "");
}

/**
 * Starts moto's S3 server on a free loopback port with the test bucket created; about a second.
 * Fails loudly when moto is not installed: `bash scripts/services/s3.sh` installs it.
 */
export async function startS3Emulator(): Promise<S3Emulator> {
  if (!existsSync(MOTO_SERVER)) {
    throw new Error(`the moto S3 emulator ${MOTO_VERSION} is not installed at ${MOTO_SERVER}: run bash scripts/services/s3.sh`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn(MOTO_SERVER, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}):\n${log}`);
    try {
      await s3Admin(endpoint).send(new CreateBucketCommand({ Bucket: S3_TEST_BUCKET }));
      break;
    } catch (error) {
      if ((error as Error).name === "BucketAlreadyOwnedByYou") break;
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    endpoint,
    close: async () => {
      child.kill("SIGTERM");
    },
  };
}
