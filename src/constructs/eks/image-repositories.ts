import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Construct } from "constructs";
import { CustomerManagedKey } from "../kms/kms-key";

export interface ImageRepositoriesProps {
  /** `<project>-<env>`: names the key. */
  readonly namePrefix: string;
  /** Repository names, e.g. `llm-api`. */
  readonly names: readonly string[];
  /** The only principal that may pull: the cluster's node role (kubelet pulls with it). */
  readonly pullerRoleArn: string;
  /** Untagged images are expired after this many days. Default: 14. */
  readonly untaggedExpiryDays?: number;
  /** Tagged images kept, newest first. Default: 100. */
  readonly keepImages?: number;
}

/** ECR actions a pull needs. */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

/**
 * ECR repositories for the application images: immutable tags, scan on push,
 * encrypted with their own customer-managed key, a lifecycle policy (untagged
 * images expire, the newest tagged ones are kept), and a repository policy
 * under which only the node role may pull (everyone else is denied pulls;
 * pushing stays with IAM in the account, e.g. the release pipeline's role).
 */
export class ImageRepositories extends Construct {
  readonly key: CustomerManagedKey;
  readonly repositories: Record<string, EcrRepository> = {};

  constructor(scope: Construct, id: string, props: ImageRepositoriesProps) {
    super(scope, id);
    this.key = new CustomerManagedKey(this, "key", {
      alias: `${props.namePrefix}/images`,
      description: `Encrypts the ECR image repositories of ${props.namePrefix}`,
    });
    const lifecycle = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images",
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: props.untaggedExpiryDays ?? 14 },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the newest images",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepImages ?? 100 },
          action: { type: "expire" },
        },
      ],
    });
    const pullPolicy = new DataAwsIamPolicyDocument(this, "pull-policy", {
      statement: [
        {
          sid: "NodesPull",
          effect: "Allow",
          actions: ECR_PULL_ACTIONS,
          principals: [{ type: "AWS", identifiers: [props.pullerRoleArn] }],
        },
        {
          sid: "NobodyElsePulls",
          effect: "Deny",
          actions: ECR_PULL_ACTIONS,
          principals: [{ type: "AWS", identifiers: ["*"] }],
          condition: [{ test: "StringNotEquals", variable: "aws:PrincipalArn", values: [props.pullerRoleArn] }],
        },
      ],
    });
    for (const name of props.names) {
      const repository = new EcrRepository(this, `repository-${name}`, {
        name,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: this.key.arn }],
        forceDelete: false,
      });
      new EcrLifecyclePolicy(this, `lifecycle-${name}`, { repository: repository.name, policy: lifecycle });
      new EcrRepositoryPolicy(this, `policy-${name}`, { repository: repository.name, policy: pullPolicy.json });
      this.repositories[name] = repository;
    }
  }
}
