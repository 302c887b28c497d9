export { backupPlanRetentionSet } from "./plan-retention-set";
export { backupSelectionNotEmpty } from "./selection-not-empty";
export { backupVaultEncrypted } from "./vault-encrypted";
