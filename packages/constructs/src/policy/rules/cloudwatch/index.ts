export { logGroupEncrypted } from "./log-group-encrypted";
export { logGroupRetentionSet } from "./log-group-retention";
