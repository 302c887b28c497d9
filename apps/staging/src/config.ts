import { EnvironmentConfigInput } from "@openedx-infra/constructs";

/**
 * Staging: two availability zones and a single NAT gateway to keep the idle cost low.
 * The account, roles, CIDRs and addresses below are documentation placeholders: replace them.
 */
export const stagingConfig: EnvironmentConfigInput = {
  name: "staging",
  tier: "non-production",
  accountId: "444455556666",
  region: "eu-west-1",
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
  vpcCidr: "10.50.0.0/16",
  domain: "staging.courses.example.edu",
  kubernetesVersion: "1.33",
  clusterAdminRoleArns: ["arn:aws:iam::444455556666:role/PlatformAdministrator"],
  clusterEndpointPublicAccessCidrs: ["203.0.113.0/24"],
  alertEmails: ["platform-alerts@example.edu"],
  logRetentionDays: 30,
  sizing: { natGateways: "single" },
  tags: { "cost-center": "openedx", owner: "platform-team" },
};
