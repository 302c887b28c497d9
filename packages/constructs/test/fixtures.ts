import { EnvironmentConfigInput } from "../src/config/environment-config";

/** A valid production configuration; tests override one field at a time. */
export function productionInput(overrides: Partial<Record<keyof EnvironmentConfigInput, unknown>> = {}): EnvironmentConfigInput {
  return {
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
    tags: { owner: "platform-team" },
    ...overrides,
  } as EnvironmentConfigInput;
}

/** A valid non-production configuration. */
export function stagingInput(overrides: Partial<Record<keyof EnvironmentConfigInput, unknown>> = {}): EnvironmentConfigInput {
  return productionInput({
    name: "staging",
    tier: "non-production",
    accountId: "444455556666",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
    vpcCidr: "10.50.0.0/16",
    domain: "staging.courses.example.edu",
    clusterAdminRoleArns: ["arn:aws:iam::444455556666:role/PlatformAdministrator"],
    ...overrides,
  });
}
