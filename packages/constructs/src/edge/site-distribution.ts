import { CloudfrontCachePolicy } from "@cdktf/provider-aws/lib/cloudfront-cache-policy";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";
import { OriginVerification } from "./origin-verification";
import { AccessLogDelivery } from "./private/access-log-delivery";
import { certificateArnProblems, cloudFrontRegionProblems } from "./private/cloudfront-region";
import {
  distributionNameProblems,
  distributionOptionProblems,
  MANAGED_CACHE_POLICY,
  MANAGED_ORIGIN_REQUEST_POLICY,
  VIEWER_SECURITY_POLICY,
} from "./private/distribution-props";
import { describeDnsName, HOST_NAME, isDnsName } from "./private/dns-names";
import { CloudFrontWebAcl } from "./web-acl";

/** A CloudFront price class: which edge locations serve the distribution. */
export type CloudFrontPriceClass = "PriceClass_100" | "PriceClass_200" | "PriceClass_All";

/** Every method Open edX receives: forms and APIs POST, PUT, PATCH and DELETE. */
export const SITE_ALLOWED_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"] as const;

/**
 * The paths whose responses may be cached, at the origin's say: the LMS and Studio collected static
 * files (`/static/…`, Studio's under `/static/studio/…`) and the MFE bundles, which the MFE image
 * serves under `/<app>/static/…`.
 */
export const DEFAULT_STATIC_PATH_PATTERNS = ["/static/*", "/*/static/*"] as const;

/** The id of the one origin of a {@link SiteDistribution}: the cluster's ingress. */
export const SITE_ORIGIN_ID = "openedx-ingress";

