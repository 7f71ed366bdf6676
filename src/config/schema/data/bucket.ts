import { z } from "zod";
import { componentName } from "./common";

export const bucketSchema = z.strictObject({
  /** Config name: the bucket is `<project>-<env>-<name>-<account id>`. */
  name: componentName("bucket name"),
  /** Days noncurrent object versions are kept. Default: 90. */
  noncurrentVersionExpirationDays: z.number().int().min(1).default(90),
  /** Days before incomplete multipart uploads are aborted. Default: 7. */
  abortIncompleteMultipartUploadDays: z.number().int().min(1).default(7),
});

/** S3 bucket names are global: `<project>-<env>-<name>-<12-digit account>`, at most 63 characters. */
export function bucketName(prefix: string, name: string, accountId: string): string {
  return `${prefix}-${name}-${accountId}`;
}
