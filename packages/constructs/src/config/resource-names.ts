import { EnvironmentConfig } from "./environment-config";

/**
 * The physical name prefix of an environment's resources, `openedx-<name>`. Names derived from it
 * are shared by stacks that must agree on them without a cross-stack reference (the media bucket
 * is created by the data stack and served by the edge stack, which deploys first).
 */
export function resourcePrefix(environment: EnvironmentConfig): string {
  return `openedx-${environment.name}`;
}

/** An environment bucket's name, unique across AWS: `openedx-<name>-<account>-<region>-<purpose>`. */
export function environmentBucketName(environment: EnvironmentConfig, purpose: "media" | "backups" | "access-logs"): string {
  return `${resourcePrefix(environment)}-${environment.accountId}-${environment.region}-${purpose}`;
}

/** The regional S3 endpoint host of an environment bucket, as CloudFront origins name it. */
export function environmentBucketRegionalDomainName(environment: EnvironmentConfig, purpose: "media" | "backups" | "access-logs"): string {
  return `${environmentBucketName(environment, purpose)}.s3.${environment.region}.amazonaws.com`;
}
