export { ecrImmutableTags } from "./immutable-tags";
export { ecrKmsEncrypted } from "./kms-encrypted";
export { ecrScanOnPush } from "./scan-on-push";
