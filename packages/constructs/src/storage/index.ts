export { AccessLogsBucket, S3_LOG_DELIVERY_PRINCIPAL } from "./access-logs-bucket";
export type { AccessLogsBucketProps } from "./access-logs-bucket";
export { BackupsBucket } from "./backups-bucket";
export type { BackupsBucketProps } from "./backups-bucket";
export { MediaBucket, MEDIA_CORS_METHODS } from "./media-bucket";
export type { MediaBucketProps } from "./media-bucket";
export { SecureBucket } from "./secure-bucket";
export type { BucketEncryption, BucketLifecycleRule, BucketStorageClass, BucketTransition, SecureBucketProps } from "./secure-bucket";
