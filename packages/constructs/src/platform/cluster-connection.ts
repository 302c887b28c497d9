import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { AWS_REGIONS } from "../config/aws-regions";
import { ValidationError } from "../config/validation-error";

/** The client authentication API `aws eks get-token` answers with. */
export const EKS_EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

/** Props of a {@link ClusterConnection}. */
export interface ClusterConnectionProps {
  /** Name of the EKS cluster to connect to, as created by the cluster stack. */
  readonly clusterName: string;
  /** Region of the cluster, passed to `aws eks get-token`. */
  readonly region: string;
  /**
   * IAM role `aws eks get-token` assumes to sign the token, e.g. the deploy role that holds a
   * cluster-admin access entry, when the credentials Terraform runs with are not that role.
   * @default - the token is signed with whatever credentials Terraform runs with
   */
  readonly roleArn?: string;
}

/**
 * The Kubernetes and Helm providers of a stack that manages resources inside an EKS cluster.
 *
 * The cluster is read by name with `data.aws_eks_cluster` (this stack needs the cluster to exist
 * anyway, and the kubernetes provider docs advise against configuring it from a resource created in
 * the same apply). Both providers authenticate with `aws eks get-token` on every run rather than a
 * token from `data.aws_eks_cluster_auth`, which expires after 15 minutes and would break long
 * applies; the `aws` CLI must therefore be on the PATH of whatever runs Terraform.
 *
 * Construct ids are API: `Cluster` (the data source), `Kubernetes` and `Helm` (the providers).
 *
 * @resource data.aws_eks_cluster
 */
export class ClusterConnection extends Construct {
  /** The cluster name, read from the data source. @attribute */
  readonly clusterName: string;
  /** The Kubernetes API server URL. @attribute */
  readonly clusterEndpoint: string;
  /** The default `kubernetes` provider of the stack. */
  readonly kubernetesProvider: KubernetesProvider;
  /** The default `helm` provider of the stack. */
  readonly helmProvider: HelmProvider;
  /** The cluster data source. */
  readonly cluster: DataAwsEksCluster;

  constructor(scope: Construct, id: string, props: ClusterConnectionProps) {
    super(scope, id);
    validateProps(this, props);

    this.cluster = new DataAwsEksCluster(this, "Cluster", { name: props.clusterName });

    const host = this.cluster.endpoint;
    const clusterCaCertificate = Fn.base64decode(this.cluster.certificateAuthority.get(0).data);
    const exec = {
      apiVersion: EKS_EXEC_API_VERSION,
      command: "aws",
      args: [
        "eks", "get-token",
        "--cluster-name", props.clusterName,
        "--region", props.region,
        ...(props.roleArn !== undefined ? ["--role-arn", props.roleArn] : []),
      ],
    };

    // kubernetes provider 2.x keeps `exec` a block list; helm 3.x made it a single object.
    this.kubernetesProvider = new KubernetesProvider(this, "Kubernetes", { host, clusterCaCertificate, exec: [exec] });
    this.helmProvider = new HelmProvider(this, "Helm", { kubernetes: { host, clusterCaCertificate, exec } });

    this.clusterName = this.cluster.name;
    this.clusterEndpoint = host;
  }
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, props: ClusterConnectionProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.clusterName) && !CLUSTER_NAME.test(props.clusterName)) {
    problems.push(`clusterName must be 1-100 letters, digits, "-" or "_", starting with a letter or digit, got "${props.clusterName}"`);
  }
  if (!Token.isUnresolved(props.region) && !(AWS_REGIONS as readonly string[]).includes(props.region)) {
    problems.push(`region must be a commercial AWS region such as "eu-west-1", got "${props.region}"`);
  }
  if (props.roleArn !== undefined && !Token.isUnresolved(props.roleArn) && !ROLE_ARN.test(props.roleArn)) {
    problems.push(`roleArn must be an IAM role ARN "arn:aws:iam::<12-digit account>:role/[<path>/]<name>", got "${props.roleArn}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}
