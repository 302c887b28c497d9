import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { NatGatewayLayout, NatProvider } from "../config/environment-config";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { parseIpv4Cidr } from "./cidr";
import { FlowLog } from "./flow-log";
import { NatInstance } from "./nat-instance";
import { PlannedSubnet, SubnetPlan } from "./subnet-plan";
import { VpcEndpoints } from "./vpc-endpoints";

/** Props of a {@link Network}. */
export interface NetworkProps {
  /** Name prefix of every network resource (`Name` tags, log group), e.g. `openedx-production`. */
  readonly name: string;
  /** The VPC's IPv4 block. */
  readonly cidrBlock: string;
  /** The subnets of each tier, one per availability zone (see `planSubnets`). */
  readonly subnets: SubnetPlan;
  /** Key that encrypts the flow-log group. */
  readonly logsKey: KmsKey;
  /**
   * NAT gateways for the private subnets: one per AZ keeps egress up when a zone fails.
   * @default "one-per-az"
   */
  readonly natGateways?: NatGatewayLayout;
  /**
   * `instance` puts a {@link NatInstance} where each NAT gateway of the layout would be: a tenth of
   * the price, with the trade-offs listed there. Needs `natInstanceKey`.
   * @default "gateway"
   */
  readonly natProvider?: NatProvider;
  /** Key that encrypts the NAT instances' root volumes (the environment's storage key); required with `natProvider: "instance"`. */
  readonly natInstanceKey?: KmsKey;
  /**
   * Instance type of the NAT instances: a Graviton (arm64) type.
   * @default "t4g.nano"
   */
  readonly natInstanceType?: string;
  /**
   * Retention of the flow-log group, in days.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Interface endpoints (ECR API and registry, STS, CloudWatch Logs, Secrets Manager, EKS Auth)
   * in the private subnets, so image pulls, credentials and logs stay off the NAT gateways.
   * @default true
   */
  readonly interfaceEndpoints?: boolean;
  /**
   * The S3 gateway endpoint on the private and isolated route tables (free of charge).
   * @default true
   */
  readonly gatewayEndpoints?: boolean;
}

/**
 * A dedicated VPC with three subnet tiers across the availability zones:
 * - public: NAT gateways (or NAT instances) and internet-facing load balancers (tagged `kubernetes.io/role/elb`);
 * - private: EKS nodes and pods, egress through NAT (tagged `kubernetes.io/role/internal-elb`);
 * - isolated: data services, with no route to or from the internet.
 *
 * Every flow (ALL traffic) is logged to a KMS-encrypted, retention-bound log group, the default
 * security group is stripped of its rules so nothing can use it by accident, and VPC endpoints keep
 * AWS API traffic inside the VPC. No subnet hands out public IPs on launch.
 *
 * @resource aws_vpc
 */
export class Network extends Construct {
  /** The VPC id, for the security groups and endpoints of the services placed in it. @attribute */
  readonly vpcId: string;
  /** The VPC's IPv4 block, for rules that trust the VPC, such as the interface endpoints' security group. @attribute */
  readonly vpcCidrBlock: string;
  /** Availability zones, in the order of the subnet lists. */
  readonly availabilityZones: string[];
  /** Public subnets, one per AZ. */
  readonly publicSubnetIds: string[];
  /** Private (workload) subnets, one per AZ. */
  readonly privateSubnetIds: string[];
  /** Isolated (data) subnets, one per AZ. */
  readonly isolatedSubnetIds: string[];
  /** IPv4 blocks of the isolated subnets, for security-group rules of data services' clients. */
  readonly isolatedSubnetCidrBlocks: string[];
  /** Route tables of the private subnets (one per NAT gateway layout entry). */
  readonly privateRouteTableIds: string[];
  /** Route table of the isolated subnets. */
  readonly isolatedRouteTableId: string;
  /** Elastic IPs of the NAT gateways or instances: the environment's egress addresses, for allow-lists elsewhere. */
  readonly natPublicIps: string[];
  /** The NAT instances, one per NAT zone, when `natProvider` is `instance`; empty otherwise. */
  readonly natInstances: NatInstance[];
  /** The flow log and its log group. */
  readonly flowLog: FlowLog;
  /** The VPC endpoints, unless both kinds are turned off. */
  readonly endpoints?: VpcEndpoints;
  /** The VPC resource. */
  readonly vpc: Vpc;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    validateProps(this, props);
    const natGateways = props.natGateways ?? "one-per-az";
    const natProvider = props.natProvider ?? "gateway";

