import { PolicyRule } from "../rule";
import { imdsV2 } from "./compute";
import { encryptionAtRest } from "./encryption";
import { leastPrivilegeIam } from "./iam";
import { loggingEnabled } from "./logging";
import { noPublicExposure, noPublicIngress, privateClusterEndpoint } from "./network";
import { backups, deletionProtection } from "./resilience";
import { requiredTags } from "./tags";
import { encryptionInTransit } from "./transit";

/** The rule pack every LayerStack is checked against, in the order of the generated docs. */
export const POLICY_RULES: readonly PolicyRule[] = [
  encryptionAtRest,
  encryptionInTransit,
  loggingEnabled,
  noPublicIngress,
  noPublicExposure,
  privateClusterEndpoint,
  imdsV2,
  leastPrivilegeIam,
  deletionProtection,
  backups,
  requiredTags,
];

export { isCustomerManagedKey } from "./kms";
