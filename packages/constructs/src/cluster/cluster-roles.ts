import { Construct } from "constructs";
import { KMS_ENCRYPT_DECRYPT_ACTIONS, KmsKey } from "../encryption/kms-key";
import { PolicyStatement, serviceTrustPolicy } from "../iam/policy-document";
import { ExclusiveRole } from "../iam/private/exclusive-role";
import { IAM_ROLE_NAME_MAX_LENGTH, physicalName } from "../iam/private/physical-name";

const awsManagedPolicy = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/**
 * The AWS-managed policies the cluster role of an EKS Auto Mode cluster needs: the control plane
 * itself, plus the compute, block storage, load balancing and networking capabilities that Auto
 * Mode runs on the customer's behalf.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html
 */
export const AUTO_MODE_CLUSTER_POLICY_ARNS: readonly string[] = [
  "AmazonEKSClusterPolicy",
  "AmazonEKSComputePolicy",
  "AmazonEKSBlockStoragePolicy",
  "AmazonEKSLoadBalancingPolicy",
  "AmazonEKSNetworkingPolicy",
].map(awsManagedPolicy);

/**
 * The AWS-managed policies Auto Mode nodes need: joining the cluster and pulling images. Pod
 * networking is done by Auto Mode with the cluster role, so the node role needs no CNI policy.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-create-node-role.html
 */
export const AUTO_MODE_NODE_POLICY_ARNS: readonly string[] = ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"].map(
  awsManagedPolicy,
);

/**
 * What the cluster role does with the secrets key: envelope-encrypt Kubernetes secrets and create
 * the grant EKS holds on the key. Grants are limited to ones for AWS resources, so the role cannot
 * hand the key to an arbitrary principal.
 */
export function secretsEncryptionStatements(secretsKey: KmsKey): PolicyStatement[] {
  return [
    {
      Sid: "EnvelopeEncryptionOfSecrets",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
      Resource: secretsKey.keyArn,
    },
    {
      Sid: "GrantsForEksOnly",
      Effect: "Allow",
      Action: "kms:CreateGrant",
      Resource: secretsKey.keyArn,
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    },
  ];
}

/**
 * IAM statements the EKS Auto Mode cluster role needs to create, attach and detach EBS volumes
 * encrypted with `key`: use of the key, and grants on it for EBS and EC2 only
 * (`kms:GrantIsForAWSResource`). Auto Mode provisions volumes as the cluster role; without these
 * the claim stays Pending. The key policy of every {@link KmsKey} lets IAM policies grant this.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html
 */
export function autoModeEbsKeyStatements(key: Pick<KmsKey, "keyArn">): PolicyStatement[] {
  return [
    { Sid: "UseEbsVolumeKey", Effect: "Allow", Action: [...KMS_ENCRYPT_DECRYPT_ACTIONS], Resource: key.keyArn },
    {
      Sid: "GrantEbsVolumeKeyToAwsResources",
      Effect: "Allow",
      Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      Resource: key.keyArn,
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    },
  ];
}

/**
 * The role the EKS control plane (and Auto Mode on its behalf) assumes. `sts:TagSession` is part
 * of the trust because Auto Mode tags its sessions with the cluster name, which the managed
 * policies use to confine it to the cluster's own resources.
 */
export function autoModeClusterRole(scope: Construct, id: string, clusterName: string, secretsKey: KmsKey, blockStorageKey?: KmsKey): ExclusiveRole {
  return new ExclusiveRole(scope, id, {
    roleName: physicalName([clusterName, "eks-cluster"], IAM_ROLE_NAME_MAX_LENGTH),
    description: `EKS Auto Mode control plane of ${clusterName}`,
    assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
    managedPolicyArns: AUTO_MODE_CLUSTER_POLICY_ARNS,
    inlinePolicies: {
      "secrets-envelope-encryption": secretsEncryptionStatements(secretsKey),
      ...(blockStorageKey ? { "block-storage-encryption": autoModeEbsKeyStatements(blockStorageKey) } : {}),
    },
  });
}

/** The role of the EC2 instances Auto Mode launches. */
export function autoModeNodeRole(scope: Construct, id: string, clusterName: string): ExclusiveRole {
  return new ExclusiveRole(scope, id, {
    roleName: physicalName([clusterName, "eks-node"], IAM_ROLE_NAME_MAX_LENGTH),
    description: `EKS Auto Mode nodes of ${clusterName}`,
    assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com", ["sts:AssumeRole"]),
    managedPolicyArns: AUTO_MODE_NODE_POLICY_ARNS,
    inlinePolicies: {},
  });
}
