import { describe, expect, it } from "vitest";
import { defineEnvironment } from "../../src/config/environment-config";
import { KmsKey } from "../../src/encryption/kms-key";
import { Network, NetworkProps } from "../../src/network/network";
import { INTERFACE_ENDPOINT_SERVICES } from "../../src/network/vpc-endpoints";
import { productionInput, stagingInput } from "../fixtures";
import { policyOf, SynthesizedStack, testStack } from "../synth";

function synthNetwork(props: Partial<NetworkProps> = {}, input = productionInput()): SynthesizedStack {
  const stack = testStack();
  const config = defineEnvironment(input);
  const logsKey = new KmsKey(stack, "logs", { aliasName: "test/logs", description: "logs" });
  new Network(stack, "network", { name: "openedx-test", cidrBlock: config.vpcCidr, subnets: config.subnets, logsKey, ...props });
  return new SynthesizedStack(stack);
}

function synthNetworkWithNatInstances(props: Partial<NetworkProps> = {}, input = productionInput()): SynthesizedStack {
  const stack = testStack();
  const config = defineEnvironment(input);
  const logsKey = new KmsKey(stack, "logs", { aliasName: "test/logs", description: "logs" });
  const natInstanceKey = new KmsKey(stack, "storage", { aliasName: "test/storage", description: "storage" });
  new Network(stack, "network", { name: "openedx-test", cidrBlock: config.vpcCidr, subnets: config.subnets, logsKey, natProvider: "instance", natInstanceKey, ...props });
  return new SynthesizedStack(stack);
}

