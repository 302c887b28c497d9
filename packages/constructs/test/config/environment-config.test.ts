import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/config/configuration-error";
import { defineEnvironment } from "../../src/config/environment-config";
import { productionInput, stagingInput } from "../fixtures";

function problemsOf(input: unknown): string {
  try {
    defineEnvironment(input as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("defineEnvironment", () => {
  it("applies production defaults", () => {
    const config = defineEnvironment(productionInput());
    expect(config.sizing).toEqual({ natGateways: "one-per-az", natProvider: "gateway", interfaceEndpoints: true, nodeCapacity: "on-demand" });
    expect(config.logRetentionDays).toBe(365);
    expect(config.clusterEndpointPublicAccessCidrs).toEqual(["203.0.113.0/24"]);
    expect(config.remoteState).toEqual({
      bucket: "openedx-infra-state-111122223333-eu-west-1",
      kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:alias/openedx-infra-state",
    });
  });

  it("applies cheaper non-production defaults", () => {
    const config = defineEnvironment(stagingInput({ clusterEndpointPublicAccessCidrs: undefined }));
    expect(config.sizing.natGateways).toBe("single");
    expect(config.sizing.natProvider).toBe("gateway");
    expect(config.sizing.nodeCapacity).toBe("on-demand");
    expect(config.logRetentionDays).toBe(90);
    expect(config.clusterEndpointPublicAccessCidrs).toEqual([]);
  });

  it("makes production data services highly available and protected", () => {
    expect(defineEnvironment(productionInput()).data).toEqual({
      mysqlEngine: "rds-mysql",
      mysqlInstanceClass: "db.r7g.large",
      mysqlInstances: 2,
      mysqlAllocatedStorageGiB: 100,
      documentDbInstanceClass: "db.r6g.large",
      documentDbInstances: 2,
      cacheNodeType: "cache.r7g.large",
      cacheReplicas: 1,
      openSearch: false,
      openSearchInstanceType: "r7g.large.search",
      backupRetentionDays: 14,
      deletionProtection: true,
    });
  });

  it("keeps non-production data services small", () => {
    expect(defineEnvironment(stagingInput()).data).toMatchObject({
      mysqlInstanceClass: "db.t4g.medium",
      mysqlInstances: 1,
      documentDbInstances: 1,
      cacheNodeType: "cache.t4g.small",
      cacheReplicas: 0,
      backupRetentionDays: 7,
      deletionProtection: false,
    });
  });

  it("derives the host names Tutor serves from the domain, and edge defaults", () => {
    const config = defineEnvironment(productionInput());
    expect(config.hosts).toEqual({
      lms: "courses.example.edu",
      studio: "studio.courses.example.edu",
      mfe: "apps.courses.example.edu",
      meilisearch: "meilisearch.courses.example.edu",
      media: "media.courses.example.edu",
      origin: "origin.courses.example.edu",
    });
    expect(config.edge).toEqual({ parentHostedZoneId: undefined, delegateFromParentZone: false, wafRequestsPerFiveMinutesPerIp: 2000, bastion: false });
  });

  it("leaves the optional platform components off by default", () => {
    expect(defineEnvironment(productionInput()).platform).toEqual({
      prometheus: false,
      gitopsRepositoryUrl: undefined,
      gitopsBranch: "main",
      gitopsPath: "./clusters/production",
    });
  });

  it("lays out one subnet per tier and zone inside the VPC block", () => {
    const config = defineEnvironment(productionInput());
    expect(config.subnets.private.map((s) => s.cidrBlock)).toEqual(["10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19"]);
    expect(config.subnets.isolated.map((s) => s.cidrBlock)).toEqual(["10.40.96.0/22", "10.40.100.0/22", "10.40.104.0/22"]);
    expect(config.subnets.public.map((s) => s.cidrBlock)).toEqual(["10.40.108.0/24", "10.40.109.0/24", "10.40.110.0/24"]);
    expect(config.subnets.public.map((s) => s.availabilityZone)).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
  });

  it("honours explicit subnet prefix lengths", () => {
    const config = defineEnvironment(productionInput({ vpcCidr: "10.40.0.0/20", subnetPrefixLengths: { private: 22, isolated: 26, public: 27 } }));
    expect(config.subnets.private[2].cidrBlock).toBe("10.40.8.0/22");
    expect(config.subnets.isolated[0].cidrBlock).toBe("10.40.12.0/26");
  });

  describe("rejects", () => {
    it.each([
      ["a CIDR with a prefix over 32", { vpcCidr: "10.40.0.0/33" }, 'vpcCidr: must be an IPv4 CIDR block a.b.c.d/n with a prefix length of 16 to 20 and no host bits set, e.g. "10.40.0.0/16" (got "10.40.0.0/33")'],
      ["a CIDR with an octet over 255", { vpcCidr: "10.400.0.0/16" }, 'vpcCidr: must be an IPv4 CIDR block a.b.c.d/n with a prefix length of 16 to 20 and no host bits set, e.g. "10.40.0.0/16" (got "10.400.0.0/16")'],
      ["a CIDR with host bits set", { vpcCidr: "10.40.1.0/16" }, '(got "10.40.1.0/16")'],
      ["a CIDR that is not one", { vpcCidr: "10.40.0.0" }, '(got "10.40.0.0")'],
      ["a malformed public-access CIDR", { clusterEndpointPublicAccessCidrs: ["203.0.113.0/24", "office"] }, 'clusterEndpointPublicAccessCidrs[1]: must be an IPv4 CIDR block a.b.c.d/n, e.g. "203.0.113.0/24" (got "office")'],
    ])("%s", (_case, overrides, expected) => {
      expect(problemsOf(productionInput(overrides))).toContain(expected);
    });

    it("subnets that do not fit the VPC block", () => {
      const message = problemsOf(productionInput({ vpcCidr: "10.40.0.0/20", subnetPrefixLengths: { private: 21 } }));
      expect(message).toContain(
        'vpcCidr: must hold every subnet: subnets (3 x /21 private, 3 x /26 isolated, 3 x /28 public) need 6384 addresses but the VPC block 10.40.0.0/20 has 4096; use a larger VPC block, longer subnetPrefixLengths or fewer availability zones (got "10.40.0.0/20")',
      );
    });

    it("a subnet larger than the VPC block", () => {
      expect(problemsOf(productionInput({ vpcCidr: "10.40.0.0/20", subnetPrefixLengths: { private: 18 } }))).toContain(
        "private subnets of /18 are larger than the VPC block 10.40.0.0/20",
      );
    });

    it("an availability zone outside the region", () => {
      expect(problemsOf(productionInput({ availabilityZones: ["eu-west-1a", "us-east-1b", "eu-west-1c"] }))).toContain(
        'availabilityZones[1]: must be an availability zone of region eu-west-1 (eu-west-1a, eu-west-1b, ...) (got "us-east-1b")',
      );
    });

    it("a repeated availability zone", () => {
      expect(problemsOf(productionInput({ availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1a"] }))).toContain(
        'availabilityZones[2]: must not repeat an availability zone (got "eu-west-1a")',
      );
    });

    it("fewer than 2 availability zones", () => {
      expect(problemsOf(stagingInput({ availabilityZones: ["eu-west-1a"] }))).toContain(
        'availabilityZones: must list at least 2 availability zones for a non-production environment (got ["eu-west-1a"])',
      );
    });

    it("fewer than 3 availability zones in production", () => {
      expect(problemsOf(productionInput({ availabilityZones: ["eu-west-1a", "eu-west-1b"] }))).toContain(
        'availabilityZones: must list at least 3 availability zones for a production environment (got ["eu-west-1a","eu-west-1b"])',
      );
    });

    it.each(["12345678901", "1234567890123", "11112222333a"])("account id %s", (accountId) => {
      expect(problemsOf(productionInput({ accountId }))).toContain(`accountId: must be a 12-digit AWS account id, e.g. "123456789012" (got "${accountId}")`);
    });

    it.each(["https://courses.example.edu", "courses.example.edu/lms", "courses.example.edu:443", "Courses.Example.edu."])("domain %s", (domain) => {
      expect(problemsOf(productionInput({ domain }))).toContain(
        `domain: must be a bare lowercase DNS name such as "courses.example.edu", without scheme, port, path or trailing dot (got "${domain}")`,
      );
    });

    it("an unknown region", () => {
      expect(problemsOf(productionInput({ region: "eu-west-9" }))).toMatch(/region: must be a commercial AWS region \(af-south-1, .*us-west-2\) \(got "eu-west-9"\)/);
    });

    it("an unsupported Kubernetes version", () => {
      expect(problemsOf(productionInput({ kubernetesVersion: "1.24" }))).toContain(
        'kubernetesVersion: must be a Kubernetes version EKS supports (1.31, 1.32, 1.33, 1.34) (got "1.24")',
      );
    });

    it("an admin that is not an IAM role ARN", () => {
      expect(problemsOf(productionInput({ clusterAdminRoleArns: ["arn:aws:iam::111122223333:user/alice"] }))).toContain(
        'clusterAdminRoleArns[0]: must be an IAM role ARN "arn:aws:iam::<12-digit account>:role/<name>" (got "arn:aws:iam::111122223333:user/alice")',
      );
    });

    it("an admin role of another account", () => {
      expect(problemsOf(productionInput({ clusterAdminRoleArns: ["arn:aws:iam::999988887777:role/Admin"] }))).toContain(
        "clusterAdminRoleArns[0]: must be a role of the environment's account 111122223333",
      );
    });

    it("no admin role", () => {
      expect(problemsOf(productionInput({ clusterAdminRoleArns: [] }))).toContain(
        "clusterAdminRoleArns: must name at least one IAM role: the cluster grants no implicit admin to its creator (got [])",
      );
    });

    it("no alert address", () => {
      expect(problemsOf(productionInput({ alertEmails: [] }))).toContain("alertEmails: must list at least one e-mail address for alerts (got [])");
    });

    it("a malformed alert address", () => {
      expect(problemsOf(productionInput({ alertEmails: ["ops"] }))).toContain('alertEmails[0]: must be an e-mail address (got "ops")');
    });

    it("an unnamed or badly named environment", () => {
      expect(problemsOf(productionInput({ name: "Prod-EU" }))).toContain(
        'name: must be 2-20 lowercase letters and digits, starting with a letter (got "Prod-EU")',
      );
    });

    it("a single NAT gateway in production", () => {
      expect(problemsOf(productionInput({ sizing: { natGateways: "single" } }))).toContain(
        'sizing.natGateways: must be "one-per-az" in production: a single NAT gateway takes every zone offline with its own (got "single")',
      );
    });

    it("a NAT instance in production, and an unknown NAT provider", () => {
      expect(problemsOf(productionInput({ sizing: { natProvider: "instance" } }))).toContain(
        'sizing.natProvider: must be "gateway" in production: a NAT instance is one self-run EC2 instance whose reboot, replacement or bandwidth limit stops the egress of the subnets routed to it (got "instance")',
      );
      expect(problemsOf(stagingInput({ sizing: { natProvider: "nat-box" as never } }))).toContain('sizing.natProvider: must be "gateway" or "instance" (got "nat-box")');
      expect(defineEnvironment(stagingInput({ sizing: { natProvider: "instance" } })).sizing.natProvider).toBe("instance");
    });

    it("Spot nodes in production, and an unknown node capacity", () => {
      expect(problemsOf(productionInput({ sizing: { nodeCapacity: "spot" } }))).toContain(
        "sizing.nodeCapacity: must be \"on-demand\" in production: Spot nodes can be reclaimed with two minutes' notice, taking the pods on them down at once (got \"spot\")",
      );
      expect(problemsOf(stagingInput({ sizing: { nodeCapacity: "reserved" as never } }))).toContain('sizing.nodeCapacity: must be "on-demand" or "spot" (got "reserved")');
      expect(defineEnvironment(stagingInput({ sizing: { nodeCapacity: "spot" } })).sizing.nodeCapacity).toBe("spot");
    });

    it.each([
      ["a 1-day backup retention", { backupRetentionDays: 1 }, "data.backupRetentionDays: must be 7 to 35 days (got 1)"],
      [
        "a 7-day backup retention in production",
        { backupRetentionDays: 7 },
        "data.backupRetentionDays: must be at least 14 days in production, so two weeks of point-in-time recovery survive (got 7)",
      ],
      [
        "no deletion protection in production",
        { deletionProtection: false },
        "data.deletionProtection: must stay true in production: deletion protection and final snapshots are what stand between a mistaken destroy and lost learner records (got false)",
      ],
      ["a single MySQL instance in production", { mysqlInstances: 1 }, "data.mysqlInstances: must be at least 2 in production, so MySQL survives the loss of an availability zone (got 1)"],
      ["a single DocumentDB instance in production", { documentDbInstances: 1 }, "data.documentDbInstances: must be at least 2 in production"],
      ["a cache without replica in production", { cacheReplicas: 0 }, "data.cacheReplicas: must be at least 1 in production, so the cache fails over automatically (got 0)"],
      ...[19, 65536, 20.5].map((size): [string, Record<string, unknown>, string] => [
        `${size} GiB of MySQL storage`,
        { mysqlAllocatedStorageGiB: size },
        `data.mysqlAllocatedStorageGiB: must be a whole number of GiB from 20 to 65535 (RDS for MySQL gp3 storage is 20 to 65536 GiB, and storage autoscaling needs room above it) (got ${size})`,
      ]),
      [
        "less than 100 GiB of MySQL storage in production",
        { mysqlAllocatedStorageGiB: 99 },
        "data.mysqlAllocatedStorageGiB: must be at least 100 GiB in production: storage autoscaling grows the volume at most every six hours, which a bulk import into a smaller one can outrun (got 99)",
      ],
      [
        "allocated MySQL storage with Aurora",
        { mysqlEngine: "aurora-mysql", mysqlAllocatedStorageGiB: 200 },
        'data.mysqlAllocatedStorageGiB: applies only to mysqlEngine "rds-mysql": Aurora allocates no storage, its cluster volume grows with the data; leave it out (got 200)',
      ],
      ["an unknown MySQL engine", { mysqlEngine: "postgres" }, 'data.mysqlEngine: must be "rds-mysql" or "aurora-mysql" (got "postgres")'],
      ["a malformed instance class", { mysqlInstanceClass: "r7g.large" }, 'data.mysqlInstanceClass: must be an RDS instance class such as "db.r7g.large" (got "r7g.large")'],
      ["a malformed node type", { cacheNodeType: "r7g.large" }, 'data.cacheNodeType: must be an ElastiCache node type such as "cache.r7g.large" (got "r7g.large")'],
    ])("%s", (_case, data, expected) => {
      expect(problemsOf(productionInput({ data }))).toContain(expected);
    });

    it("relaxes only production-only data rules outside production", () => {
      const config = defineEnvironment(stagingInput({ data: { deletionProtection: false, mysqlInstances: 1, cacheReplicas: 0 } }));
      expect(config.data).toMatchObject({ deletionProtection: false, mysqlInstances: 1, cacheReplicas: 0 });
      expect(problemsOf(stagingInput({ data: { backupRetentionDays: 1 } }))).toContain("data.backupRetentionDays: must be 7 to 35 days (got 1)");
      expect(defineEnvironment(stagingInput({ data: { mysqlAllocatedStorageGiB: 20 } })).data.mysqlAllocatedStorageGiB).toBe(20);
      expect(problemsOf(stagingInput({ data: { mysqlAllocatedStorageGiB: 19 } }))).toContain("data.mysqlAllocatedStorageGiB: must be a whole number of GiB from 20 to 65535");
    });

    it("a malformed parent zone id", () => {
      expect(problemsOf(productionInput({ edge: { parentHostedZoneId: "example.edu" } }))).toContain(
        'edge.parentHostedZoneId: must be a Route53 hosted zone id such as "Z0123456789ABCDEFGHIJ" (got "example.edu")',
      );
    });

    it("a delegation without a parent zone", () => {
      expect(problemsOf(productionInput({ edge: { delegateFromParentZone: true } }))).toContain(
        "edge.delegateFromParentZone: needs edge.parentHostedZoneId, the zone to create the NS delegation in (got true)",
      );
    });

    it("a WAF rate limit outside what WAF accepts", () => {
      expect(problemsOf(productionInput({ edge: { wafRequestsPerFiveMinutesPerIp: 10 } }))).toContain("edge.wafRequestsPerFiveMinutesPerIp: must be 100 to 2000000 (got 10)");
    });

    it("a GitOps repository that is not an https:// or ssh:// URL", () => {
      expect(problemsOf(productionInput({ platform: { gitopsRepositoryUrl: "git@github.com:example/gitops.git" } }))).toContain(
        'platform.gitopsRepositoryUrl: must be an https:// or ssh:// Git URL (got "git@github.com:example/gitops.git")',
      );
    });

    it("a log retention CloudWatch does not offer", () => {
      expect(problemsOf(productionInput({ logRetentionDays: 100 }))).toContain("logRetentionDays: must be a CloudWatch Logs retention (1, 3, 5");
    });

    it("a reserved tag key", () => {
      expect(problemsOf(productionInput({ tags: { "aws:owner": "x" } }))).toContain(
        'tags: tag key "aws:owner" must be 1-128 letters, digits, spaces or _.:/=+-@ and must not start with the reserved prefix aws: (got {"aws:owner":"x"})',
      );
    });

    it("an unknown field, naming it", () => {
      expect(problemsOf(productionInput({ vpcCird: "10.0.0.0/16" } as never))).toContain('vpcCird: unknown field; check the spelling (got "10.0.0.0/16")');
    });

    it("a missing field", () => {
      expect(problemsOf(productionInput({ region: undefined }))).toContain("region: is required (got nothing)");
    });

    it("every problem at once, under the environment's name", () => {
      const message = problemsOf(productionInput({ accountId: "1", domain: "http://x" }));
      expect(message.split("\n")[0]).toBe('invalid configuration for environment "production":');
      expect(message).toContain("accountId:");
      expect(message).toContain("domain:");
    });
  });
});

describe("defineEnvironment backup section", () => {
  it("keeps 35 daily days in production and 7 otherwise, 90 weekly, 365 monthly, a 3-day lock grace period and no copies", () => {
    expect(defineEnvironment(productionInput()).backup).toEqual({
      dailyRetentionDays: 35,
      weeklyRetentionDays: 90,
      monthlyRetentionDays: 365,
      copyRegion: undefined,
      vaultLockChangeableForDays: 3,
    });
    expect(defineEnvironment(stagingInput()).backup.dailyRetentionDays).toBe(7);
  });

  it("takes every backup field from the input", () => {
    const backup = { dailyRetentionDays: 35, weeklyRetentionDays: 120, monthlyRetentionDays: 3650, copyRegion: "eu-central-1", vaultLockChangeableForDays: 14 };
    expect(defineEnvironment(productionInput({ backup })).backup).toEqual(backup);
  });

  it.each([
    [{ dailyRetentionDays: 36 }, "backup.dailyRetentionDays: must be 1 to 35 days: AWS keeps continuous backups at most 35 days"],
    [{ dailyRetentionDays: 0 }, "backup.dailyRetentionDays: must be 1 to 35 days: AWS keeps continuous backups at most 35 days"],
    [{ weeklyRetentionDays: 3651 }, "backup.weeklyRetentionDays: must be 1 to 3650 days"],
    [{ monthlyRetentionDays: 0 }, "backup.monthlyRetentionDays: must be 1 to 3650 days"],
    [{ vaultLockChangeableForDays: 2 }, "backup.vaultLockChangeableForDays: must be at least 3 days, AWS's minimum cooling-off period"],
    [{ copyRegion: "mars-1" }, "backup.copyRegion: must be a commercial AWS region"],
    [{ copyRegion: "eu-west-1" }, "backup.copyRegion: must differ from the environment's region eu-west-1: a copy in the same region does not survive its loss"],
    [{ dailyRetentionDays: 14 }, "backup.dailyRetentionDays: must be 35 days in production, so five weeks of learner records can be restored to any point in time"],
    [{ hourly: true }, "backup.hourly: unknown field; check the spelling"],
  ])("rejects backup %j", (backup, expected) => {
    expect(problemsOf(productionInput({ backup }))).toContain(expected);
  });

  it("lets non-production keep fewer daily days", () => {
    expect(defineEnvironment(stagingInput({ backup: { dailyRetentionDays: 1 } })).backup.dailyRetentionDays).toBe(1);
  });
});
