/**
 * Names shared by `apps/bootstrap`, which creates the remote-state bucket and key, and by every
 * environment stack, whose S3 backend points at them. Keeping both sides on one function is what
 * makes a fresh account work without copying names around.
 */
export const STATE_KEY_ALIAS = "alias/openedx-infra-state";

/** The state bucket of an account and region: `openedx-infra-state-<accountId>-<region>`. */
export function stateBucketName(accountId: string, region: string): string {
  return `openedx-infra-state-${accountId}-${region}`;
}

/** The alias ARN of the state key; the S3 backend accepts alias ARNs for `kms_key_id`. */
export function stateKeyAliasArn(accountId: string, region: string): string {
  return `arn:aws:kms:${region}:${accountId}:${STATE_KEY_ALIAS}`;
}

/** The object key of a stack's state: `<environment>/<component>.tfstate`. */
export function stateObjectKey(environment: string, component: string): string {
  return `${environment}/${component}.tfstate`;
}
