import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { describe, expect, it } from "vitest";
import { KmsKey } from "../../src/encryption/kms-key";
import { autoModeEbsKeyStatements } from "../../src/cluster/cluster-roles";
import { AUTO_MODE_EBS_PROVISIONER, EncryptedStorageClass, EncryptedStorageClassProps } from "../../src/platform/encrypted-storage-class";
import { AwsStack } from "../../src/stack/aws-stack";
import { SynthesizedStack, testStack } from "../synth";

function stackWithKey(): { stack: AwsStack; key: KmsKey } {
  const stack = testStack();
  new KubernetesProvider(stack, "kubernetes", { host: "https://example.invalid", token: "dummy" });
  const key = new KmsKey(stack, "StorageKey", { aliasName: "openedx/production/storage", description: "storage" });
  return { stack, key };
}

function synth(props: Partial<EncryptedStorageClassProps> = {}): { out: SynthesizedStack; keyArn: string; storageClass: EncryptedStorageClass } {
  const { stack, key } = stackWithKey();
  const storageClass = new EncryptedStorageClass(stack, "StorageClass", { encryptionKey: key, ...props });
  const out = new SynthesizedStack(stack);
  return { out, keyArn: out.ref("aws_kms_key", "/StorageKey/Resource", "arn"), storageClass };
}

describe("EncryptedStorageClass", () => {
  it("creates the default gp3 class encrypted with the storage key for Auto Mode's EBS driver", () => {
    const { out, keyArn } = synth();
    const storageClass = out.byPath("kubernetes_storage_class_v1", "/StorageClass/Resource");
    expect(storageClass.metadata).toEqual({ name: "gp3-encrypted", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } });
    expect(storageClass.storage_provisioner).toBe("ebs.csi.eks.amazonaws.com");
    expect(AUTO_MODE_EBS_PROVISIONER).toBe("ebs.csi.eks.amazonaws.com");
    expect(storageClass.parameters).toEqual({ type: "gp3", encrypted: "true", kmsKeyId: keyArn });
    expect(storageClass.volume_binding_mode).toBe("WaitForFirstConsumer");
    expect(storageClass.allow_volume_expansion).toBe(true);
    expect(storageClass.reclaim_policy).toBe("Retain");
    expect(storageClass.allowed_topologies).toEqual({ match_label_expressions: [{ key: "eks.amazonaws.com/compute-type", values: ["auto"] }] });
    expect(out.resources("kubernetes_storage_class_v1")).toHaveLength(1);
  });

  it("takes another name and can stay out of the default", () => {
    const { out } = synth({ name: "meilisearch.gp3", isDefault: false });
    expect(out.only("kubernetes_storage_class_v1").metadata).toEqual({
      name: "meilisearch.gp3",
      annotations: { "storageclass.kubernetes.io/is-default-class": "false" },
    });
  });

  it("exposes the class name as a reference", () => {
    const { storageClass } = synth();
    expect(storageClass.storageClassName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(storageClass.resource.node.id).toBe("Resource");
  });

  it("gives the cluster role use of the key and grants on it for AWS resources only", () => {
    const { key } = stackWithKey();
    expect(autoModeEbsKeyStatements(key)).toEqual([
      { Sid: "UseEbsVolumeKey", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: key.keyArn },
      {
        Sid: "GrantEbsVolumeKeyToAwsResources",
        Effect: "Allow",
        Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
        Resource: key.keyArn,
        Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
      },
    ]);
  });

  it("fails on a name that is not a DNS subdomain", () => {
    const { stack, key } = stackWithKey();
    expect(() => new EncryptedStorageClass(stack, "StorageClass", { encryptionKey: key, name: "GP3_Encrypted" })).toThrow(
      'name must be a DNS subdomain: up to 253 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit, got "GP3_Encrypted" (at test/StorageClass)',
    );
  });
});
