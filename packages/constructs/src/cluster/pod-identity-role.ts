import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { PolicyStatement, serviceTrustPolicy } from "../iam/policy-document";
import { AwsStack } from "../stack/aws-stack";
import type { AutoModeCluster } from "./auto-mode-cluster";
import { ExclusiveRole } from "../iam/private/exclusive-role";
import { IAM_ROLE_NAME_MAX_LENGTH, physicalName } from "../iam/private/physical-name";

/** What a pod needs to get AWS credentials: its service account and what it may do. */
export interface PodIdentityRoleOptions {
  /** Kubernetes namespace of the service account, a DNS-1123 label (e.g. `openedx`). */
  readonly namespace: string;
  /** Name of the Kubernetes service account, a DNS-1123 label (e.g. `lms`). */
  readonly serviceAccount: string;
  /**
   * What pods running as the service account may do, as the role's inline policy. More can be
   * added with {@link PodIdentityRole.addToPolicy}.
   */
  readonly policyStatements: readonly PolicyStatement[];
}

/** Props of a {@link PodIdentityRole}. */
export interface PodIdentityRoleProps extends PodIdentityRoleOptions {
  /** The cluster whose pods assume the role. */
  readonly cluster: AutoModeCluster;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity, and the association
 * that hands its credentials to the account's pods (the Pod Identity agent runs on every Auto
 * Mode node).
 *
 * The trust policy admits only the Pod Identity service of this account, and only for the session
 * tags EKS sets for this cluster, namespace and service account, so a second association made
 * elsewhere for the same role cannot use it. The role's policies are owned exclusively by this
 * construct: anything attached outside it is removed on the next apply.
 *
 * The role is named `<cluster>-<namespace>-<serviceAccount>` (shortened with a hash past 64
 * characters).
 *
 * @resource aws_eks_pod_identity_association
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export class PodIdentityRole extends Construct {
  /** The role ARN, for stack outputs such as `openedx_role_arn`; pods never need it, as Pod Identity hands them its credentials. @attribute */
  readonly roleArn: string;
  /** The role name, `<cluster>-<namespace>-<serviceAccount>`; attach nothing to it elsewhere: the role's policies are exclusive. @attribute */
  readonly roleName: string;
  /** The association of the role with the service account. */
  readonly association: EksPodIdentityAssociation;

  private readonly statements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const problems: string[] = [];
    for (const field of ["namespace", "serviceAccount"] as const) {
      if (!DNS_1123_LABEL.test(props[field])) {
        problems.push(
          `${field} must be a Kubernetes DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "${props[field]}"`,
        );
      }
    }
    if (props.policyStatements.length === 0) {
      problems.push("policyStatements must hold at least one statement: IAM rejects an empty inline policy");
    }
    if (problems.length > 0) {
      throw new ValidationError(problems.join("; "), this);
    }

    const stack = AwsStack.of(this);
    const cluster = props.cluster;
    this.statements = [...props.policyStatements];
    const role = new ExclusiveRole(this, "Role", {
      roleName: physicalName([cluster._physicalName, props.namespace, props.serviceAccount], IAM_ROLE_NAME_MAX_LENGTH),
      description: `EKS Pod Identity of ${props.namespace}/${props.serviceAccount} on ${cluster._physicalName}`,
      assumeRolePolicy: serviceTrustPolicy("pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"], {
        StringEquals: {
          "aws:SourceAccount": stack.accountId,
          "aws:RequestTag/eks-cluster-name": cluster._physicalName,
          "aws:RequestTag/kubernetes-namespace": props.namespace,
          "aws:RequestTag/kubernetes-service-account": props.serviceAccount,
        },
      }),
      managedPolicyArns: [],
      inlinePolicies: { "pod-permissions": this.statements },
    });
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
    this.association = new EksPodIdentityAssociation(this, "Resource", {
      clusterName: cluster.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: role.roleArn,
      // The agent hands out credentials as soon as the association exists; the permissions must
      // already be there.
      dependsOn: role.policies,
    });
  }

  /** Adds a statement to the role's inline policy. */
  addToPolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }
}
