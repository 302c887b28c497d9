export { s3BucketKmsEncrypted } from "./bucket-kms-encrypted";
export { s3BucketOwnerEnforced } from "./bucket-owner-enforced";
export { s3BucketPublicAccessBlocked } from "./bucket-public-access-blocked";
export { s3BucketTlsOnly, UNREADABLE_POLICY_FINDING } from "./bucket-tls-only";
export { s3BucketVersioned } from "./bucket-versioned";
