import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";

/** Props of a {@link ServiceSecurityGroup}. */
export interface ServiceSecurityGroupProps {
  /** Group name, e.g. `openedx-production-mysql`. */
  readonly name: string;
  /** What the group protects, shown in the console. */
  readonly description: string;
  /** The VPC the group belongs to: the one the service and its clients run in. */
  readonly vpcId: string;
  /** The TCP port of the service. */
  readonly port: number;
  /**
   * Security groups whose members may connect, e.g. the EKS cluster security group that Auto Mode
   * nodes and pods use. At least one.
   */
  readonly clientSecurityGroupIds: readonly string[];
}

/**
 * The security group of a data service: ingress on the service's port from the client security
 * groups only, and no egress rule at all (a database never opens connections; Terraform removes
 * the allow-all egress rule AWS adds to a new group).
 *
 * @resource aws_security_group
 */
export class ServiceSecurityGroup extends Construct {
  /** The group's id, to attach to the service's ENIs (`vpc_security_group_ids`). @attribute */
  readonly securityGroupId: string;
  /** The port clients connect to. */
  readonly port: number;

  constructor(scope: Construct, id: string, props: ServiceSecurityGroupProps) {
    super(scope, id);
    if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) {
      throw new ValidationError(`port must be a TCP port from 1 to 65535, got ${props.port}`, this);
    }
    if (props.clientSecurityGroupIds.length === 0) {
      throw new ValidationError("clientSecurityGroupIds must name at least one security group allowed to connect", this);
    }
    const group = new SecurityGroup(this, "Resource", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    this.securityGroupId = group.id;
    this.port = props.port;
    props.clientSecurityGroupIds.forEach((clientId, index) => {
      new VpcSecurityGroupIngressRule(this, `FromClient${index}`, {
        securityGroupId: group.id,
        description: `${props.description}: clients on ${props.port}`,
        ipProtocol: "tcp",
        fromPort: props.port,
        toPort: props.port,
        referencedSecurityGroupId: clientId,
      });
    });
  }
}
