/**
 * A Redshift load's S3 parts (provider/vendors/redshift/s3-staging.ts) are removed whatever
 * happens: an abort that removes them while a part is still uploading must not leave that part
 * behind once its upload lands, and no part is uploaded after the removal.
 */
import { describe, expect, it } from "vitest";
import { StagedParts } from "../../provider/vendors/redshift/s3-staging";
import { uniqueName } from "../support/admin";
import { redshiftServices } from "../support/redshift-services";
import { keysUnder, S3_TEST_BUCKET, S3_TEST_CREDENTIALS, S3_TEST_REGION } from "../support/s3-emulator";

describe("a Redshift load's S3 parts", () => {
  it("removed while a part uploads: the part is deleted once it lands, and later parts are refused", async () => {
    const { s3Endpoint } = redshiftServices();
    const prefix = uniqueName("staged_parts");
    const parts = new StagedParts(
      { bucket: S3_TEST_BUCKET, prefix, region: S3_TEST_REGION, endpoint: s3Endpoint },
      { ...S3_TEST_CREDENTIALS },
    );
    await parts.put("1,a\n");
    const uploading = parts.put("2,b\n".repeat(100_000));
    uploading.catch(() => undefined);
    await parts.remove();
    await uploading.catch(() => undefined);
    expect(await keysUnder(s3Endpoint, prefix)).toEqual([]);
    await expect(parts.put("3,c\n")).rejects.toThrow("already removed");
    expect(await keysUnder(s3Endpoint, prefix)).toEqual([]);
  });
});
