import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import type { EnvironmentZone } from "./environment-zone";
import { hostedZoneIdProblems, recordNameProblems } from "./private/dns-names";

/** The AWS endpoint an alias record answers with. */
export interface AliasTarget {
  /** The endpoint's DNS name, e.g. a distribution's `domainName` (`d111111abcdef8.cloudfront.net`). */
  readonly dnsName: string;
  /**
   * The hosted zone of the endpoint (not of the record): `CLOUDFRONT_HOSTED_ZONE_ID` for
   * CloudFront, the load balancer's `zone_id` for an ALB or NLB.
   */
  readonly hostedZoneId: string;
}

/** Options of {@link EnvironmentZone.addAliasRecord}. */
export interface AliasRecordOptions {
  /** The full name of the record, the zone apex or a name below it, lowercase and without a trailing dot. */
  readonly recordName: string;
  /** The endpoint the record answers with. */
  readonly target: AliasTarget;
  /**
   * Let Route 53 check the health of the target. CloudFront does not support it; a load balancer does.
   * @default false
   */
  readonly evaluateTargetHealth?: boolean;
  /**
   * Also create the AAAA record, for targets that answer over IPv6 (a CloudFront distribution with
   * IPv6 enabled, a dual-stack load balancer).
   * @default true
   */
  readonly ipv6?: boolean;
}

/** Props of an {@link AliasRecord}. */
export interface AliasRecordProps extends AliasRecordOptions {
  /** The zone that holds the record. */
  readonly zone: EnvironmentZone;
}

/**
 * An A and an AAAA alias record for one name, answering with the addresses of an AWS endpoint
 * (CloudFront, a load balancer). Route 53 resolves aliases itself, so unlike a CNAME one can sit
 * at the zone apex, and queries for it are free.
 *
 * Construct ids are API: `A` and `AAAA` (absent when `ipv6` is false).
 *
 * @resource aws_route53_record
 */
export class AliasRecord extends Construct {
  /** The record name as written in the props. @attribute */
  readonly recordName: string;
  /** The A record. */
  readonly ipv4Record: Route53Record;
  /** The AAAA record, unless `ipv6` is false. */
  readonly ipv6Record?: Route53Record;

  constructor(scope: Construct, id: string, props: AliasRecordProps) {
    super(scope, id);
    const { hostedZoneId, dnsName } = props.target;
    const problems = [
      ...recordNameProblems("recordName", props.recordName, props.zone.zoneName),
      ...hostedZoneIdProblems("target.hostedZoneId", hostedZoneId),
    ];
    if (!Token.isUnresolved(dnsName) && dnsName.trim().length === 0) {
      problems.push("target.dnsName must name the endpoint, got an empty string");
    }
    if (problems.length > 0) {
      throw new ValidationError(problems.join("; "), this);
    }

    this.recordName = props.recordName;
    const alias = { name: dnsName, zoneId: hostedZoneId, evaluateTargetHealth: props.evaluateTargetHealth ?? false };
    this.ipv4Record = new Route53Record(this, "A", { zoneId: props.zone.zoneId, name: props.recordName, type: "A", alias });
    if (props.ipv6 ?? true) {
      this.ipv6Record = new Route53Record(this, "AAAA", { zoneId: props.zone.zoneId, name: props.recordName, type: "AAAA", alias });
    }
  }
}
