import { z } from "zod";
import { nameField } from "../../core/configuration-fields";
import { postgresPathShape, postgresProtocolConfiguration, postgresProtocolFields, type PostgresConfiguration } from "../postgres/config";

/**
 * Where loads stage their rows: Redshift loads only from S3 (no COPY FROM STDIN), so rows are
 * written as gzip CSV parts under `s3://bucket/prefix/<run id>/` and COPY reads them from there.
 * `iamRole` is the role the cluster assumes to read them; without it COPY passes the access keys
 * of `credentials` (accessKeyId, secretAccessKey), which are secret inputs, never configuration.
 * `endpoint` points at S3-compatible storage instead of AWS's own.
 */
export const s3StagingField = z
  .object({
    bucket: z
      .string()
      .min(3, "must be at least 3 characters")
      .max(63, "must be at most 63 characters")
      .regex(/^[a-z0-9][a-z0-9.-]+$/, "must be an S3 bucket name (lower-case letters, digits, dots and hyphens)")
      .describe("The S3 bucket loads stage their rows in"),
    prefix: z
      .string()
      .max(512, "must be at most 512 characters")
      .regex(/^[^'\\]*$/, "must not contain quotes or backslashes")
      .default("")
      .describe(
        "The key prefix (folder) in the bucket under which each load writes its parts, then deletes them (default: the bucket's root)",
      )
      .transform((prefix) => prefix.replace(/^\/+|\/+$/g, "")),
    region: z
      .string()
      .regex(/^[a-z0-9-]+$/, "must be an AWS region name such as us-east-1")
      .describe("The bucket's AWS region, e.g. `us-east-1`"),
    iamRole: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d+:role\/[^'\\\s]+$/, "must be an IAM role ARN: arn:aws:iam::<account>:role/<name>")
      .optional()
      .describe(
        "The ARN of the IAM role the cluster assumes to read the staged parts (omitted: COPY uses `credentials.accessKeyId` and `credentials.secretAccessKey`)",
      ),
    endpoint: z
      .string()
      .url("must be a URL such as https://s3.example.com")
      .optional()
      .describe("The URL of S3-compatible storage to use instead of AWS S3 (omitted: AWS's own endpoint)"),
  })
  .strict();

export type S3Staging = z.output<typeof s3StagingField>;

export interface RedshiftConfiguration extends PostgresConfiguration {
  /** Absent, loads insert their rows in multi-row INSERT batches (slow beyond thousands of rows). */
  s3?: S3Staging;
}

const serverFields = postgresProtocolConfiguration(5439);

/** Redshift speaks the Postgres protocol: the same server fields (default port 5439), and where loads stage. */
export const redshiftConfiguration = postgresProtocolFields
  .extend({
    s3: s3StagingField
      .optional()
      .describe(
        "Where loads stage their rows for COPY, as gzip CSV parts under `s3://bucket/prefix/`; omitted, loads use multi-row INSERTs (slow beyond thousands of rows)",
      ),
  })
  .transform((value, context): RedshiftConfiguration => {
    const { s3, ...server } = value;
    const parsed = serverFields.safeParse(server);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) context.addIssue({ ...issue, code: "custom", message: issue.message });
      return z.NEVER;
    }
    return s3 === undefined ? parsed.data : { ...parsed.data, s3 };
  });

/** The database password, and the access keys COPY and the part uploads use where no IAM role is named. */
export const redshiftCredentials = z
  .object({
    password: z.string().optional().describe("The database user's password"),
    accessKeyId: nameField
      .optional()
      .describe(
        "The AWS access key id the uploads to `configuration.s3` use, and COPY without an `iamRole` (omitted: the machine's own AWS credentials)",
      ),
    secretAccessKey: z.string().optional().describe("The secret of `accessKeyId`"),
    sessionToken: z.string().optional().describe("The session token that goes with temporary access keys"),
  })
  .strict();

export type RedshiftCredentials = z.output<typeof redshiftCredentials>;

/** Paths as on Postgres: a schema, or the connection's own database and a schema. */
export const redshiftPathShape = postgresPathShape;
