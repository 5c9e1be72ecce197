import { createPrivateKey } from "node:crypto";
import { z } from "zod";
import type { PathShape } from "../../core/path-shape";
import { numberField } from "../../core/configuration-fields";
import { IDENTIFIER_PATTERN } from "../../core/identifiers";

export interface BigqueryConfiguration {
  projectId: string;
  location: string;
  dataset?: string;
  /** Every query job is refused by BigQuery beyond this many bytes; previews fail beyond it. */
  maximumBytesBilled?: number;
  queryTimeoutMilliseconds: number;
  /** `https://bigquery.googleapis.com` unless a private endpoint or an emulator is named. */
  apiEndpoint?: string;
}

/** Project ids: 6–30 lower-case letters, digits and hyphens; `domain.com:project` for older ones. */
const projectIdField = z
  .string()
  .regex(/^(?:[a-z][a-z0-9.-]*:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "must be a Google Cloud project id such as my-project-123");

const apiEndpointField = z.string().superRefine((text, context) => {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) {
    context.addIssue({
      code: "custom",
      message: "must be a URL such as https://bigquery.googleapis.com (or http://127.0.0.1:9050 for an emulator)",
    });
  }
});

export const bigqueryConfiguration = z
  .object({
    projectId: projectIdField.describe("The Google Cloud project that runs and is billed for the query jobs, e.g. `my-project-123`"),
    location: z
      .string()
      .min(1, "must not be empty")
      .max(64)
      .regex(/^[A-Za-z0-9-]+$/, "must be a BigQuery location such as US, EU or europe-west1")
      .default("US")
      .describe("Where query jobs run and datasets are created, e.g. `US`, `EU` or `europe-west1` (default `US`)"),
    dataset: z
      .string()
      .regex(IDENTIFIER_PATTERN, "must be a dataset name: letters, digits and _")
      .optional()
      .describe(
        "A dataset of the project, checked to exist by the live test; jobs write their results there unless `output.path` names another (default `dataplane`)",
      ),
    maximumBytesBilled: numberField(1, Number.MAX_SAFE_INTEGER)
      .pipe(z.number().int("must be a whole number of bytes"))
      .optional()
      .describe(
        "The most bytes a query job may bill: BigQuery refuses a job beyond it, and preview fails a query whose dry run estimates more (default: no limit)",
      ),
    queryTimeoutMilliseconds: numberField(1_000, 86_400_000)
      .default(600_000)
      .describe("Each query job's deadline, in milliseconds, from `1000` to `86400000` (default `600000`, 10 minutes)"),
    apiEndpoint: apiEndpointField
      .optional()
      .describe(
        "The BigQuery API's URL (default `https://bigquery.googleapis.com`): a private endpoint, or an emulator's such as `http://127.0.0.1:9050`",
      ),
  })
  .strict()
  .transform((value): BigqueryConfiguration => {
    const { apiEndpoint, ...rest } = value;
    // `https://host/` and `https://host` name one endpoint.
    return apiEndpoint === undefined ? rest : { ...rest, apiEndpoint: apiEndpoint.replace(/\/+$/, "") };
  });

/** The fields of a service-account key file the client needs; anything else in the file is kept as is. */
const serviceAccountKey = z
  .object({
    type: z.literal("service_account"),
    client_email: z.string().min(1),
    private_key: z.string().min(1),
  })
  .passthrough();

/**
 * A service account's JSON key file, as text. Omitted, the client uses the machine's
 * application-default credentials (or none, against an emulator).
 */
export const bigqueryCredentials = z
  .object({
    serviceAccountKeyJson: z
      .string()
      .optional()
      .describe("A service account's JSON key file, as text (omitted: the machine's application-default credentials)"),
  })
  .strict()
  .superRefine((credentials, context) => {
    if (credentials.serviceAccountKeyJson === undefined) return;
    const path = ["serviceAccountKeyJson"];
    let parsed: unknown;
    try {
      parsed = JSON.parse(credentials.serviceAccountKeyJson);
    } catch {
      // JSON.parse's message quotes the text around the error: never repeat it.
      context.addIssue({
        code: "custom",
        path,
        message: "is not valid JSON: paste the whole key file a service account's Keys page downloads",
      });
      return;
    }
    const key = serviceAccountKey.safeParse(parsed);
    if (!key.success) {
      const field = key.error.issues[0]?.path.join(".") || "the file";
      context.addIssue({
        code: "custom",
        path,
        message: `is not a service-account key file: ${field} is missing or wrong (it needs "type": "service_account", client_email and private_key)`,
      });
      return;
    }
    try {
      createPrivateKey({ key: key.data.private_key, format: "pem" });
    } catch {
      context.addIssue({ code: "custom", path, message: "holds a private_key that is not a readable PEM key: download a new key file" });
    }
  });

export type BigqueryCredentials = z.infer<typeof bigqueryCredentials>;

/** A dataset of the connection's project, or a project and a dataset. */
export const bigqueryPathShape: PathShape<BigqueryConfiguration> = { forms: [["dataset"], ["project", "dataset"]] };
