/** Where an environment's resources live; enough to build ARNs without a data source. */
export interface AccountScope {
  readonly accountId: string;
  readonly region: string;
}

/** `arn:aws:<service>:<region>:<account>:<resource>`; pass region "" for global services. */
export function arn(scope: AccountScope, service: string, resource: string, region = scope.region): string {
  return `arn:aws:${service}:${region}:${scope.accountId}:${resource}`;
}

/** The account's root principal, which key policies must keep so the key stays manageable. */
export function accountRootArn(scope: AccountScope): string {
  return `arn:aws:iam::${scope.accountId}:root`;
}
