import { addEnvironmentStacks, defineEnvironment, EnvironmentConfigInput, OpenedxApp, runApp, SecureBucket } from "@openedx-infra/constructs";

/** The QA environment of another team: its own account and region. The values are documentation placeholders. */
const qa: EnvironmentConfigInput = {
  name: "qa",
  tier: "non-production",
  accountId: "777788889999",
  region: "eu-central-1",
  availabilityZones: ["eu-central-1a", "eu-central-1b"],
  vpcCidr: "10.60.0.0/16",
  domain: "qa.courses.example.org",
  kubernetesVersion: "1.33",
  clusterAdminRoleArns: ["arn:aws:iam::777788889999:role/PlatformAdministrator"],
  alertEmails: ["qa-alerts@example.org"],
  sizing: { natGateways: "single" },
  tags: { team: "learning-analytics" },
};

runApp(() => {
  const environment = defineEnvironment(qa); // validates everything before any construct exists
  const app = new OpenedxApp({ environments: [environment] });
  const stacks = addEnvironmentStacks(app, environment); // qa-keys, qa-network, … qa-platform
  // The team's own addition, with the environment's guardrails: SSE-KMS with its storage key, TLS only, access logs.
  new SecureBucket(stacks.data, "reports", {
    bucketName: `openedx-qa-${environment.accountId}-${environment.region}-reports`,
    encryptionKey: stacks.keys.keys.storage,
    accessLogsBucket: stacks.data.accessLogsBucket,
    preventDestroy: false,
  });
  return app;
});
