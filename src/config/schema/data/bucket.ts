import { z } from "zod";
import { componentName } from "./common";

export const bucketSchema = z.strictObject({
  /** Config name: the bucket is `<project>-<env>-<name>-<account id>`. */
  name: componentName("bucket name"),
  /** Days noncurrent object versions are kept. Default: 90. */
  noncurrentVersionExpirationDays: z.number().int().min(1).default(90),
  /** Days before incomplete multipart uploads are aborted. Default: 7. */
  abortIncompleteMultipartUploadDays: z.number().int().min(1).default(7),
  /**
   * Replicate every object to a bucket in `data.disasterRecovery.region`
   * (`<project>-<env>-<name>-<region>-<account id>`, encrypted with a key of that
   * region). Default: false.
   */
  replicate: z.boolean().optional(),
});

/** The replica of a bucket in the disaster-recovery region: `<project>-<env>-<name>-<region>-<account id>`. */
export function replicaBucketName(prefix: string, name: string, region: string, accountId: string): string {
  return bucketName(prefix, `${name}-${region}`, accountId);
}

/** S3 bucket names are global: `<project>-<env>-<name>-<12-digit account>`, at most 63 characters. */
export function bucketName(prefix: string, name: string, accountId: string): string {
  return `${prefix}-${name}-${accountId}`;
}
