import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { PolicyStatement } from "../iam/policy-document";
import { AccessLogDelivery } from "./private/access-log-delivery";
import { certificateArnProblems, cloudFrontRegionProblems } from "./private/cloudfront-region";
import {
  distributionNameProblems,
  distributionOptionProblems,
  MANAGED_CACHE_POLICY,
  MANAGED_ORIGIN_REQUEST_POLICY,
  MANAGED_RESPONSE_HEADERS_POLICY,
  VIEWER_SECURITY_POLICY,
} from "./private/distribution-props";
import { describeDnsName, HOST_NAME, isDnsName } from "./private/dns-names";
import { CloudFrontPriceClass } from "./site-distribution";
import { CloudFrontWebAcl } from "./web-acl";

/** The service principal CloudFront signs origin requests as, with Origin Access Control. */
export const CLOUDFRONT_SERVICE_PRINCIPAL = "cloudfront.amazonaws.com";

/** The id of the one origin of a {@link MediaDistribution}: the media bucket. */
export const MEDIA_ORIGIN_ID = "media-bucket";

/** Props of a {@link MediaDistribution}. */
export interface MediaDistributionProps {
  /**
   * Name of the distribution's own named resources, 1-48 letters, digits or hyphens starting with a
   * letter, e.g. `openedx-production-media`: the origin access control, the access-log delivery
   * (`<name>-access-logs`) and log group (`/aws/vendedlogs/cloudfront/<name>`).
   */
  readonly name: string;
  /** The name viewers use, e.g. `media.courses.example.edu`, covered by the certificate. */
  readonly hostName: string;
  /** ARN of the ACM certificate in us-east-1 that covers `hostName`. */
  readonly certificateArn: string;
  /**
   * The media bucket's regional endpoint, `<bucket>.s3.<region>.amazonaws.com`. A name rather than
   * the bucket: the bucket belongs to a stack that deploys after the edge stack and grants this
   * distribution read access with {@link MediaDistribution.bucketPolicyStatement}.
   */
  readonly bucketRegionalDomainName: string;
  /** The CLOUDFRONT-scope web ACL in front of the distribution. */
  readonly webAcl: CloudFrontWebAcl;
  /** The AWS provider for us-east-1, where CloudFront's access-log delivery and its log group live. */
  readonly provider: AwsProvider;
  /**
   * Key of the access-log group, in us-east-1 (created with `provider`); its key policy must let
   * CloudWatch Logs of us-east-1 use it.
   */
  readonly logsKey: KmsKey;
  /**
   * Key prefixes of the objects the distribution may read, e.g. `["profile-images/"]`.
   * The bucket also holds files that must stay private (grade reports, ORA2 submissions, course
   * exports), which anyone could fetch through the distribution by their key: list only what is
   * meant to be public.
   * @default - every object of the bucket
   */
  readonly objectKeyPrefixes?: readonly string[];
  /**
   * The edge locations that serve the distribution.
   * @default "PriceClass_100" (North America, Europe and Israel)
   */
  readonly priceClass?: CloudFrontPriceClass;
  /**
   * Retention of the access-log group, in days; one of the periods CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * The CloudFront distribution of Open edX media (`media.<domain>`) over the private media bucket,
 * which CloudFront reads through Origin Access Control: every origin request signed with SigV4 as
 * `cloudfront.amazonaws.com`, admitted by a bucket-policy statement bound to this distribution's
 * ARN ({@link bucketPolicyStatement}). No origin access identity, no public bucket.
 *
 * - Viewers: HTTPS only (HTTP is redirected), TLS 1.2+ (`TLSv1.2_2021`) with SNI, HTTP/2 and HTTP/3,
 *   IPv4 and IPv6, the WAF attached.
 * - GET, HEAD and OPTIONS only; cached with the managed `CachingOptimized` policy (no cookie, header
 *   or query string in the key; a day unless S3's metadata says otherwise), the `Origin` and CORS
 *   request headers forwarded to S3 (`CORS-S3Origin`), and CORS answered at the edge with
 *   `Access-Control-Allow-Origin: *` (`CORS-With-Preflight`), so a cached answer for one page's
 *   origin never breaks another's transcript, PDF or font fetch. Compressed.
 * - Access logs: standard logging v2 into an encrypted us-east-1 log group, without cookies.
 * - The bucket is SSE-KMS: its key's policy must let CloudFront decrypt
 *   ({@link MediaDistribution.encryptionKeyPolicyStatement}).
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the distribution),
 * `OriginAccessControl`, `AccessLogs` (its `LogGroup`, `DeliveryPolicy`, `Source`, `Destination`
 * and `Resource`, the delivery).
 *
 * @resource aws_cloudfront_distribution
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
 */
export class MediaDistribution extends Construct {
  /**
   * The key-policy statement that lets CloudFront decrypt objects of an SSE-KMS bucket on behalf of
   * the distributions of `accountId`, for the storage key's policy. It names the account's
   * distributions rather than this one: the keys stack deploys before the edge stack, so its key
   * policy cannot reference a distribution (the bucket policy still admits only this one).
   */
  static encryptionKeyPolicyStatement(accountId: string): PolicyStatement {
    return {
      Sid: "AllowCloudFrontDistributionsOfThisAccountToDecrypt",
      Effect: "Allow",
      Principal: { Service: CLOUDFRONT_SERVICE_PRINCIPAL },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:aws:cloudfront::${accountId}:distribution/*` },
      },
    };
  }

  /** The distribution id, for `aws cloudfront create-invalidation` when media objects change. @attribute */
  readonly distributionId: string;
  /** The distribution ARN, the `AWS:SourceArn` the media bucket's policy admits (see {@link MediaDistribution.bucketPolicyStatement}). @attribute */
  readonly distributionArn: string;
  /** The `*.cloudfront.net` name that alias records point at. @attribute */
  readonly domainName: string;
  /** The Route 53 zone of CloudFront's names, for alias records. @attribute */
  readonly hostedZoneId: string;
  /** The Origin Access Control with which CloudFront signs its S3 requests (SigV4), so the bucket stays private. @attribute */
  readonly originAccessControlId: string;
  /** The access-log group in us-east-1. @attribute */
  readonly accessLogGroupName: string;
  /** The distribution resource. */
  readonly resource: CloudfrontDistribution;

  private readonly objectKeyPrefixes: readonly string[] | undefined;

  constructor(scope: Construct, id: string, props: MediaDistributionProps) {
    super(scope, id);
    validateProps(this, props);
    this.objectKeyPrefixes = props.objectKeyPrefixes;

    const originAccessControl = new CloudfrontOriginAccessControl(this, "OriginAccessControl", {
      name: props.name,
      description: `Signed reads of ${props.hostName} from the media bucket`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });

    this.resource = new CloudfrontDistribution(this, "Resource", {
      enabled: true,
      comment: `Open edX ${props.name}`,
      aliases: [props.hostName],
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass ?? "PriceClass_100",
      webAclId: props.webAcl.webAclArn,
      viewerCertificate: {
        acmCertificateArn: props.certificateArn,
        minimumProtocolVersion: VIEWER_SECURITY_POLICY,
        sslSupportMethod: "sni-only",
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      origin: [
        {
          originId: MEDIA_ORIGIN_ID,
          domainName: props.bucketRegionalDomainName,
          originAccessControlId: originAccessControl.id,
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: MEDIA_ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD", "OPTIONS"],
        cachePolicyId: MANAGED_CACHE_POLICY.CachingOptimized,
        originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY["CORS-S3Origin"],
        responseHeadersPolicyId: MANAGED_RESPONSE_HEADERS_POLICY["CORS-With-Preflight"],
        compress: true,
      },
      retainOnDelete: false,
      waitForDeployment: false,
    });

    const accessLogs = new AccessLogDelivery(this, "AccessLogs", {
      name: props.name,
      distributionArn: this.resource.arn,
      logsKey: props.logsKey,
      provider: props.provider,
      retentionDays: props.logRetentionDays ?? 365,
    });

    this.distributionId = this.resource.id;
    this.distributionArn = this.resource.arn;
    this.domainName = this.resource.domainName;
    this.hostedZoneId = this.resource.hostedZoneId;
    this.originAccessControlId = originAccessControl.id;
    this.accessLogGroupName = accessLogs.logGroup.logGroupName;
  }

  /**
   * The bucket-policy statement that lets this distribution, and no other, read the media objects
   * (`s3:GetObject` only, so a missing key answers 403 rather than revealing what exists), for the
   * media bucket's policy in the stack that owns it.
   */
  bucketPolicyStatement(bucketArn: string): PolicyStatement {
    const prefixes = this.objectKeyPrefixes ?? [""];
    const resources = prefixes.map((prefix) => `${bucketArn}/${prefix}*`);
    return {
      Sid: "AllowMediaDistributionToRead",
      Effect: "Allow",
      Principal: { Service: CLOUDFRONT_SERVICE_PRINCIPAL },
      Action: "s3:GetObject",
      Resource: resources.length === 1 ? resources[0] : resources,
      Condition: { StringEquals: { "AWS:SourceArn": this.distributionArn } },
    };
  }
}

const BUCKET_REGIONAL_DOMAIN_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\.s3\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com$/;
const KEY_PREFIX = /^[A-Za-z0-9!_.'()-][A-Za-z0-9!_.'()/-]*\/$/;

function validateProps(scope: Construct, props: MediaDistributionProps): void {
  const problems: string[] = [...distributionNameProblems(props.name)];
  if (!Token.isUnresolved(props.hostName) && !isDnsName(props.hostName, HOST_NAME)) {
    problems.push(`hostName must be ${describeDnsName(HOST_NAME, "media.courses.example.edu")}, got "${props.hostName}"`);
  }
  problems.push(...certificateArnProblems(props.certificateArn));
  if (!Token.isUnresolved(props.bucketRegionalDomainName) && !BUCKET_REGIONAL_DOMAIN_NAME.test(props.bucketRegionalDomainName)) {
    problems.push(
      `bucketRegionalDomainName must be a bucket's regional S3 endpoint, <bucket>.s3.<region>.amazonaws.com (not the website or the global endpoint), got "${props.bucketRegionalDomainName}"`,
    );
  }
  const prefixes = props.objectKeyPrefixes;
  if (prefixes !== undefined) {
    if (prefixes.length === 0) {
      problems.push("objectKeyPrefixes must list at least one key prefix, or be left out to serve the whole bucket");
    }
    for (const prefix of prefixes) {
      if (!Token.isUnresolved(prefix) && !KEY_PREFIX.test(prefix)) {
        problems.push(`objectKeyPrefixes must hold key prefixes ending in "/", without a leading "/" or a wildcard (e.g. "profile-images/"), got "${prefix}"`);
      }
    }
  }
  problems.push(...distributionOptionProblems(props.priceClass ?? "PriceClass_100", props.logRetentionDays ?? 365));
  problems.push(...cloudFrontRegionProblems(props.provider, props.logsKey));
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}
