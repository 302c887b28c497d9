import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { AwsStack } from "../stack/aws-stack";

/** Services reached through interface endpoints: what EKS Auto Mode nodes and Open edX pods call most. */
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "sts", "logs", "secretsmanager", "eks-auth"] as const;

/** Props of {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  /** Name prefix of the endpoint security group. */
  readonly name: string;
  /** The VPC the endpoints and their security group are created in. */
  readonly vpcId: string;
  /** The VPC block: the only source allowed to reach the interface endpoints. */
  readonly vpcCidrBlock: string;
  /** Subnets of the interface endpoints; empty creates none. */
  readonly interfaceSubnetIds: readonly string[];
  /** Route tables of the S3 gateway endpoint; empty creates none. */
  readonly gatewayRouteTableIds: readonly string[];
}

/**
 * The S3 gateway endpoint and the interface endpoints of {@link INTERFACE_ENDPOINT_SERVICES}, with
 * private DNS so clients need no configuration, behind a security group that admits HTTPS from the
 * VPC only.
 *
 * @resource aws_vpc_endpoint
 */
export class VpcEndpoints extends Construct {
  /** The endpoints' security group, when interface endpoints exist. */
  readonly securityGroupId?: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const region = AwsStack.of(this).region;
    if (props.gatewayRouteTableIds.length > 0) {
      new VpcEndpoint(this, "s3", {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: [...props.gatewayRouteTableIds],
        tags: { Name: `${props.name}-s3` },
      });
    }
    if (props.interfaceSubnetIds.length === 0) return;
    const securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.name}-vpc-endpoints`,
      description: "HTTPS from the VPC to the AWS interface endpoints",
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, "HttpsFromVpc", {
      securityGroupId: securityGroup.id,
      description: "HTTPS from the VPC",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidrBlock,
    });
    this.securityGroupId = securityGroup.id;
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: "Interface",
        subnetIds: [...props.interfaceSubnetIds],
        securityGroupIds: [securityGroup.id],
        privateDnsEnabled: true,
        tags: { Name: `${props.name}-${service}` },
      });
    }
  }
}
