import type { KeyRef } from "../../contracts";
import { AwsScope, regionalService } from "../iam/arn";
import { Grantee, sidPart } from "../iam/grant";

/** What a grantee may do with a key: decrypt (read), or also encrypt (write). */
export type KeyUse = "decrypt" | "encryptDecrypt";

export const KEY_ACTIONS: Record<KeyUse, string[]> = {
  decrypt: ["kms:Decrypt"],
  encryptDecrypt: ["kms:Decrypt", "kms:GenerateDataKey"],
};

/**
 * Use of one customer-managed key, only through one AWS service
 * (`kms:ViaService`): reading a table may decrypt with the tables' key when the
 * call comes from DynamoDB, never directly. Grants of one service and use share
 * a statement (`KeyVia<Service><Use>`), so each key appears once.
 */
export class KeyGrants {
  constructor(private readonly key: KeyRef) {}

  /**
   * Lets `grantee` use the key for `use`, through `service` (e.g. `dynamodb`,
   * `s3`, `secretsmanager`) only; `encryptionContext` narrows it further to
   * the given values of the key's encryption context (e.g. `SecretARN`).
   */
  useVia(grantee: Grantee, service: string, use: KeyUse, encryptionContext: Record<string, string> = {}): void {
    grantee.addToPolicy({
      sid: `KeyVia${sidPart(service)}${sidPart(use)}`,
      effect: "Allow",
      actions: KEY_ACTIONS[use],
      resources: [this.key.arn],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: [regionalService(AwsScope.of(grantee), service)] },
        ...Object.entries(encryptionContext).map(([key, value]) => ({
          test: "StringEquals",
          variable: `kms:EncryptionContext:${key}`,
          values: [value],
        })),
      ],
    });
  }
}
