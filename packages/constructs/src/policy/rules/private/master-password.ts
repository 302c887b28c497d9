import { RuleCheck } from "../../policy-pack";
import { isReadReplica } from "./read-replicas";
import { booleanAt, isExpression, isSet } from "./terraform-values";

/**
 * A rule: resources of `types` let the service keep the master password in Secrets Manager
 * (`manage_master_user_password` true), and none of `passwordKeys` holds a literal password, which
 * would sit in plaintext in the synthesized JSON and the state. Findings: `manage_master_user_password`
 * and/or the key holding the literal (e.g. `password`). Read replicas are not applicable: they
 * use their source's credentials.
 */
export function managedMasterPassword(types: readonly string[], passwordKeys: readonly string[]): RuleCheck {
  return (resource) => {
    if (!types.includes(resource.type) || isReadReplica(resource)) {
      return "not-applicable";
    }
    const literalKeys = passwordKeys.filter((key) => {
      const value = resource.config[key];
      return isSet(value) && !isExpression(value);
    });
    return [...(booleanAt(resource.config.manage_master_user_password, "manage_master_user_password") === true ? [] : ["manage_master_user_password"]), ...literalKeys];
  };
}
