import { EnvironmentConfigInput } from "@openedx-infra/constructs";

/**
 * Staging: two availability zones and a single NAT instance to keep the idle cost low
 * (`pnpm cost staging` prints the estimate, README "Cost").
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
  sizing: {
    natGateways: "single",
    // Staging trade-off: a t4g.nano NAT instance instead of a NAT gateway ($0.0056 instead of
    // $0.048/hour, and no $0.048/GB processing fee). It is one self-run instance: replacing it
    // (to pick up a newer Amazon Linux image, `terraform apply -replace=...`) or a reboot stops the
    // nodes' egress for a minute or two, and its bandwidth is a nano's (32 Mbit/s baseline, 5 Gbit/s
    // burst), enough for image pulls and API calls. Production refuses it.
    natProvider: "instance",
    // Staging trade-off: ECR pulls and the STS, Logs, Secrets Manager and EKS Auth calls go out
    // through the NAT instance instead of 6 interface endpoints × 2 zones ($0.13/hour, more than
    // a NAT gateway). The traffic stays TLS to the public AWS endpoints; a NAT instance charges
    // no processing fee for it (a NAT gateway would, per GB).
    interfaceEndpoints: false,
    // Staging trade-off: nodes are Spot instances when AWS offers them (on-demand otherwise); one
    // can be reclaimed with two minutes' notice, restarting its pods elsewhere. Production refuses it.
    nodeCapacity: "spot",
  },
  data: {
    // Staging trade-off: the smallest classes, as the cookiecutter seed's $0.41/hour staging ran
    // (its "minimum instance sizes"). Enough for an idle or lightly tested Open edX; migrations and
    // imports are slower and burst credits can run out under sustained load: raise them (e.g.
    // db.t4g.medium, cache.t4g.small) for a load test. DocumentDB's smallest class, db.t4g.medium,
    // is already the default.
    mysqlInstanceClass: "db.t4g.micro",
    cacheNodeType: "cache.t4g.micro",
    // Staging trade-off: 20 GiB of gp3, RDS's minimum, instead of 100 ($0.0139/hour less). Below
    // 400 GiB gp3 gives MySQL the same 3000 IOPS at any size, so nothing gets slower; storage
    // autoscaling still grows it (up to 1000 GiB) when free space runs under 10%, at most every
    // six hours, so a large course import can hit a full disk first. RDS never shrinks a volume:
    // this applies to a newly created staging database.
    mysqlAllocatedStorageGiB: 20,
  },
  tags: { "cost-center": "openedx", owner: "platform-team" },
};
