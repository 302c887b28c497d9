import { PolicyPack } from "../policy-pack";
import { acmCertificateDnsValidated } from "../rules/acm";
import { backupPlanRetentionSet, backupSelectionNotEmpty, backupVaultEncrypted } from "../rules/backup";
import {
  cloudfrontAccessLogging,
  cloudfrontOriginTls,
  cloudfrontS3OriginAccessControl,
  cloudfrontViewerHttps,
  cloudfrontViewerTls,
  cloudfrontWafAttached,
} from "../rules/cloudfront";
import { logGroupEncrypted, logGroupRetentionSet } from "../rules/cloudwatch";
import { docdbAuditLogs, docdbBackupRetention, docdbManagedMasterPassword, docdbStorageEncrypted, docdbTlsEnabled } from "../rules/docdb";
import {
  instanceImdsv2Required,
  instanceNoIngress,
  instanceNoKeyPair,
  instanceNoPublicIp,
  instanceVolumesEncrypted,
  securityGroupNoWorldIngress,
  vpcFlowLogsEnabled,
} from "../rules/ec2";
import { ecrImmutableTags, ecrKmsEncrypted, ecrScanOnPush } from "../rules/ecr";
import { eksClusterControlPlaneLogs, eksClusterEndpointNotWorldOpen, eksClusterSecretsEncrypted } from "../rules/eks";
import {
  elasticacheAtRestEncrypted,
  elasticacheAuthRequired,
  elasticacheLogDelivery,
  elasticacheSnapshotRetention,
  elasticacheTransitEncrypted,
} from "../rules/elasticache";
import { kmsKeyRotationEnabled } from "../rules/kms";
import {
  opensearchEncryptedAtRest,
  opensearchFineGrainedAccessControl,
  opensearchHttpsEnforced,
  opensearchInVpc,
  opensearchLogPublishing,
  opensearchNodeToNodeEncrypted,
} from "../rules/opensearch";
import {
  rdsBackupRetention,
  rdsLogExports,
  rdsManagedMasterPassword,
  rdsNotPubliclyAccessible,
  rdsPerformanceInsightsEncrypted,
  rdsStorageEncrypted,
  rdsTlsRequired,
} from "../rules/rds";
import { s3BucketKmsEncrypted, s3BucketOwnerEnforced, s3BucketPublicAccessBlocked, s3BucketTlsOnly, s3BucketVersioned } from "../rules/s3";
import { snsTopicEncrypted } from "../rules/sns";
import { wafv2WebAclLog4jProtection, wafv2WebAclLogging, wafv2WebAclManagedRuleGroups, wafv2WebAclRateLimit } from "../rules/wafv2";

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
    {
      id: "OpenedxAws-RDS1",
      level: "error",
      cause: "the RDS database does not encrypt its storage with a customer-managed KMS key",
      explanation:
        "storage, snapshots and backups hold every learner record; set storage_encrypted to true and kms_key_id to a customer-managed key, whose policy can be audited and revoked (encryption cannot be added to an existing database without a restore)",
      check: rdsStorageEncrypted,
    },
    {
      id: "OpenedxAws-RDS2",
      level: "error",
      cause: "the RDS database instance is publicly accessible",
      explanation:
        "a public instance gets an address reachable from the internet, one security-group mistake away from exposure; set publicly_accessible to false and reach it from inside the VPC",
      check: rdsNotPubliclyAccessible,
    },
    {
      id: "OpenedxAws-RDS3",
      level: "error",
      cause: "the RDS database keeps automated backups for fewer than 7 days",
      explanation:
        "point-in-time recovery reaches back only as far as the backup retention; set backup_retention_period to at least 7 (AWS defaults to 1)",
      check: rdsBackupRetention,
    },
    {
      id: "OpenedxAws-RDS4",
      level: "error",
      cause: "the MySQL database does not export every required log type to CloudWatch Logs",
      explanation:
        "the error and slow query logs explain outages and slow pages, and Aurora's audit log records who changed what; add the missing types to enabled_cloudwatch_logs_exports, and pre-create their encrypted log groups",
      check: rdsLogExports,
    },
    {
      id: "OpenedxAws-RDS5",
      level: "error",
      cause: "the RDS master password is not managed by RDS in Secrets Manager",
      explanation:
        "a password written into the configuration sits in plaintext in the synthesized JSON and the state, and is never rotated; set manage_master_user_password to true and remove password / master_password, then read the secret from Secrets Manager",
      check: rdsManagedMasterPassword,
    },
    {
      id: "OpenedxAws-RDS6",
      level: "error",
      cause: "the RDS database instance does not run Performance Insights encrypted with a customer-managed key",
      explanation:
        "during an incident, Performance Insights shows which queries load the database, and it stores query text; set performance_insights_enabled to true and performance_insights_kms_key_id to a customer-managed key (suppress with a reason on instance classes that do not support it)",
      check: rdsPerformanceInsightsEncrypted,
    },
    {
      id: "OpenedxAws-RDS7",
      level: "error",
      cause: "the MySQL database does not require TLS from its clients",
      explanation:
        "without require_secure_transport, clients may send passwords and learner data in plaintext across the VPC; give the database a parameter group in the same stack (aws_db_parameter_group, or aws_rds_cluster_parameter_group for a cluster) that sets require_secure_transport to ON",
      check: rdsTlsRequired,
    },
    {
      id: "OpenedxAws-DOCDB1",
      level: "error",
      cause: "the DocumentDB cluster does not encrypt its storage with a customer-managed KMS key",
      explanation:
        "the cluster volume and its snapshots hold course content; set storage_encrypted to true (DocumentDB defaults to false) and kms_key_id to a customer-managed key",
      check: docdbStorageEncrypted,
    },
    {
      id: "OpenedxAws-DOCDB2",
      level: "error",
      cause: "the DocumentDB cluster keeps automated backups for fewer than 7 days",
      explanation:
        "point-in-time recovery reaches back only as far as the backup retention; set backup_retention_period to at least 7 (AWS defaults to 1)",
      check: docdbBackupRetention,
    },
    {
      id: "OpenedxAws-DOCDB3",
      level: "error",
      cause: "the DocumentDB cluster does not record an audit log in CloudWatch Logs",
      explanation:
        "the audit log records authentication and schema changes; add audit to enabled_cloudwatch_logs_exports and give the cluster a parameter group in the same stack that sets audit_logs to enabled (the default group disables it)",
      check: docdbAuditLogs,
    },
    {
      id: "OpenedxAws-DOCDB4",
      level: "error",
      cause: "the DocumentDB cluster parameter group disables TLS",
      explanation:
        "with tls disabled, clients may send credentials and course content in plaintext; remove the tls parameter from the cluster parameter group or set it to enabled",
      check: docdbTlsEnabled,
    },
    {
      id: "OpenedxAws-DOCDB5",
      level: "error",
      cause: "the DocumentDB master password is not managed in Secrets Manager",
      explanation:
        "a password written into the configuration sits in plaintext in the synthesized JSON and the state, and is never rotated; set manage_master_user_password to true and remove master_password",
      check: docdbManagedMasterPassword,
    },
    {
      id: "OpenedxAws-EC1",
      level: "error",
      cause: "the ElastiCache replication group does not encrypt data at rest with a customer-managed KMS key",
      explanation:
        "snapshots and swapped data hold sessions and queued tasks; set at_rest_encryption_enabled to true and kms_key_id to a customer-managed key (both can only be set when the group is created)",
      check: elasticacheAtRestEncrypted,
    },
    {
      id: "OpenedxAws-EC2",
      level: "error",
      cause: "the ElastiCache replication group accepts connections without TLS",
      explanation:
        "without in-transit encryption the auth token and session data cross the VPC in plaintext; set transit_encryption_enabled to true and transit_encryption_mode to required (or leave it unset)",
      check: elasticacheTransitEncrypted,
    },
    {
      id: "OpenedxAws-EC3",
      level: "error",
      cause: "the ElastiCache replication group does not require authentication with a secret kept out of the configuration",
      explanation:
        "anyone who can reach the port could read sessions and inject tasks; set auth_token to a reference to a generated secret (never a literal, which sits in plaintext in the synthesized JSON) or use RBAC user_group_ids",
      check: elasticacheAuthRequired,
    },
    {
      id: "OpenedxAws-EC4",
      level: "error",
      cause: "the ElastiCache replication group keeps no snapshots",
      explanation:
        "without snapshots a failed node group loses every queued task and cached session at once; set snapshot_retention_limit to at least 1 (AWS defaults to 0)",
      check: elasticacheSnapshotRetention,
    },
    {
      id: "OpenedxAws-EC5",
      level: "error",
      cause: "the ElastiCache replication group does not deliver its engine and slow logs",
      explanation:
        "the engine log explains failovers and evictions and the slow log shows blocking commands; add a log_delivery_configuration for each of engine-log and slow-log to an encrypted CloudWatch log group",
      check: elasticacheLogDelivery,
    },
    {
      id: "OpenedxAws-OS1",
      level: "error",
      cause: "the OpenSearch domain does not encrypt data at rest with a customer-managed KMS key",
      explanation:
        "indices, snapshots and swap hold course and learner content; set encrypt_at_rest.enabled to true and encrypt_at_rest.kms_key_id to a customer-managed key",
      check: opensearchEncryptedAtRest,
    },
    {
      id: "OpenedxAws-OS2",
      level: "error",
      cause: "the OpenSearch domain does not encrypt traffic between its nodes",
      explanation:
        "shard replication and queries between nodes otherwise cross the VPC in plaintext; set node_to_node_encryption.enabled to true (required by fine-grained access control)",
      check: opensearchNodeToNodeEncrypted,
    },
    {
      id: "OpenedxAws-OS3",
      level: "error",
      cause: "the OpenSearch domain does not enforce HTTPS with TLS 1.2 or later",
      explanation:
        "plain HTTP or TLS 1.0 exposes requests and their credentials; set domain_endpoint_options.enforce_https to true and tls_security_policy to a Policy-Min-TLS-1-2 policy",
      check: opensearchHttpsEnforced,
    },
    {
      id: "OpenedxAws-OS4",
      level: "error",
      cause: "the OpenSearch domain does not use fine-grained access control with IAM users only",
      explanation:
        "without fine-grained access control any principal the access policy lets in reads every index, and internal users are passwords kept outside IAM; set advanced_security_options.enabled to true, internal_user_database_enabled to false and anonymous_auth_enabled to false, with an IAM master user",
      check: opensearchFineGrainedAccessControl,
    },
    {
      id: "OpenedxAws-OS5",
      level: "error",
      cause: "the OpenSearch domain is not in a VPC",
      explanation:
        "a domain without vpc_options gets a public endpoint, protected only by its access policy; set vpc_options with the isolated subnets and a security group (this cannot be changed after creation)",
      check: opensearchInVpc,
    },
    {
      id: "OpenedxAws-OS6",
      level: "error",
      cause: "the OpenSearch domain does not publish every log type to CloudWatch Logs",
      explanation:
        "application logs explain red clusters, audit logs record access to indices and slow logs show costly queries; add a log_publishing_options block for each of ES_APPLICATION_LOGS, AUDIT_LOGS, INDEX_SLOW_LOGS and SEARCH_SLOW_LOGS, to encrypted log groups whose resource policy lets OpenSearch write",
      check: opensearchLogPublishing,
    },
    {
      id: "OpenedxAws-SNS1",
      level: "error",
      cause: "the SNS topic is not encrypted with a KMS key",
      explanation:
        "alert messages name resources and their failures; set kms_master_key_id to a customer-managed key whose policy lets the publishing services (CloudWatch alarms, AWS Backup) use it",
      check: snsTopicEncrypted,
    },
    {
      id: "OpenedxAws-CF1",
      level: "error",
      cause: "the CloudFront distribution does not serve viewers with an ACM certificate, TLS 1.2 or later and SNI",
      explanation:
        "the default *.cloudfront.net certificate forces the TLSv1 security policy, and older policies accept TLS 1.0/1.1 and weak ciphers; set viewer_certificate.acm_certificate_arn to a certificate issued in us-east-1, minimum_protocol_version to TLSv1.2_2021 or newer (TLSv1.2_2025, TLSv1.3_2025) and ssl_support_method to sni-only",
      check: cloudfrontViewerTls,
    },
    {
      id: "OpenedxAws-CF2",
      level: "error",
      cause: "a CloudFront cache behaviour accepts viewers over plain HTTP",
      explanation:
        "with allow-all, logins, session cookies and course content can cross the network unencrypted; set viewer_protocol_policy to redirect-to-https (or https-only) on the default and every ordered cache behaviour",
      check: cloudfrontViewerHttps,
    },
    {
      id: "OpenedxAws-CF3",
      level: "error",
      cause: "a CloudFront custom origin is not reached over HTTPS with TLS 1.2 only",
      explanation:
        "requests CloudFront forwards carry cookies and credentials to the origin across the internet; set custom_origin_config.origin_protocol_policy to https-only and origin_ssl_protocols to [\"TLSv1.2\"], and serve a certificate valid for the origin host on the load balancer",
      check: cloudfrontOriginTls,
    },
    {
      id: "OpenedxAws-CF4",
      level: "error",
      cause: "the CloudFront distribution has no WAF web ACL attached",
      explanation:
        "without a web ACL, exploit payloads, credential stuffing and request floods reach the platform unfiltered; set web_acl_id to the ARN of a CLOUDFRONT-scope aws_wafv2_web_acl created in us-east-1",
      check: cloudfrontWafAttached,
    },
    {
      id: "OpenedxAws-CF5",
      level: "error",
      cause: "the CloudFront distribution does not log its requests",
      explanation:
        "access logs are the only record of who requested what at the edge, needed to investigate abuse; add an aws_cloudwatch_log_delivery_source in us-east-1 whose resource_arn is the distribution's arn, with an aws_cloudwatch_log_delivery to a destination, or set logging_config with a bucket",
      check: cloudfrontAccessLogging,
    },
    {
      id: "OpenedxAws-CF6",
      level: "error",
      cause: "a CloudFront S3 origin does not use Origin Access Control",
      explanation:
        "without Origin Access Control the bucket must be readable by a legacy origin access identity, which cannot sign requests to SSE-KMS objects, or by everyone; set origin_access_control_id to an aws_cloudfront_origin_access_control of origin type s3, leave s3_origin_config.origin_access_identity empty, and allow only cloudfront.amazonaws.com with aws:SourceArn of the distribution in the bucket policy",
      check: cloudfrontS3OriginAccessControl,
    },
    {
      id: "OpenedxAws-WAF1",
      level: "error",
      cause: "the WAF web ACL does not log to a destination named aws-waf-logs-*",
      explanation:
        "the logs show which requests WAF blocked and why, needed to tune rules and investigate attacks; add an aws_wafv2_web_acl_logging_configuration whose resource_arn is the web ACL's arn, logging to an encrypted log group (in the web ACL's region) whose name starts with aws-waf-logs-, which WAF requires",
      check: wafv2WebAclLogging,
    },
    {
      id: "OpenedxAws-WAF2",
      level: "error",
      cause: "the WAF web ACL does not enforce the AWS managed common and known-bad-inputs rule groups",
      explanation:
        "these groups block the common web exploits (cross-site scripting, path traversal, oversized bodies) and known exploit payloads such as Log4Shell, and AWS keeps them current; add a rule with managed_rule_group_statement vendor_name AWS for each of AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet, with override_action none (count only records)",
      check: wafv2WebAclManagedRuleGroups,
    },
    {
      id: "OpenedxAws-WAF3",
      level: "error",
      cause: "the WAF web ACL overrides a Log4j rule of the known-bad-inputs rule group",
      explanation:
        "the Log4JRCE rules block Log4Shell remote code execution payloads, still widely scanned for; remove the rule_action_override entries naming Log4JRCE_* rules, and scope out a false positive with a scope_down_statement or a label-matching rule instead",
      check: wafv2WebAclLog4jProtection,
    },
    {
      id: "OpenedxAws-WAF4",
      level: "error",
      cause: "the WAF web ACL has no rate-based rule that limits clients",
      explanation:
        "without a rate limit one client can flood the login, registration and search endpoints and exhaust the platform; add a rule with a rate_based_statement (aggregate_key_type IP) and action block, captcha or challenge",
      check: wafv2WebAclRateLimit,
    },
    {
      id: "OpenedxAws-ACM1",
      level: "error",
      cause: "the ACM certificate is not DNS-validated or not created before its replacement is destroyed",
      explanation:
        "a DNS-validated certificate is renewed by ACM unattended as long as its validation records stay, while an e-mail-validated one expires unless someone answers the renewal mail; set validation_method to DNS, keep the validation records in Route 53, and set lifecycle.create_before_destroy so a replaced certificate is detached from CloudFront before it is deleted",
      check: acmCertificateDnsValidated,
    },
    {
      id: "OpenedxAws-ECR1",
      level: "error",
      cause: "the ECR repository lets tags be overwritten",
      explanation:
        "with mutable tags a push can silently replace the image a tag names, so what runs is not what was scanned and reviewed; set image_tag_mutability to IMMUTABLE and publish every build under a new tag",
      check: ecrImmutableTags,
    },
    {
      id: "OpenedxAws-ECR2",
      level: "error",
      cause: "the ECR repository does not scan images when they are pushed",
      explanation:
        "scanning on push reports known vulnerabilities in an image before it is deployed; set image_scanning_configuration.scan_on_push to true, or add to the registry scanning configuration a SCAN_ON_PUSH or CONTINUOUS_SCAN rule whose filter matches the repository",
      check: ecrScanOnPush,
    },
    {
      id: "OpenedxAws-ECR3",
      level: "error",
      cause: "the ECR repository is not encrypted with a customer-managed KMS key",
      explanation:
        "images hold application code and sometimes baked-in configuration; set encryption_configuration with encryption_type KMS and kms_key to a customer-managed key, whose policy can be audited and revoked (this can only be set when the repository is created)",
      check: ecrKmsEncrypted,
    },
    {
      id: "OpenedxAws-BASTION1",
      level: "error",
      cause: "the EC2 instance or launch template gets a public IP address",
      explanation:
        "a public address makes the instance reachable from the internet, one security-group mistake away from exposure; place it in a private subnet, set associate_public_ip_address to false, attach no Elastic IP, and reach it through SSM Session Manager",
      check: instanceNoPublicIp,
    },
    {
      id: "OpenedxAws-BASTION2",
      level: "error",
      cause: "the EC2 instance or launch template installs an SSH key pair",
      explanation:
        "a shared SSH key cannot be tied to a person, is rarely rotated and outlives the people who had it; remove key_name and connect through SSM Session Manager, which authenticates with IAM and records each session",
      check: instanceNoKeyPair,
    },
    {
      id: "OpenedxAws-BASTION3",
      level: "error",
      cause: "the EC2 instance or launch template does not require IMDSv2",
      explanation:
        "the IMDSv1 metadata service answers any request that reaches it, so one server-side request forgery leaks the instance role's credentials; set metadata_options.http_tokens to required (and http_put_response_hop_limit to 1 unless containers need the metadata service)",
      check: instanceImdsv2Required,
    },
    {
      id: "OpenedxAws-BASTION4",
      level: "error",
      cause: "an EBS volume of the EC2 instance or launch template is not encrypted",
      explanation:
        "volumes and their snapshots keep shell histories, credentials and data copied to the host; set encrypted to true on root_block_device and every ebs_block_device (every block_device_mappings ebs of a launch template), with kms_key_id a customer-managed key",
      check: instanceVolumesEncrypted,
    },
    {
      id: "OpenedxAws-BASTION5",
      level: "error",
      cause: "a security group of the EC2 instance admits inbound traffic",
      explanation:
        "an instance reached through SSM Session Manager needs no inbound port, and any open port is an entry point; remove the ingress blocks and ingress rule resources of its security groups, keep only the egress it needs, and never leave it in the VPC's default security group",
      check: instanceNoIngress,
    },
    {
      id: "OpenedxAws-BACKUP1",
      level: "error",
      cause: "the AWS Backup vault is not encrypted with a customer-managed KMS key",
      explanation:
        "recovery points are full copies of the databases and buckets; with a customer-managed key (kms_key_arn), whose policy is audited and can be revoked, restoring or copying them also requires kms:Decrypt on that key; set kms_key_arn to the environment's backup key, not the alias/aws/backup AWS managed key (this can only be set when the vault is created)",
      check: backupVaultEncrypted,
    },
    {
      id: "OpenedxAws-BACKUP2",
      level: "error",
      cause: "a rule of the AWS Backup plan keeps its recovery points forever",
      explanation:
        "without lifecycle.delete_after, recovery points pile up in cost without bound and keep learners' personal data past any retention promise; set lifecycle.delete_after on every rule (the finding names the rule_name), deliberately and long enough for the restores the rule serves",
      check: backupPlanRetentionSet,
    },
    {
      id: "OpenedxAws-BACKUP3",
      level: "error",
      cause: "the AWS Backup selection does not name what it backs up",
      explanation:
        "a selection with no resources, selection_tag or including condition makes AWS Backup select every supported resource of the account, far more than intended and at a cost; select by tag (selection_tag, or condition.string_equals on aws:ResourceTag/backup) or list resources",
      check: backupSelectionNotEmpty,
    },
  ],
};