describe("Network", () => {
  const production = synthNetwork();

  it("creates a dedicated VPC with DNS support", () => {
    expect(production.only("aws_vpc")).toMatchObject({ cidr_block: "10.40.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
  });

  it("creates public, private and isolated subnets in every zone, none handing out public IPs", () => {
    const subnets = production.resources("aws_subnet").map(([, s]) => s);
    expect(subnets).toHaveLength(9);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    const tier = (name: string) => subnets.filter((s) => (s.tags as Record<string, string>)["openedx:subnet-tier"] === name);
    expect(tier("public").map((s) => s.availability_zone)).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    expect(tier("private").map((s) => s.cidr_block)).toEqual(["10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19"]);
    expect(tier("isolated")).toHaveLength(3);
  });

  it("tags subnets for Kubernetes load balancers", () => {
    expect(production.byPath("aws_subnet", "Public/eu-west-1a").tags).toMatchObject({ "kubernetes.io/role/elb": "1" });
    expect(production.byPath("aws_subnet", "Private/eu-west-1b").tags).toMatchObject({ "kubernetes.io/role/internal-elb": "1" });
    expect(production.byPath("aws_subnet", "Isolated/eu-west-1c").tags).not.toHaveProperty("kubernetes.io/role/elb");
  });

  it("puts a NAT gateway in every zone and routes each private subnet through its own zone's gateway", () => {
    expect(production.resources("aws_nat_gateway")).toHaveLength(3);
    for (const zone of ["eu-west-1a", "eu-west-1b", "eu-west-1c"]) {
      expect(production.byPath("aws_route", `Private/${zone}-DefaultRoute`)).toMatchObject({
        destination_cidr_block: "0.0.0.0/0",
        nat_gateway_id: production.ref("aws_nat_gateway", `Nat/${zone}`, "id"),
      });
    }
  });

  it("uses a single NAT gateway when asked", () => {
    const staging = synthNetwork({ natGateways: "single" }, stagingInput());
    expect(staging.resources("aws_nat_gateway")).toHaveLength(1);
    const gateway = staging.ref("aws_nat_gateway", "Nat/eu-west-1a", "id");
    expect(staging.byPath("aws_route", "Private/eu-west-1b-DefaultRoute").nat_gateway_id).toBe(gateway);
  });

  it("puts a NAT instance where the single NAT gateway would be, routing every private subnet to its network interface", () => {
    const staging = synthNetworkWithNatInstances({ natGateways: "single" }, stagingInput());
    expect(staging.resources("aws_nat_gateway")).toEqual([]);
    expect(staging.resources("aws_instance")).toHaveLength(1);
    const target = staging.ref("aws_network_interface", "Nat/eu-west-1a-Instance/NetworkInterface", "id");
    for (const zone of ["eu-west-1a", "eu-west-1b"]) {
      const route = staging.byPath("aws_route", `Private/${zone}-DefaultRoute`);
      expect(route).toMatchObject({ destination_cidr_block: "0.0.0.0/0", network_interface_id: target });
      expect(route).not.toHaveProperty("nat_gateway_id");
    }
    expect(staging.byPath("aws_network_interface", "Nat/eu-west-1a-Instance/NetworkInterface").subnet_id).toBe(
      staging.ref("aws_subnet", "Public/eu-west-1a", "id"),
    );
    // It translates both zones' private subnets, and only them.
    const privateBlocks = staging
      .resources("aws_subnet")
      .map(([, subnet]) => subnet)
      .filter((subnet) => (subnet.tags as Record<string, string>)["openedx:subnet-tier"] === "private")
      .map((subnet) => subnet.cidr_block);
    const natGroup = staging.ref("aws_security_group", "Nat/eu-west-1a-Instance/SecurityGroup", "id");
    const natIngress = staging.resources("aws_vpc_security_group_ingress_rule").filter(([, rule]) => rule.security_group_id === natGroup);
    expect(natIngress.map(([, rule]) => rule.cidr_ipv4)).toEqual(privateBlocks);
    expect(staging.only("aws_instance").tags).toMatchObject({ Name: "openedx-test-nat-eu-west-1a" });
    expect(staging.only("aws_eip").depends_on).toEqual([staging.ref("aws_internet_gateway", "InternetGateway", "x").slice(2, -3)]);
  });

  it("gives each zone a NAT instance of its own for its own private subnet when one per zone is asked", () => {
    const perZone = synthNetworkWithNatInstances({ natGateways: "one-per-az" });
    expect(perZone.resources("aws_instance")).toHaveLength(3);
    for (const [zone, block] of [["eu-west-1a", "10.40.0.0/19"], ["eu-west-1b", "10.40.32.0/19"], ["eu-west-1c", "10.40.64.0/19"]]) {
      expect(perZone.byPath("aws_route", `Private/${zone}-DefaultRoute`).network_interface_id).toBe(
        perZone.ref("aws_network_interface", `Nat/${zone}-Instance/NetworkInterface`, "id"),
      );
      const ingress = perZone
        .resources("aws_vpc_security_group_ingress_rule")
        .filter(([, rule]) => rule.security_group_id === perZone.ref("aws_security_group", `Nat/${zone}-Instance/SecurityGroup`, "id"));
      expect(ingress.map(([, rule]) => rule.cidr_ipv4)).toEqual([block]);
    }
  });

  it("exposes the NAT instances and their Elastic IPs as the egress addresses", () => {
    const stack = testStack();
    const config = defineEnvironment(stagingInput());
    const logsKey = new KmsKey(stack, "logs", { aliasName: "test/logs", description: "logs" });
    const natInstanceKey = new KmsKey(stack, "storage", { aliasName: "test/storage", description: "storage" });
    const network = new Network(stack, "network", { name: "openedx-test", cidrBlock: config.vpcCidr, subnets: config.subnets, logsKey, natGateways: "single", natProvider: "instance", natInstanceKey });
    expect(network.natInstances).toHaveLength(1);
    expect(network.natPublicIps).toEqual([network.natInstances[0].publicIp]);
    const other = testStack("other");
    const otherLogsKey = new KmsKey(other, "logs", { aliasName: "test/logs", description: "logs" });
    const gateways = new Network(other, "network", { name: "openedx-test", cidrBlock: config.vpcCidr, subnets: config.subnets, logsKey: otherLogsKey });
    expect(gateways.natInstances).toEqual([]);
  });

  it("refuses NAT instances without the key of their volumes", () => {
    expect(() => synthNetwork({ natProvider: "instance" })).toThrow(
      'natInstanceKey must be given with natProvider "instance": it encrypts the NAT instances\' root volumes',
    );
  });

  it("gives isolated subnets no route to the internet", () => {
    const isolatedTable = production.ref("aws_route_table", "Isolated/RouteTable", "id");
    const routes = production.resources("aws_route").map(([, r]) => r);
    expect(routes.some((r) => r.route_table_id === isolatedTable)).toBe(false);
    expect(production.byPath("aws_route", "Public/DefaultRoute").gateway_id).toBe(production.ref("aws_internet_gateway", "InternetGateway", "id"));
  });

  it("strips every rule from the default security group", () => {
    expect(production.only("aws_default_security_group")).toMatchObject({ ingress: [], egress: [] });
  });

  it("logs ALL traffic to a KMS-encrypted, retention-bound log group", () => {
    const flowLog = production.only("aws_flow_log");
    expect(flowLog).toMatchObject({
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      vpc_id: production.ref("aws_vpc", "network/Resource", "id"),
      log_destination: production.ref("aws_cloudwatch_log_group", "FlowLog/LogGroup/Resource", "arn"),
    });
    expect(production.byPath("aws_cloudwatch_log_group", "FlowLog/LogGroup/Resource")).toMatchObject({
      retention_in_days: 365,
      kms_key_id: production.ref("aws_kms_key", "logs/Resource", "arn"),
    });
  });

  it("lets only this account's flow logs assume the delivery role, which can write only its group", () => {
    const role = production.byPath("aws_iam_role", "FlowLog/DeliveryRole");
    const trust = policyOf(role.assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
    expect(trust.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "111122223333" },
      ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/*" },
    });
    const inline = (role.inline_policy as { policy: string }[])[0];
    const statement = policyOf(inline.policy).Statement[0];
    const group = production.ref("aws_cloudwatch_log_group", "FlowLog/LogGroup/Resource", "arn");
    expect(statement.Resource).toEqual([group, `${group}:*`]);
    expect(statement.Action).toEqual(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]);
  });

  it("adds the S3 gateway endpoint to private and isolated route tables", () => {
    const s3 = production.resources("aws_vpc_endpoint").map(([, e]) => e).find((e) => e.vpc_endpoint_type === "Gateway");
    expect(s3?.service_name).toBe("com.amazonaws.eu-west-1.s3");
    expect(s3?.route_table_ids).toHaveLength(4);
    expect(s3?.route_table_ids).toContain(production.ref("aws_route_table", "Isolated/RouteTable", "id"));
  });

  it("adds private-DNS interface endpoints reachable over HTTPS from the VPC only", () => {
    const interfaces = production.resources("aws_vpc_endpoint").map(([, e]) => e).filter((e) => e.vpc_endpoint_type === "Interface");
    expect(interfaces.map((e) => e.service_name)).toEqual(INTERFACE_ENDPOINT_SERVICES.map((s) => `com.amazonaws.eu-west-1.${s}`));
    expect(interfaces.every((e) => e.private_dns_enabled === true && (e.subnet_ids as string[]).length === 3)).toBe(true);
    expect(production.only("aws_vpc_security_group_ingress_rule")).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.40.0.0/16" });
  });

  it("leaves out the endpoints when turned off", () => {
    const bare = synthNetwork({ interfaceEndpoints: false, gatewayEndpoints: false });
    expect(bare.resources("aws_vpc_endpoint")).toHaveLength(0);
    expect(bare.resources("aws_security_group")).toHaveLength(0);
  });

  it("fails on a malformed CIDR block", () => {
    expect(() => synthNetwork({ cidrBlock: "10.0.0.0/40" })).toThrow('cidrBlock must be an IPv4 CIDR block such as "10.40.0.0/16", got "10.0.0.0/40" (at test/network)');
  });

  it("fails on a single availability zone", () => {
    const config = defineEnvironment(stagingInput());
    const one = { public: config.subnets.public.slice(0, 1), private: config.subnets.private.slice(0, 1), isolated: config.subnets.isolated.slice(0, 1) };
    expect(() => synthNetwork({ subnets: one })).toThrow(
      "subnets must hold one subnet per tier in each of at least 2 availability zones, got 1/1/1 public/private/isolated subnets",
    );
  });

  it("fails on a name AWS would reject", () => {
    expect(() => synthNetwork({ name: "open edx" })).toThrow('name must be 1-48 letters, digits or hyphens, got "open edx"');
  });
});
