import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { environmentBucketRegionalDomainName, resourcePrefix } from "../config/resource-names";
import { DnsValidatedCertificate } from "../edge/dns-validated-certificate";
import { EnvironmentZone } from "../edge/environment-zone";
import { MediaDistribution } from "../edge/media-distribution";
import { OriginVerification } from "../edge/origin-verification";
import { SiteDistribution } from "../edge/site-distribution";
import { CloudFrontWebAcl } from "../edge/web-acl";
import { EmailDomain } from "../email/email-domain";
import { KMS_ENCRYPT_DECRYPT_ACTIONS, KmsKey } from "../encryption/kms-key";
import { ImageRepository } from "../registry/image-repository";
import { EnvironmentStack, EnvironmentStackProps } from "../stack/environment-stack";
import { OpenedxApp } from "../stack/openedx-app";
import { KeysStack } from "./keys-stack";

/** Props of an {@link EdgeStack}. */
export interface EdgeStackProps extends EnvironmentStackProps {
  /**
   * The environment's keys: `clusterSecrets` encrypts the origin-verification and SMTP secrets Open
   * edX pods read, `storage` the ECR repository. The us-east-1 logs get a key of this stack, as KMS
   * keys are regional.
   */
  readonly keys: KeysStack;
}

/**
 * What stands between learners and the cluster: the environment's hosted zone, TLS certificates
 * (us-east-1 for CloudFront, the environment's region for the ingress load balancer), the WAF, the
 * site distribution for the LMS, Studio, MFE and Meilisearch hosts, the media CDN, SES e-mail and
 * the ECR repository of the Open edX image.
 *
 * CloudFront reaches the cluster through `origin.<domain>`, which the in-cluster platform points
 * at the ingress load balancer, so this stack needs nothing from the cluster at plan time. The
 * media CDN serves only the `media/` prefix of the media bucket (public media; grade reports and
 * submissions elsewhere in the bucket stay private), which the data stack grants it.
 */
export class EdgeStack extends EnvironmentStack {
  /** The AWS provider for us-east-1, where CloudFront's certificate, WAF and logs must live. */
  readonly usEast1: AwsProvider;
  /**
   * The hosted zone of the environment's domain: cert-manager answers DNS-01 challenges in it and
   * the platform adds the `origin.<domain>` record to it.
   */
  readonly zone: EnvironmentZone;
  /** The ACM certificate of `<domain>` and `*.<domain>` in the environment's region, served by the ingress load balancer. */
  readonly regionalCertificate: DnsValidatedCertificate;
  /** The same names' ACM certificate in us-east-1, where CloudFront requires it. */
  readonly cloudFrontCertificate: DnsValidatedCertificate;
  /** The WAF web ACL (managed rules and a per-IP rate limit) in front of both distributions. */
  readonly webAcl: CloudFrontWebAcl;
  /**
   * The secret header CloudFront adds to every origin request; the platform's ingresses reject
   * requests without it, so the origin cannot be reached around the WAF.
   */
  readonly originVerification: OriginVerification;
  /** The CloudFront distribution of the LMS, Studio, MFE and Meilisearch hosts, whose origin is `origin.<domain>`. */
  readonly site: SiteDistribution;
  /** The media CDN at `media.<domain>`; the data stack grants it read on the media bucket's `media/` prefix. */
  readonly media: MediaDistribution;
  /**
   * The SES identity of the domain and its SMTP credentials (Tutor `SMTP_HOST`, `SMTP_PORT`); Open
   * edX's Pod Identity role may send from it.
   */
  readonly email: EmailDomain;
  /** The ECR repository of the environment's custom Open edX image, which CI pushes and nodes pull. */
  readonly registry: ImageRepository;

