import { blocks, numberOf } from "../model";
import { PolicyRule, Problem, problem } from "../rule";

/** Highest IMDS hop limit allowed: 2 lets pods without host networking (e.g. the AWS Load Balancer Controller) reach IMDS. */
export const MAX_IMDS_HOP_LIMIT = 2;

export const imdsV2: PolicyRule = {
  id: "EC2001",
  severity: "high",
  title: "Instances require IMDSv2",
  description:
    'Launch templates and instances set `metadata_options.http_tokens = "required"` (IMDSv2 only, which blocks ' +
    `SSRF credential theft) and a hop limit of at most ${MAX_IMDS_HOP_LIMIT}. checkov CKV_AWS_341 wants 1; ` +
    "node groups that run controllers needing IMDS from a pod choose 2 and baseline that check with the reason.",
  fix: `set metadata_options { http_endpoint = "enabled", http_tokens = "required", http_put_response_hop_limit = 1 (or ${MAX_IMDS_HOP_LIMIT}) }`,
  resourceTypes: ["aws_launch_template", "aws_instance"],
  check: (element) => {
    const [options] = blocks(element.config.metadata_options);
    if (options?.http_endpoint === "disabled") return [];
    const problems: Problem[] = [];
    if (options?.http_tokens !== "required") {
      problems.push(problem("metadata_options.http_tokens", 'metadata_options.http_tokens is not "required" (IMDSv1 allowed)'));
    }
    const hops = numberOf(options?.http_put_response_hop_limit);
    // Stryker disable next-line ConditionalExpression: `undefined > MAX_IMDS_HOP_LIMIT` is false anyway; the check says what is meant
    if (hops !== undefined && hops > MAX_IMDS_HOP_LIMIT) {
      problems.push(
        problem("metadata_options.http_put_response_hop_limit", `metadata_options.http_put_response_hop_limit is ${hops}, more than ${MAX_IMDS_HOP_LIMIT}`),
      );
    }
    return problems;
  },
};
