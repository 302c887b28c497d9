import { PodIdentityRole } from "../cluster/pod-identity-role";
import { logicalDumpPolicyStatements } from "../backup/logical-dump-cron-job";
import { PolicyStatement } from "../iam/policy-document";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_SERVICE_ACCOUNT } from "../platform/cert-manager";
import { EnvironmentStack, EnvironmentStackProps } from "../stack/environment-stack";
import { OpenedxApp } from "../stack/openedx-app";
import { ClusterStack } from "./cluster-stack";
import { DataStack } from "./data-stack";
import { EdgeStack } from "./edge-stack";
import { KeysStack } from "./keys-stack";

/** Kubernetes namespace and service account of Open edX (Tutor `K8S_NAMESPACE`). */
export const OPENEDX_SERVICE_ACCOUNT = {
  /** The namespace the platform creates and Tutor deploys into (`K8S_NAMESPACE`). */
  namespace: "openedx",
  /** The service account the Tutor plugin puts Open edX's pods on; its Pod Identity role reaches S3 and SES. */
  serviceAccount: "openedx",
} as const;

/** Service account of the logical-dump CronJob, in the Open edX namespace. */
export const LOGICAL_DUMP_SERVICE_ACCOUNT = "openedx-backup";

/** Kubernetes namespace and service account of cert-manager's controller, as its Helm chart names them. */
export const CERT_MANAGER_POD_IDENTITY = {
  /** The namespace the platform installs cert-manager's chart into. */
  namespace: CERT_MANAGER_NAMESPACE,
  /** The controller's service account, the one that calls Route 53. */
  serviceAccount: CERT_MANAGER_SERVICE_ACCOUNT,
} as const;

/** The only record names cert-manager may change: the DNS-01 challenge records (Route 53 normalizes names to lowercase without the final dot). */
export const ACME_CHALLENGE_RECORD_NAMES = "_acme-challenge.*";

/** Props of an {@link IdentityStack}. */
export interface IdentityStackProps extends EnvironmentStackProps {
  /** The keys stack; the media bucket's key is read through the data stack. */
  readonly keys: KeysStack;
  /** The cluster whose pods assume the roles. */
  readonly cluster: ClusterStack;
  /** The edge, whose hosted zone cert-manager answers DNS-01 challenges in and whose SES identity Open edX sends mail from. */
  readonly edge: EdgeStack;
  /** The data stack, whose media bucket Open edX reads and writes. */
  readonly data: DataStack;
}

/**
 * The AWS identities of the in-cluster platform, as EKS Pod Identity roles of the environment's
 * cluster, in a stack of their own so the data and edge stacks need nothing from the platform:
 *
 * - `openedx/openedx` (construct id `openedx`): reads and writes the media bucket (encrypting and
 *   decrypting with its key) and sends mail through the edge's SES identity;
 * - `cert-manager/cert-manager` (construct id `cert-manager`): answers ACME DNS-01 challenges in the
 *   environment's hosted zone only, changing nothing but `TXT` records named `_acme-challenge.*`.
 *
 * Outputs `openedx_role_arn` and `cert_manager_role_arn`. Construct ids are API.
 */
export class IdentityStack extends EnvironmentStack {
  /** The role of Open edX's pods (LMS, CMS, workers). */
  readonly openedxRole: PodIdentityRole;
  /** The role of cert-manager's controller. */
  readonly certManagerRole: PodIdentityRole;
  /** The role of the nightly logical-dump CronJob (`openedx/openedx-backup`). */
  readonly logicalDumpRole: PodIdentityRole;

  constructor(scope: OpenedxApp, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const cluster = props.cluster.cluster;
    const email = props.edge.email;
    const zone = props.edge.zone;

    this.openedxRole = new PodIdentityRole(this, "openedx", {
      cluster,
      ...OPENEDX_SERVICE_ACCOUNT,
      policyStatements: [
        ...props.data.mediaBucket.grantReadWrite(),
        {
          Sid: "SendMailFromTheEnvironmentDomain",
          Effect: "Allow",
          Action: ["ses:SendEmail", "ses:SendRawEmail"],
          // The identity's default configuration set applies to every message, and SES checks the
          // caller's permission on the configuration set as well as on the identity.
          Resource: [email.identityArn, this.formatArn("ses", `configuration-set/${email.configurationSetName}`)],
        },
      ],
    });

    this.certManagerRole = new PodIdentityRole(this, "cert-manager", {
      cluster,
      ...CERT_MANAGER_POD_IDENTITY,
      policyStatements: certManagerStatements(zone.resource.arn),
    });

    const data = props.data;
    this.logicalDumpRole = new PodIdentityRole(this, "logical-dump", {
      cluster,
      namespace: OPENEDX_SERVICE_ACCOUNT.namespace,
      serviceAccount: LOGICAL_DUMP_SERVICE_ACCOUNT,
      policyStatements: logicalDumpPolicyStatements(
        data.backupsBucket.bucketArn,
        props.keys.keys.backup,
        [data.mysql.masterUserSecretArn, data.documentDb.masterUserSecretArn],
        [props.keys.keys.databases],
      ),
    });

    this.addOutputs({
      logical_dump_role_arn: { value: this.logicalDumpRole.roleArn, description: "Pod Identity role of the nightly logical-dump CronJob" },
      openedx_role_arn: { value: this.openedxRole.roleArn, description: "Pod Identity role of the openedx service account in the openedx namespace" },
      cert_manager_role_arn: { value: this.certManagerRole.roleArn, description: "Pod Identity role of cert-manager, for Route 53 DNS-01 challenges" },
    });
  }
}

/** Route 53 DNS-01 for cert-manager, limited to one hosted zone and to its challenge records. */
function certManagerStatements(zoneArn: string): PolicyStatement[] {
  return [
    { Sid: "ReadChangeStatus", Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
    {
      Sid: "ChangeChallengeRecordsOnly",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: zoneArn,
      Condition: {
        // Both keys are multivalued (one value per change in the batch): every change must match.
        "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] },
        "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [ACME_CHALLENGE_RECORD_NAMES] },
      },
    },
    // Kept apart from the change statement: ForAllValues passes when the keys are absent, as they are for a list.
    { Sid: "ListZoneRecords", Effect: "Allow", Action: "route53:ListResourceRecordSets", Resource: zoneArn },
    // cert-manager finds the zone by name when its issuer gives no zone id; the action has no resource type.
    { Sid: "FindZoneByName", Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" },
  ];
}
