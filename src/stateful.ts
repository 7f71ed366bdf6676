import { STATEFUL_RESOURCE_TYPES as DELETION_PROTECTION } from "./guardrails/stateful";

/**
 * Terraform resource types that hold data or identity which a destroy (or a
 * replace) loses for good. One list for the whole project: it is the key set of
 * the guardrails' deletion-protection table (src/guardrails/stateful.ts), which
 * drives the state manifest, `prevent_destroy` in prod and rule RES001; the
 * pull-request plan summary (scripts/lib/plan-summary.ts) flags destroys of it.
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = Object.keys(DELETION_PROTECTION).sort();

export { isStatefulType } from "./guardrails/stateful";
