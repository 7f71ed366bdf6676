import { TerraformResource } from "cdktf";
import { blocks } from "../model";
import { PolicyRule, problem } from "../rule";

/** Whether the resource's provider binding has a `tags` argument (generated bindings have `resetTags`). */
function isTaggable(resource: unknown): boolean {
  return typeof (resource as { resetTags?: unknown }).resetTags === "function";
}

export const requiredTags: PolicyRule = {
  id: "TAG001",
  severity: "medium",
  title: "Required tags on every taggable AWS resource",
  description:
    "Every AWS resource that takes tags ends up with Project, Environment, ManagedBy, Owner, CostCenter and Layer, " +
    "through its provider's `default_tags` (how `LayerStack` sets them) or its own `tags`. Cost reports, " +
    "ownership and access policies depend on them.",
  fix: "create resources in a `LayerStack` (its AWS provider sets default_tags), or pass the missing tags",
  resourceTypes: ["aws_*"],
  check: (element, { model, requiredTags }) => {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: resourceTypes ["aws_*"] already limits the rule to AWS resources (data sources are listed as data.<type>); the check keeps the rule correct on its own
    if (!element.type.startsWith("aws_") || element.kind !== "resource" || !isTaggable(element.construct)) return [];
    const alias = (element.construct as TerraformResource).provider?.alias;
    const provider = model.providers.get(alias ? `aws.${alias}` : "aws");
    const defaults = blocks(provider?.default_tags).flatMap((block) => Object.keys(block.tags ?? {}));
    const own = Object.keys(element.config.tags ?? {});
    const missing = requiredTags.filter((tag) => !defaults.includes(tag) && !own.includes(tag));
    return missing.length === 0 ? [] : [problem("tags", `lacks the tags ${missing.join(", ")} (neither default_tags nor tags set them)`)];
  },
};
