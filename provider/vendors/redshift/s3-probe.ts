import { DataplaneError } from "../../core/failures";
import type { RedshiftConfiguration, RedshiftCredentials } from "./config";

/**
 * Whether loads could stage their parts: `configuration.s3` names how COPY reads them (a role or
 * the access keys) and the bucket answers with the credentials the uploads use. Part of the
 * connection's live test, so a wrong bucket or key fails at preview, not in the middle of `up`.
 */
export async function probeS3Staging(
  configuration: RedshiftConfiguration,
  credentials: RedshiftCredentials,
  signal: AbortSignal,
): Promise<void> {
  const staging = configuration.s3;
  if (!staging) return;
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  if (!staging.iamRole && !(accessKeyId && secretAccessKey)) {
    throw new DataplaneError(
      "invalidConfiguration",
      "configuration.s3 needs configuration.s3.iamRole (the role the cluster assumes to read the parts) or credentials.accessKeyId and credentials.secretAccessKey",
    );
  }
  const { HeadBucketCommand, S3Client } = await import("@aws-sdk/client-s3");
  const client = new S3Client({
    region: staging.region,
    endpoint: staging.endpoint,
    forcePathStyle: staging.endpoint !== undefined,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken } : undefined,
  });
  try {
    await client.send(new HeadBucketCommand({ Bucket: staging.bucket }), { abortSignal: signal });
  } catch (error) {
    if (signal.aborted) throw error;
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const reason =
      status === 404 ? "does not exist" : status === 403 ? "refuses these credentials" : `cannot be reached (${(error as Error).name})`;
    throw new DataplaneError(
      status === 403 ? "privilegeMissing" : "invalidConfiguration",
      `the S3 bucket of configuration.s3.bucket ${reason}: check configuration.s3.bucket, configuration.s3.region and configuration.s3.endpoint, and credentials.accessKeyId / credentials.secretAccessKey`,
    );
  } finally {
    client.destroy();
  }
}