    this.vpc = new Vpc(this, "Resource", {
      cidrBlock: props.cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    this.vpcId = this.vpc.id;
    this.vpcCidrBlock = this.vpc.cidrBlock;
    this.availabilityZones = props.subnets.private.map((subnet) => subnet.availabilityZone);

    // Without rules the default security group denies everything, so a resource launched
    // without an explicit group cannot talk to anything.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-do-not-use` },
    });

    const internetGateway = new InternetGateway(this, "InternetGateway", {
      vpcId: this.vpc.id,
      tags: { Name: props.name },
    });

    const publicTier = new Construct(this, "Public");
    const publicRouteTable = new RouteTable(publicTier, "RouteTable", { vpcId: this.vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(publicTier, "DefaultRoute", {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });
    const publicSubnets = props.subnets.public.map((planned) => {
      const subnet = this.subnet(publicTier, props.name, planned, { "kubernetes.io/role/elb": "1" });
      new RouteTableAssociation(publicTier, `${planned.availabilityZone}-RouteTable`, { subnetId: subnet.id, routeTableId: publicRouteTable.id });
      return subnet;
    });
    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);

    const nat = new Construct(this, "Nat");
    const natZones = natGateways === "one-per-az" ? props.subnets.public : props.subnets.public.slice(0, 1);
    const natZoneOf = (zone: string) => (natGateways === "one-per-az" ? zone : natZones[0].availabilityZone);
    const defaultRouteTargets = new Map<string, { natGatewayId?: string; networkInterfaceId?: string }>();
    this.natPublicIps = [];
    this.natInstances = [];
    natZones.forEach((planned, index) => {
      if (natProvider === "instance") {
        const instance = new NatInstance(nat, `${planned.availabilityZone}-Instance`, {
          name: `${props.name}-nat-${planned.availabilityZone}`,
          vpcId: this.vpc.id,
          subnetId: publicSubnets[index].id,
          internetGateway,
          sourceCidrBlocks: props.subnets.private.filter((subnet) => natZoneOf(subnet.availabilityZone) === planned.availabilityZone).map((subnet) => subnet.cidrBlock),
          encryptionKey: props.natInstanceKey as KmsKey,
          instanceType: props.natInstanceType,
        });
        defaultRouteTargets.set(planned.availabilityZone, { networkInterfaceId: instance.networkInterfaceId });
        this.natInstances.push(instance);
        this.natPublicIps.push(instance.publicIp);
        return;
      }
      const eip = new Eip(nat, `${planned.availabilityZone}-Eip`, { domain: "vpc", tags: { Name: `${props.name}-nat-${planned.availabilityZone}` } });
      const gateway = new NatGateway(nat, planned.availabilityZone, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[index].id,
        connectivityType: "public",
        tags: { Name: `${props.name}-${planned.availabilityZone}` },
        dependsOn: [internetGateway],
      });
      defaultRouteTargets.set(planned.availabilityZone, { natGatewayId: gateway.id });
      this.natPublicIps.push(eip.publicIp);
    });

