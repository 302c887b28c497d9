import { EnvironmentConfigInput } from "@openedx-infra/constructs";

/**
 * Production: three availability zones, a NAT gateway per zone, zonal shift, protected keys.
 * The account, roles, CIDRs and addresses below are documentation placeholders: replace them.
 */
export const productionConfig: EnvironmentConfigInput = {
  name: "production",
  tier: "production",
  accountId: "111122223333",
  region: "eu-west-1",
  availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  vpcCidr: "10.40.0.0/16",
  domain: "courses.example.edu",
  kubernetesVersion: "1.33",
  clusterAdminRoleArns: ["arn:aws:iam::111122223333:role/PlatformAdministrator"],
  clusterEndpointPublicAccessCidrs: ["203.0.113.0/24"],
  alertEmails: ["platform-alerts@example.edu"],
  tags: { "cost-center": "openedx", owner: "platform-team" },
};