  constructor(scope: OpenedxApp, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const environment = this.environment;
    const hosts = environment.hosts;
    const prefix = resourcePrefix(environment);
    const keys = props.keys.keys;

    this.usEast1 = new AwsProvider(this, "us-east-1", {
      alias: "us_east_1",
      region: "us-east-1",
      allowedAccountIds: [environment.accountId],
      defaultTags: this.provider.defaultTags,
    });
    // KMS keys are regional: the WAF and CloudFront log groups in us-east-1 need a key there.
    const edgeLogsKey = new KmsKey(this, "edge-logs-key", {
      aliasName: `openedx/${environment.name}/edge-logs`,
      description: `Open edX ${environment.name}: WAF and CloudFront logs in us-east-1`,
      provider: this.usEast1,
      preventDestroy: this.isProduction,
    });
    edgeLogsKey.addToKeyPolicy({
      Sid: "AllowCloudWatchLogsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "logs.us-east-1.amazonaws.com" },
      Action: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${environment.accountId}:log-group:*` } },
    });

    this.zone = new EnvironmentZone(this, "zone", {
      domainName: environment.domain,
      parentHostedZoneId: environment.edge.parentHostedZoneId,
      delegateFromParent: environment.edge.delegateFromParentZone,
      preventDestroy: this.isProduction,
    });
    const names = { domainName: environment.domain, subjectAlternativeNames: [`*.${environment.domain}`], zone: this.zone };
    this.regionalCertificate = new DnsValidatedCertificate(this, "regional-certificate", names);
    this.cloudFrontCertificate = new DnsValidatedCertificate(this, "cloudfront-certificate", { ...names, provider: this.usEast1 });

    this.webAcl = new CloudFrontWebAcl(this, "waf", {
      name: prefix,
      provider: this.usEast1,
      logsKey: edgeLogsKey,
      requestsPerFiveMinutesPerIp: environment.edge.wafRequestsPerFiveMinutesPerIp,
      logRetentionDays: environment.logRetentionDays,
    });
    this.originVerification = new OriginVerification(this, "origin-verification", {
      secretName: `${prefix}/origin-verification`,
      encryptionKey: keys.clusterSecrets,
    });
    const distributionDefaults = {
      certificateArn: this.cloudFrontCertificate.certificateArn,
      webAcl: this.webAcl,
      provider: this.usEast1,
      logsKey: edgeLogsKey,
      logRetentionDays: environment.logRetentionDays,
    };
    const siteHosts = [hosts.lms, hosts.studio, hosts.mfe, hosts.meilisearch];
    this.site = new SiteDistribution(this, "site", {
      ...distributionDefaults,
      name: `${prefix}-site`,
      hostNames: siteHosts,
      originHostName: hosts.origin,
      originVerification: this.originVerification,
    });
    this.media = new MediaDistribution(this, "media-cdn", {
      ...distributionDefaults,
      name: `${prefix}-media`,
      hostName: hosts.media,
      bucketRegionalDomainName: environmentBucketRegionalDomainName(environment, "media"),
      objectKeyPrefixes: ["media/"],
    });
    const site = { dnsName: this.site.domainName, hostedZoneId: this.site.hostedZoneId };
    for (const [key, host] of [["lms", hosts.lms], ["studio", hosts.studio], ["mfe", hosts.mfe], ["meilisearch", hosts.meilisearch]] as const) {
      this.zone.addAliasRecord(key, { recordName: host, target: site });
    }
    this.zone.addAliasRecord("media", { recordName: hosts.media, target: { dnsName: this.media.domainName, hostedZoneId: this.media.hostedZoneId } });

    this.email = new EmailDomain(this, "email", {
      name: prefix,
      zoneId: this.zone.zoneId,
      zoneName: this.zone.zoneName,
      encryptionKey: keys.clusterSecrets,
    });
    this.registry = new ImageRepository(this, "registry", {
      repositoryName: `openedx/${environment.name}/openedx`,
      encryptionKey: keys.storage,
      preventDestroy: this.isProduction,
    });

    this.addOutputs({
      hosted_zone_id: { value: this.zone.zoneId, description: "Route53 zone of the environment's domain" },
      name_servers: { value: this.zone.nameServers, description: "Name servers to delegate the domain to from its parent zone" },
      lms_host: { value: hosts.lms, description: "LMS host (Tutor LMS_HOST)" },
      studio_host: { value: hosts.studio, description: "Studio host (Tutor CMS_HOST)" },
      mfe_host: { value: hosts.mfe, description: "MFE host (Tutor MFE_HOST)" },
      meilisearch_host: { value: hosts.meilisearch, description: "Meilisearch public host (Tutor MEILISEARCH_HOST)" },
      media_host: { value: hosts.media, description: "Media CDN host" },
      origin_host: { value: hosts.origin, description: "Host CloudFront reaches the ingress load balancer through" },
      regional_certificate_arn: { value: this.regionalCertificate.certificateArn, description: "ACM certificate for the ingress load balancer" },
      site_distribution_id: { value: this.site.distributionId, description: "CloudFront distribution of the LMS, Studio, MFE and Meilisearch hosts" },
      media_distribution_id: { value: this.media.distributionId, description: "CloudFront distribution of the media CDN" },
      media_distribution_arn: { value: this.media.distributionArn, description: "ARN of the media CDN, granted read on the media/ prefix by the data stack" },
      origin_verify_header_name: { value: this.originVerification.headerName, description: "Header CloudFront adds to every origin request" },
      origin_verify_secret_arn: { value: this.originVerification.secretArn, description: "Secret holding the header's value, which the ingress checks" },
      smtp_host: { value: this.email.smtpHost, description: "SES SMTP endpoint (Tutor SMTP_HOST)" },
      smtp_port: { value: String(this.email.smtpPort), description: "SES SMTP port with STARTTLS (Tutor SMTP_PORT)" },
      smtp_secret_arn: { value: this.email.smtpSecretArn, description: "Secret holding the SES SMTP username and password" },
      ecr_repository_url: { value: this.registry.repositoryUrl, description: "ECR repository of the custom Open edX image" },
      web_acl_arn: { value: this.webAcl.webAclArn, description: "WAF web ACL in front of both distributions" },
    });
  }
}