    const privateTier = new Construct(this, "Private");
    this.privateRouteTableIds = [];
    this.privateSubnetIds = props.subnets.private.map((planned) => {
      const subnet = this.subnet(privateTier, props.name, planned, { "kubernetes.io/role/internal-elb": "1" });
      const routeTable = new RouteTable(privateTier, `${planned.availabilityZone}-RouteTable`, {
        vpcId: this.vpc.id,
        tags: { Name: `${props.name}-private-${planned.availabilityZone}` },
      });
      new Route(privateTier, `${planned.availabilityZone}-DefaultRoute`, {
        routeTableId: routeTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        ...defaultRouteTargets.get(natZoneOf(planned.availabilityZone)),
      });
      new RouteTableAssociation(privateTier, `${planned.availabilityZone}-RouteTableAssociation`, { subnetId: subnet.id, routeTableId: routeTable.id });
      this.privateRouteTableIds.push(routeTable.id);
      return subnet.id;
    });

    const isolatedTier = new Construct(this, "Isolated");
    const isolatedRouteTable = new RouteTable(isolatedTier, "RouteTable", { vpcId: this.vpc.id, tags: { Name: `${props.name}-isolated` } });
    this.isolatedRouteTableId = isolatedRouteTable.id;
    const isolatedSubnets = props.subnets.isolated.map((planned) => {
      const subnet = this.subnet(isolatedTier, props.name, planned, {});
      new RouteTableAssociation(isolatedTier, `${planned.availabilityZone}-RouteTable`, { subnetId: subnet.id, routeTableId: isolatedRouteTable.id });
      return subnet;
    });
    this.isolatedSubnetIds = isolatedSubnets.map((subnet) => subnet.id);
    this.isolatedSubnetCidrBlocks = props.subnets.isolated.map((planned) => planned.cidrBlock);

    this.flowLog = new FlowLog(this, "FlowLog", {
      name: props.name,
      vpc: this.vpc,
      logsKey: props.logsKey,
      retentionDays: props.flowLogRetentionDays ?? 365,
    });

    const interfaceEndpoints = props.interfaceEndpoints ?? true;
    const gatewayEndpoints = props.gatewayEndpoints ?? true;
    if (interfaceEndpoints || gatewayEndpoints) {
      this.endpoints = new VpcEndpoints(this, "Endpoints", {
        name: props.name,
        vpcId: this.vpc.id,
        vpcCidrBlock: props.cidrBlock,
        interfaceSubnetIds: interfaceEndpoints ? this.privateSubnetIds : [],
        gatewayRouteTableIds: gatewayEndpoints ? [...this.privateRouteTableIds, this.isolatedRouteTableId] : [],
      });
    }
  }

  private subnet(tier: Construct, name: string, planned: PlannedSubnet, tags: Record<string, string>): Subnet {
    return new Subnet(tier, planned.availabilityZone, {
      vpcId: this.vpc.id,
      cidrBlock: planned.cidrBlock,
      availabilityZone: planned.availabilityZone,
      mapPublicIpOnLaunch: false,
      tags: { Name: `${name}-${planned.tier}-${planned.availabilityZone}`, "openedx:subnet-tier": planned.tier, ...tags },
    });
  }
}

function validateProps(scope: Construct, props: NetworkProps): void {
  if (!parseIpv4Cidr(props.cidrBlock)) {
    throw new ValidationError(`cidrBlock must be an IPv4 CIDR block such as "10.40.0.0/16", got "${props.cidrBlock}"`, scope);
  }
  const counts = [props.subnets.public.length, props.subnets.private.length, props.subnets.isolated.length];
  if (counts.some((count) => count !== counts[0]) || counts[0] < 2) {
    throw new ValidationError(
      `subnets must hold one subnet per tier in each of at least 2 availability zones, got ${counts.join("/")} public/private/isolated subnets`,
      scope,
    );
  }
  if ((props.natProvider ?? "gateway") === "instance" && !props.natInstanceKey) {
    throw new ValidationError('natInstanceKey must be given with natProvider "instance": it encrypts the NAT instances\' root volumes', scope);
  }
  if (!/^[a-zA-Z0-9][a-zA-Z0-9-]{0,47}$/.test(props.name)) {
    throw new ValidationError(`name must be 1-48 letters, digits or hyphens, got "${props.name}"`, scope);
  }
}
