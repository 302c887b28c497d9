import { Network } from "../network/network";
import { EnvironmentStack, EnvironmentStackProps } from "../stack/environment-stack";
import { OpenedxApp } from "../stack/openedx-app";
import { KeysStack } from "./keys-stack";

/** Props of a {@link NetworkStack}. */
export interface NetworkStackProps extends EnvironmentStackProps {
  /** The environment's keys; the logs key encrypts the flow logs, the storage key NAT instances' volumes. */
  readonly keys: KeysStack;
}

/** The environment's VPC, subnets, NAT gateways or instances, flow logs and endpoints, sized by the environment. */
export class NetworkStack extends EnvironmentStack {
  /**
   * The VPC and its subnets: the cluster uses the private subnets, the data services the isolated
   * ones, and the ingress controller's security group the VPC.
   */
  readonly network: Network;

  constructor(scope: OpenedxApp, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const environment = this.environment;
    this.network = new Network(this, "network", {
      name: `openedx-${environment.name}`,
      cidrBlock: environment.vpcCidr,
      subnets: environment.subnets,
      logsKey: props.keys.keys.logs,
      natGateways: environment.sizing.natGateways,
      natProvider: environment.sizing.natProvider,
      natInstanceKey: props.keys.keys.storage,
      flowLogRetentionDays: environment.logRetentionDays,
      interfaceEndpoints: environment.sizing.interfaceEndpoints,
    });
    this.addOutputs({
      vpc_id: { value: this.network.vpcId, description: "The VPC" },
      public_subnet_ids: { value: this.network.publicSubnetIds, description: "Public subnets, one per AZ" },
      private_subnet_ids: { value: this.network.privateSubnetIds, description: "Private (workload) subnets, one per AZ" },
      isolated_subnet_ids: { value: this.network.isolatedSubnetIds, description: "Isolated (data) subnets, one per AZ" },
      nat_public_ips: { value: this.network.natPublicIps, description: "Egress addresses of the environment" },
    });
  }
}