/** Props of a {@link SiteDistribution}. */
export interface SiteDistributionProps {
  /**
   * Name of the distribution's own named resources, 1-48 letters, digits or hyphens starting with a
   * letter, e.g. `openedx-production-site`: the static-assets cache policy (`<name>-static-assets`),
   * the access-log delivery (`<name>-access-logs`) and log group (`/aws/vendedlogs/cloudfront/<name>`).
   */
  readonly name: string;
  /**
   * The names viewers use, which become the distribution's aliases: the LMS (`courses.example.edu`),
   * Studio (`studio.…`), the MFEs (`apps.…`) and Meilisearch (`meilisearch.…`). Lowercase host
   * names, no wildcards, each covered by the certificate.
   */
  readonly hostNames: readonly string[];
  /**
   * ARN of the ACM certificate in us-east-1 that covers every host name (CloudFront takes
   * certificates from us-east-1 only).
   */
  readonly certificateArn: string;
  /**
   * The host CloudFront connects to over HTTPS, e.g. `origin.courses.example.edu`: a record pointing
   * at the ingress load balancer, whose certificate must cover it. CloudFront forwards the viewer's
   * `Host`, so the ingress routes by the LMS, Studio, MFE and Meilisearch names.
   */
  readonly originHostName: string;
  /** The secret header CloudFront adds to every origin request, for the ingress to check. */
  readonly originVerification: OriginVerification;
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
   * Seconds CloudFront waits for the origin's response (and between its packets), 1 to 180: Studio
   * imports, exports and uploads run long. Above 60 needs a CloudFront quota increase.
   * @default 60
   */
  readonly originReadTimeoutSeconds?: number;
  /**
   * Seconds CloudFront keeps an idle connection to the origin open for reuse, 1 to 180 (above 60
   * needs a quota increase). Keep it below the load balancer's idle timeout (60 s on an ALB), or
   * CloudFront may send a request on a connection the load balancer is closing.
   * @default 30
   */
  readonly originKeepaliveTimeoutSeconds?: number;
  /**
   * Path patterns cached by the origin's `Cache-Control` (see {@link DEFAULT_STATIC_PATH_PATTERNS}),
   * in order, at most 25. Only GET, HEAD and OPTIONS are allowed on them.
   * @default - {@link DEFAULT_STATIC_PATH_PATTERNS}: the LMS and Studio static files and the MFE bundles
   */
  readonly staticPathPatterns?: readonly string[];
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
 * The CloudFront distribution learners, course teams and the MFEs reach Open edX through: the LMS,
 * Studio, MFE and Meilisearch host names, in front of the cluster's ingress at one origin host, with
 * the WAF attached.
 *
 * - Viewers: HTTPS only (HTTP is redirected), TLS 1.2+ (`TLSv1.2_2021`) with SNI, HTTP/2 and HTTP/3,
 *   IPv4 and IPv6, no geographic restriction.
 * - Origin: HTTPS only with TLS 1.2, the origin-verification header on every request, a read
 *   timeout for Studio's long requests.
 * - Default behaviour: every method, nothing cached (managed `CachingDisabled`), everything the
 *   viewer sent forwarded (managed `AllViewer`: `Host`, cookies, query strings, every header, which
 *   Django's sessions and CSRF check need), compressed.
 * - Static behaviours (`staticPathPatterns`): GET, HEAD and OPTIONS only, cached for as long as the
 *   origin's `Cache-Control` says and not at all without it, keyed by `Host`, `Origin` and the query
 *   string but no cookie. The managed `UseOriginCacheControlHeaders-QueryStrings` policy would key
 *   static files by every cookie too, so each signed-in learner would get their own copy.
 * - Access logs: standard logging v2 into an encrypted us-east-1 log group, without cookies.
 * - `retain_on_delete` is false (a destroy deletes the distribution) and `wait_for_deployment` is
 *   false: a change takes minutes to reach every edge location, and nothing in the stack needs to
 *   wait for it.
 *
 * Construct ids are API (changing one replaces the resource): `Resource` (the distribution),
 * `StaticAssetsCachePolicy`, `AccessLogs` (its `LogGroup`, `DeliveryPolicy`, `Source`,
 * `Destination` and `Resource`, the delivery).
 *
 * @resource aws_cloudfront_distribution
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
 */
export class SiteDistribution extends Construct {
  /** The distribution id, for `aws cloudfront create-invalidation` after a deploy (output `site_distribution_id`). @attribute */
  readonly distributionId: string;
  /** The distribution ARN, for `AWS:SourceArn` conditions in policies that admit only this distribution. @attribute */
  readonly distributionArn: string;
  /** The `*.cloudfront.net` name that alias records point at. @attribute */
  readonly domainName: string;
  /** The Route 53 zone of CloudFront's names, for alias records. @attribute */
  readonly hostedZoneId: string;
  /** The access-log group in us-east-1. @attribute */
  readonly accessLogGroupName: string;
  /** The distribution resource. */
  readonly resource: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: SiteDistributionProps) {
    super(scope, id);
    validateProps(this, props);
    const staticPathPatterns = props.staticPathPatterns ?? DEFAULT_STATIC_PATH_PATTERNS;

    const staticAssets = new CloudfrontCachePolicy(this, "StaticAssetsCachePolicy", {
      name: `${props.name}-static-assets`,
      comment: "Open edX static files: cached as the origin's Cache-Control says, keyed by host, origin and query string",
      minTtl: 0,
      // Without Cache-Control nothing is cached: the origin opts files in.
      defaultTtl: 0,
      maxTtl: 31_536_000,
      parametersInCacheKeyAndForwardedToOrigin: {
        // Host routes the request to the LMS, Studio or MFE at the ingress; Origin selects the CORS
        // answer of fonts and scripts loaded from another Open edX host.
        headersConfig: { headerBehavior: "whitelist", headers: { items: ["Host", "Origin"] } },
        cookiesConfig: { cookieBehavior: "none" },
        queryStringsConfig: { queryStringBehavior: "all" },
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      },
    });

    this.resource = new CloudfrontDistribution(this, "Resource", {
      enabled: true,
      comment: `Open edX ${props.name}`,
      aliases: [...props.hostNames],
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
          originId: SITE_ORIGIN_ID,
          domainName: props.originHostName,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
            originReadTimeout: props.originReadTimeoutSeconds ?? 60,
            originKeepaliveTimeout: props.originKeepaliveTimeoutSeconds ?? 30,
          },
          customHeader: [{ name: props.originVerification.headerName, value: props.originVerification.headerValue }],
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: SITE_ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: [...SITE_ALLOWED_METHODS],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: MANAGED_CACHE_POLICY.CachingDisabled,
        originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.AllViewer,
        compress: true,
      },
      orderedCacheBehavior: staticPathPatterns.map((pathPattern) => ({
        pathPattern,
        targetOriginId: SITE_ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: staticAssets.id,
        compress: true,
      })),
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
    this.accessLogGroupName = accessLogs.logGroup.logGroupName;
  }
}

/** CloudFront's limit on the aliases of one distribution. */
const MAX_ALIASES = 100;
/** CloudFront's limit on the cache behaviours of one distribution. */
const MAX_CACHE_BEHAVIORS = 25;
const PATH_PATTERN = /^[A-Za-z0-9_\-.*$/~"'@:+&]{1,255}$/;

function validateProps(scope: Construct, props: SiteDistributionProps): void {
  const problems: string[] = [...distributionNameProblems(props.name)];
  if (props.hostNames.length === 0 || props.hostNames.length > MAX_ALIASES) {
    problems.push(`hostNames must list 1-${MAX_ALIASES} host names (the LMS, Studio, MFE and Meilisearch hosts), got ${props.hostNames.length}`);
  }
  const seen = new Set<string>();
  for (const hostName of props.hostNames) {
    if (Token.isUnresolved(hostName)) {
      continue;
    }
    if (!isDnsName(hostName, HOST_NAME)) {
      problems.push(`hostNames must hold host names, each ${describeDnsName(HOST_NAME)}, got "${hostName}"`);
    } else if (seen.has(hostName)) {
      problems.push(`hostNames must not repeat a name, got "${hostName}" twice`);
    }
    seen.add(hostName);
  }
  if (!Token.isUnresolved(props.originHostName) && !isDnsName(props.originHostName, HOST_NAME)) {
    problems.push(`originHostName must be ${describeDnsName(HOST_NAME, "origin.courses.example.edu")}, got "${props.originHostName}"`);
  } else if (seen.has(props.originHostName)) {
    problems.push(`originHostName must differ from the viewer host names, or CloudFront would be its own origin, got "${props.originHostName}"`);
  }
  problems.push(...certificateArnProblems(props.certificateArn));
  problems.push(...timeoutProblems("originReadTimeoutSeconds", props.originReadTimeoutSeconds));
  problems.push(...timeoutProblems("originKeepaliveTimeoutSeconds", props.originKeepaliveTimeoutSeconds));
  problems.push(...pathPatternProblems(props.staticPathPatterns));
  problems.push(...distributionOptionProblems(props.priceClass ?? "PriceClass_100", props.logRetentionDays ?? 365));
  problems.push(...cloudFrontRegionProblems(props.provider, props.logsKey));
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}

function timeoutProblems(label: string, seconds: number | undefined): string[] {
  if (seconds === undefined || Token.isUnresolved(seconds) || (Number.isInteger(seconds) && seconds >= 1 && seconds <= 180)) {
    return [];
  }
  return [`${label} must be a whole number of seconds from 1 to 180, got ${seconds}`];
}

function pathPatternProblems(patterns: readonly string[] | undefined): string[] {
  if (patterns === undefined) {
    return [];
  }
  const problems: string[] = [];
  if (patterns.length > MAX_CACHE_BEHAVIORS) {
    problems.push(`staticPathPatterns must list at most ${MAX_CACHE_BEHAVIORS} patterns (CloudFront's cache behaviours per distribution), got ${patterns.length}`);
  }
  const seen = new Set<string>();
  for (const pattern of patterns) {
    if (Token.isUnresolved(pattern)) {
      continue;
    }
    if (!PATH_PATTERN.test(pattern) || pattern === "*") {
      problems.push(
        `staticPathPatterns must hold CloudFront path patterns of 1-255 letters, digits and _ - . * $ / ~ " ' @ : + &, other than "*" (the default behaviour), got "${pattern}"`,
      );
    } else if (seen.has(pattern)) {
      problems.push(`staticPathPatterns must not repeat a pattern, got "${pattern}" twice`);
    }
    seen.add(pattern);
  }
  return problems;
}
