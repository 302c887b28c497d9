import { RuleCheck } from "../../policy-pack";
import { isReadReplica } from "./read-replicas";
import { booleanAt, isSet } from "./terraform-values";

/**
 * A rule: resources of `types` encrypt their storage (`storage_encrypted` true) with a
 * customer-managed key (`kms_key_id` set; a reference is fine). Findings name what is missing:
 * `storage_encrypted` and/or `kms_key_id`. Read replicas are not applicable: they inherit the
 * encryption of their source.
 */
export function storageEncryptedWithKey(types: readonly string[]): RuleCheck {
  return (resource) => {
    if (!types.includes(resource.type) || isReadReplica(resource)) {
      return "not-applicable";
    }
    return [
      ...(booleanAt(resource.config.storage_encrypted, "storage_encrypted") === true ? [] : ["storage_encrypted"]),
      ...(isSet(resource.config.kms_key_id) ? [] : ["kms_key_id"]),
    ];
  };
}
