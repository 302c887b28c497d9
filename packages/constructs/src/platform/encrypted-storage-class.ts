import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../config/validation-error";
import { KmsKey } from "../encryption/kms-key";

/** The CSI driver EKS Auto Mode runs for EBS volumes (not the `ebs.csi.aws.com` add-on's). */
export const AUTO_MODE_EBS_PROVISIONER = "ebs.csi.eks.amazonaws.com";

/** Props of an {@link EncryptedStorageClass}. */
export interface EncryptedStorageClassProps {
  /**
   * Customer-managed key the volumes are encrypted with. The cluster role must be allowed to use
   * it and create grants on it: give the cluster its `blockStorageKey` (see `autoModeEbsKeyStatements`).
   */
  readonly encryptionKey: Pick<KmsKey, "keyArn">;
  /**
   * StorageClass name: a DNS subdomain of lowercase letters, digits, "-" and ".".
   * @default "gp3-encrypted"
   */
  readonly name?: string;
  /**
   * Mark the class as the cluster default, so claims without `storageClassName` (Tutor's
   * Meilisearch claim) get encrypted gp3 volumes. Only one class of a cluster should be the default.
   * @default true
   */
  readonly isDefault?: boolean;
  /**
   * Tags on every volume the class provisions, e.g. `{ backup: "openedx" }` so the environment's
   * AWS Backup plan, which selects by tag, covers Meilisearch's volume.
   * @default - no tags
   */
  readonly volumeTags?: Readonly<Record<string, string>>;
}

/**
 * A gp3 StorageClass for EKS Auto Mode whose volumes are encrypted with a customer-managed key.
 *
 * - `WaitForFirstConsumer` creates the volume in the zone the pod is scheduled in, not a random one.
 * - Volumes can be grown in place (`allowVolumeExpansion`).
 * - `reclaimPolicy: Retain`: the EBS volume outlives a deleted claim, so Meilisearch's index
 *   survives a `tutor k8s` redeploy or a deleted namespace; clean up released volumes by hand.
 * - Only Auto Mode nodes (`eks.amazonaws.com/compute-type: auto`) may use it, since only they run
 *   the Auto Mode EBS driver.
 *
 * Construct id `Resource` is API.
 *
 * @resource kubernetes_storage_class_v1
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-storage-class.html
 */
export class EncryptedStorageClass extends Construct {
  /** The StorageClass name, as a reference. @attribute */
  readonly storageClassName: string;
  /** The StorageClass. */
  readonly resource: StorageClassV1;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    const name = props.name ?? "gp3-encrypted";
    validateProps(this, name);

    this.resource = new StorageClassV1(this, "Resource", {
      metadata: {
        name,
        annotations: { "storageclass.kubernetes.io/is-default-class": String(props.isDefault ?? true) },
      },
      storageProvisioner: AUTO_MODE_EBS_PROVISIONER,
      parameters: {
        type: "gp3",
        encrypted: "true",
        kmsKeyId: props.encryptionKey.keyArn,
        // The EBS CSI driver tags volumes from tagSpecification_<n> parameters, "key=value" each.
        ...Object.fromEntries(Object.entries(props.volumeTags ?? {}).map(([key, value], index) => [`tagSpecification_${index + 1}`, `${key}=${value}`])),
      },
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      reclaimPolicy: "Retain",
      allowedTopologies: {
        matchLabelExpressions: [{ key: "eks.amazonaws.com/compute-type", values: ["auto"] }],
      },
    });
    this.storageClassName = this.resource.metadata.name;
  }
}


const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks every prop and reports all problems in one error. */
function validateProps(scope: Construct, name: string): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(name) && !DNS_SUBDOMAIN.test(name)) {
    problems.push(`name must be a DNS subdomain: up to 253 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit, got "${name}"`);
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join("; "), scope);
  }
}
