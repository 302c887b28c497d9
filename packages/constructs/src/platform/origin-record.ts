import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { DataKubernetesServiceV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-service-v1";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { hostedZoneIdProblems, recordNameProblems } from "../edge/private/dns-names";
import { AwsStack } from "../stack/aws-stack";
import type { NginxIngressController } from "./nginx-ingress-controller";

/**
 * The canonical hosted zone of Network Load Balancers per region, for Route 53 alias records. From
 * the AWS provider's `aws_lb_hosted_zone_id` table (which follows the "Elastic Load Balancing
 * endpoints" page of the AWS General Reference). Regions the table lacks (ap-east-2,
 * ap-southeast-4 to -7, ca-west-1, il-central-1, mx-central-1) are left out rather than guessed.
 */
export const NLB_HOSTED_ZONE_IDS: Readonly<Record<string, string>> = {
  "af-south-1": "Z203XCE67M25HM",
  "ap-east-1": "Z12Y7K3UBGUAD1",
  "ap-northeast-1": "Z31USIVHYNEOWT",
  "ap-northeast-2": "ZIBE1TIR4HY56",
  "ap-northeast-3": "Z1GWIQ4HH19I5X",
  "ap-south-1": "ZVDDRBQ08TROA",
  "ap-south-2": "Z0711778386UTO08407HT",
  "ap-southeast-1": "ZKVM4W9LS7TM",
  "ap-southeast-2": "ZCT6FZBF4DROD",
  "ap-southeast-3": "Z01971771FYVNCOVWJU1G",
  "ca-central-1": "Z2EPGBW3API2WT",
  "eu-central-1": "Z3F0SRJ5LGBH90",
  "eu-central-2": "Z02239872DOALSIDCX66S",
  "eu-north-1": "Z1UDT6IFJ4EJM",
  "eu-south-1": "Z23146JA1KNAFP",
  "eu-south-2": "Z1011216NVTVYADP1SSV",
  "eu-west-1": "Z2IFOLAFXWLO4F",
  "eu-west-2": "ZD4D7Y8KGAS4G",
  "eu-west-3": "Z1CMS0P5QUZ6D5",
  "me-central-1": "Z00282643NTTLPANJJG2P",
  "me-south-1": "Z3QSRYVP46NYYV",
  "sa-east-1": "ZTK26PT1VY4CU",
  "us-east-1": "Z26RNL4JYFTOTI",
  "us-east-2": "ZLMOA37VPKANP",
  "us-west-1": "Z24FKFUX50B4VW",
  "us-west-2": "Z18D5FSROUN65G",
};

/** Props of an {@link OriginRecord}. */
export interface OriginRecordProps {
  /** The environment's zone, where the record is created. */
  readonly zone: {
    /** Route 53 hosted zone id (`Z…`). */
    readonly zoneId: string;
    /** The zone's domain name; `recordName` must lie within it, which is checked before synthesis. */
    readonly zoneName: string;
  };
  /** The origin host, `origin.<domain>` (`EnvironmentConfig.hosts.origin`). */
  readonly recordName: string;
  /** The controller whose load balancer the record points at. */
  readonly controller: NginxIngressController;
}

/**
 * The `origin.<domain>` alias (A record) to the ingress controller's network load balancer, the host
 * CloudFront connects to. EKS Auto Mode creates the load balancer, so its DNS name is read from the
 * controller Service's status (a `kubernetes_service_v1` data source read after the release); its
 * hosted zone is the region's NLB zone ({@link NLB_HOSTED_ZONE_IDS}). Target health is evaluated, so
 * Route 53 stops answering with an NLB whose targets are all down.
 *
 * Construct ids are API: `Resource` (the record), `LoadBalancerService` (the data source).
 *
 * @resource aws_route53_record
 */
export class OriginRecord extends Construct {
  /** The origin host name, `origin.<domain>`: what CloudFront's origin points at. @attribute */
  readonly recordName: string;
  /** The load balancer's DNS name. @attribute */
  readonly loadBalancerDnsName: string;
  /** The Route 53 alias record. */
  readonly resource: Route53Record;

  constructor(scope: Construct, id: string, props: OriginRecordProps) {
    super(scope, id);
    const region = AwsStack.of(this).region;
    const problems = [...recordNameProblems("recordName", props.recordName, props.zone.zoneName), ...hostedZoneIdProblems("zone.zoneId", props.zone.zoneId)];
    const aliasZoneId = NLB_HOSTED_ZONE_IDS[region];
    if (aliasZoneId === undefined) {
      problems.push(`the stack's region must be one whose NLB hosted zone id is known (${Object.keys(NLB_HOSTED_ZONE_IDS).join(", ")}), got "${region}"`);
    }
    if (problems.length > 0) {
      throw new ValidationError(problems.join("; "), this);
    }

    const service = new DataKubernetesServiceV1(this, "LoadBalancerService", {
      metadata: { name: props.controller.serviceName, namespace: props.controller.namespace },
      dependsOn: [props.controller.release],
    });
    this.loadBalancerDnsName = service.status.get(0).loadBalancer.get(0).ingress.get(0).hostname;
    this.resource = new Route53Record(this, "Resource", {
      zoneId: props.zone.zoneId,
      name: props.recordName,
      type: "A",
      alias: { name: this.loadBalancerDnsName, zoneId: aliasZoneId, evaluateTargetHealth: true },
    });
    this.recordName = props.recordName;
  }
}
