import { PolicyPack } from "../policy-pack";
import { logGroupEncrypted, logGroupRetentionSet } from "../rules/cloudwatch";
import { securityGroupNoWorldIngress, vpcFlowLogsEnabled } from "../rules/ec2";
import { eksClusterControlPlaneLogs, eksClusterEndpointNotWorldOpen, eksClusterSecretsEncrypted } from "../rules/eks";
import { kmsKeyRotationEnabled } from "../rules/kms";
import { s3BucketKmsEncrypted, s3BucketOwnerEnforced, s3BucketPublicAccessBlocked, s3BucketTlsOnly, s3BucketVersioned } from "../rules/s3";

/**
 * The production guardrails of openedx-infra on AWS, checked at synth by every environment stack
 * and the bootstrap stack.
 *
 * Rule ids are `OpenedxAws-<SERVICE><n>`: an upper-case service code and a number counting from 1
 * within that service (`OpenedxAws-EKS1`, `OpenedxAws-EKS2`). When the service code ends in a digit
 * a hyphen separates the number (`OpenedxAws-S3-1`). Ids are API: users cite them in suppressions,
 * so a rule keeps its id for life and a removed rule's id is never reused.
 */
export const OPENEDX_AWS_PACK: PolicyPack = {
  name: "OpenedxAws",
  rules: [
    {
      id: "OpenedxAws-VPC1",
      level: "error",
      cause: "the VPC has no flow log that captures ALL traffic",
      explanation:
        "flow logs are the only record of which addresses talked to what inside the VPC, needed to investigate an incident; add an aws_flow_log with vpc_id set to this VPC's id and traffic_type ALL (the network FlowLog construct does this)",
      check: vpcFlowLogsEnabled,
    },
    {
      id: "OpenedxAws-SG1",
      level: "error",
      cause: "the security group allows ingress from the whole internet (a /0 CIDR)",
      explanation:
        "anything reachable from 0.0.0.0/0 or ::/0 is scanned and attacked within minutes; allow only the CIDRs or security groups that need access, and suppress the finding (e.g. OpenedxAws-SG1[tcp/443 from 0.0.0.0/0]) only on a deliberately public load balancer",
      check: securityGroupNoWorldIngress,
    },
    {
      id: "OpenedxAws-EKS1",
      level: "error",
      cause: "the EKS cluster does not encrypt Kubernetes secrets with a KMS key",
      explanation:
        "without a customer-managed key, Secrets (database passwords, OAuth keys) are encrypted in etcd only with an AWS-owned key that cannot be audited or revoked; set encryption_config with resources [\"secrets\"] and provider.key_arn of a customer-managed key",
      check: eksClusterSecretsEncrypted,
    },
    {
      id: "OpenedxAws-EKS2",
      level: "error",
      cause: "the EKS cluster does not send every control-plane log type to CloudWatch",
      explanation:
        "the api, audit and authenticator logs record who did what to the cluster, and controllerManager and scheduler explain failed scheduling; enable all five in enabled_cluster_log_types",
      check: eksClusterControlPlaneLogs,
    },
    {
      id: "OpenedxAws-EKS3",
      level: "error",
      cause: "the EKS API endpoint is reachable from the whole internet",
      explanation:
        "a world-open Kubernetes API is one stolen credential or one API-server vulnerability away from a cluster takeover; set vpc_config.endpoint_public_access to false, or list the allowed CIDRs in public_access_cidrs (AWS defaults both to open)",
      check: eksClusterEndpointNotWorldOpen,
    },
    {
      id: "OpenedxAws-KMS1",
      level: "error",
      cause: "the KMS key does not rotate its key material",
      explanation:
        "yearly rotation limits how much data one key version protects, at no cost to callers; set enable_key_rotation to true (the encryption KmsKey construct does this)",
      check: kmsKeyRotationEnabled,
    },
    {
      id: "OpenedxAws-LOG1",
      level: "error",
      cause: "the CloudWatch log group is not encrypted with a KMS key",
      explanation:
        "logs carry user data and request details; encrypting them with a customer-managed key (kms_key_id) lets access to the logs be granted, audited and revoked through the key policy",
      check: logGroupEncrypted,
    },
    {
      id: "OpenedxAws-LOG2",
      level: "error",
      cause: "the CloudWatch log group keeps its logs forever",
      explanation:
        "logs without retention grow in cost without bound and keep personal data longer than needed; set retention_in_days to a value other than 0",
      check: logGroupRetentionSet,
    },
    {
      id: "OpenedxAws-S3-1",
      level: "error",
      cause: "the S3 bucket does not block all public access",
      explanation:
        "one permissive ACL or bucket policy would otherwise publish the bucket; add an aws_s3_bucket_public_access_block on this bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true",
      check: s3BucketPublicAccessBlocked,
    },
    {
      id: "OpenedxAws-S3-2",
      level: "error",
      cause: "the S3 bucket is not encrypted by default with a KMS key",
      explanation:
        "with SSE-KMS and a customer-managed key, reading an object also requires kms:Decrypt on the key, which is granted, audited and revocable; add an aws_s3_bucket_server_side_encryption_configuration on this bucket with sse_algorithm aws:kms (or aws:kms:dsse) and kms_master_key_id",
      check: s3BucketKmsEncrypted,
    },
    {
      id: "OpenedxAws-S3-3",
      level: "error",
      cause: "the S3 bucket policy does not deny requests made without TLS",
      explanation:
        "without the deny, requests and the object data they carry may travel unencrypted over plain HTTP; add an aws_s3_bucket_policy, written as literal JSON, that denies s3:* to principal * on the bucket and bucket/* when aws:SecureTransport is false",
      check: s3BucketTlsOnly,
    },
    {
      id: "OpenedxAws-S3-4",
      level: "error",
      cause: "the S3 bucket is not versioned",
      explanation:
        "versioning is what lets an overwritten or deleted object (a Terraform state, a course export) be restored; add an aws_s3_bucket_versioning on this bucket with status Enabled, and a lifecycle rule to expire old versions",
      check: s3BucketVersioned,
    },
    {
      id: "OpenedxAws-S3-5",
      level: "error",
      cause: "the S3 bucket does not enforce bucket-owner object ownership",
      explanation:
        "with ACLs enabled, objects written by another account stay owned by it and escape the bucket policy; add an aws_s3_bucket_ownership_controls on this bucket with object_ownership BucketOwnerEnforced, which disables ACLs",
      check: s3BucketOwnerEnforced,
    },
  ],
};
