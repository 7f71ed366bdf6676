import { Fn, TerraformLocal, Token, propertyAccess } from "cdktf";
import { Construct } from "constructs";
import { CpuArchitecture, INSTANCE_TYPES, SUPPORTED_INSTANCE_TYPES, sizeClass } from "../config/instance-types";
import { MIN_SPOT_INSTANCE_TYPES, TAINT_EFFECTS } from "../config/schema/cluster";
import { NamedTaint } from "../constructs/eks/node-group";
import { Items } from "../constructs/expressions/items";

/**
 * What the eks-node-group and eks-cluster modules share: the instance type table
 * as locals, and the node group checks of `checkNodeGroup` in
 * src/config/schema/cluster.ts as HCL conditions over one group's attributes.
 */

/** Kubernetes label key and value, as `labelKey` and `labelValue` in src/config/schema/cluster.ts. */
const LABEL_KEY = JSON.stringify("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
const LABEL_VALUE = JSON.stringify("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");
/** Taint effects that keep pods without a toleration off a node. */
export const REPELLING_EFFECTS = TAINT_EFFECTS.filter((effect) => effect !== "PREFER_NO_SCHEDULE");

/** Conditions and messages, each over one group's attributes `<group>instance_types`, ... (`var.` or `group.`). */
export function nodeGroupChecks(group: string) {
  const eachType = (expression: string) => `try(length(distinct([for type in ${group}instance_types : ${expression}])) == 1, false)`;
  return {
    supportedTypes: {
      condition: `alltrue([for type in ${group}instance_types : contains(keys(local.instance_architectures), type)])`,
      errorMessage: `instance_types must be supported instance types (src/config/instance-types.ts): ${SUPPORTED_INSTANCE_TYPES.join(", ")}.`,
    },
    oneArchitecture: {
      condition: eachType("local.instance_architectures[type]"),
      errorMessage: "All instance_types must have one CPU architecture: one node group runs one AMI.",
    },
    spotTypes: {
      condition: `${group}capacity_type != "SPOT" || (length(${group}instance_types) >= ${MIN_SPOT_INSTANCE_TYPES} && ${eachType("local.instance_size_classes[type]")})`,
      errorMessage: `A SPOT group needs at least ${MIN_SPOT_INSTANCE_TYPES} instance_types of one size class (same vCPUs and memory), so one reclaimed spot pool does not stop it scaling.`,
    },
    sizes: {
      condition: `${group}min_size <= ${group}desired_size && ${group}desired_size <= ${group}max_size`,
      errorMessage: "The sizes must satisfy min_size <= desired_size <= max_size.",
    },
    labels: {
      condition: `alltrue([for key, value in ${group}labels : can(regex(${LABEL_KEY}, key)) && can(regex(${LABEL_VALUE}, value))])`,
      errorMessage:
        "Every label must have a Kubernetes label key (optional DNS prefix and '/', then up to 63 letters, digits, '-', '_', '.') and a label value (up to 63 of those, starting and ending alphanumeric).",
    },
    taints: {
      condition: `alltrue([for key, taint in ${group}taints : can(regex(${LABEL_KEY}, key)) && contains(${JSON.stringify(TAINT_EFFECTS)}, taint.effect) && (taint.value == null ? true : can(regex(${LABEL_VALUE}, taint.value)))])`,
      errorMessage: `Every taint needs a Kubernetes label key, an effect of ${TAINT_EFFECTS.join(", ")} and, if given, a label value.`,
    },
    spotTaint: {
      condition: `${group}capacity_type != "SPOT" || anytrue([for key, taint in ${group}taints : contains(${JSON.stringify(REPELLING_EFFECTS)}, taint.effect)])`,
      errorMessage: `A SPOT group must taint its nodes with ${REPELLING_EFFECTS.join(" or ")} so only pods that tolerate interruption land there.`,
    },
  };
}

/** The names of {@link nodeGroupChecks}. */
export type NodeGroupCheck = keyof ReturnType<typeof nodeGroupChecks>;

/** A node group's attributes that the generated tests start from (HCL), valid for every check. */
export const VALID_NODE_GROUP: Readonly<Record<string, string>> = { instance_types: '["m7g.large"]' };

/**
 * For the generated tests: attributes (HCL) that make one node group fail each check
 * and no other, on top of {@link VALID_NODE_GROUP}.
 */
export const NODE_GROUP_FAILURES: Readonly<Record<NodeGroupCheck, Readonly<Record<string, string>>>> = {
  supportedTypes: { instance_types: '["m7g.large", "x9.large"]' },
  oneArchitecture: { instance_types: '["m7g.large", "m6i.large"]' },
  spotTypes: { capacity_type: '"SPOT"', instance_types: '["m7g.large"]', taints: '{ spot = { effect = "NO_SCHEDULE" } }' },
  sizes: { min_size: "3", desired_size: "2", max_size: "4" },
  labels: { labels: '{ "bad key!" = "batch" }' },
  taints: { taints: '{ dedicated = { effect = "NEVER" } }' },
  spotTaint: { capacity_type: '"SPOT"', instance_types: '["m7g.large", "m6g.large"]', taints: '{ spot = { effect = "PREFER_NO_SCHEDULE" } }' },
};

/** HCL object of one node group: {@link VALID_NODE_GROUP} with `attributes` over it. */
export function nodeGroupObject(attributes: Readonly<Record<string, string>> = {}): string {
  const merged = { ...VALID_NODE_GROUP, ...attributes };
  return `{ ${Object.entries(merged).map(([name, value]) => `${name} = ${value}`).join(", ")} }`;
}

/** The instance type table as `local.instance_architectures` and `local.instance_size_classes`; returns the first. */
export function instanceTypeLocals(scope: Construct): TerraformLocal {
  const byType = <T>(value: (type: string) => T) => Object.fromEntries(SUPPORTED_INSTANCE_TYPES.map((type) => [type, value(type)]));
  const architectures = new TerraformLocal(scope, "instance_architectures", byType((type) => INSTANCE_TYPES[type].architecture));
  new TerraformLocal(scope, "instance_size_classes", byType((type) => sizeClass(INSTANCE_TYPES[type])));
  return architectures;
}

/** `local.instance_architectures[element(<instance types>, 0)]`: the group's AMI architecture. */
export function architectureOf(architectures: TerraformLocal, instanceTypes: string[]): CpuArchitecture {
  return Token.asString(propertyAccess(architectures, [Fn.element(instanceTypes, 0)])) as CpuArchitecture;
}

/** Taints from a map keyed by taint key: `map(object({ value = optional(string), effect = string }))`. */
export function taintsOf(map: unknown): Items<NamedTaint> {
  return Items.of(map, (entry): NamedTaint => ({
    name: entry.key as string,
    key: entry.key as string,
    value: entry.getString("value"),
    effect: entry.getString("effect") as NamedTaint["effect"],
  }));
}

/** The Terraform type of one node group's settings, as the eks-node-group module's variables take them. */
export const NODE_GROUP_TYPE =
  "object({ capacity_type = optional(string, \"ON_DEMAND\"), instance_types = list(string), min_size = optional(number, 1), desired_size = optional(number, 2), max_size = optional(number, 3), disk_size_gib = optional(number, 50), labels = optional(map(string), {}), taints = optional(map(object({ value = optional(string), effect = string })), {}), max_unavailable_percentage = optional(number, 33) })";
