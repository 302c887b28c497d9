export { cloudfrontAccessLogging } from "./access-logging";
export { cloudfrontOriginTls } from "./origin-tls";
export { cloudfrontS3OriginAccessControl } from "./s3-origin-access-control";
export { CLOUDFRONT_VIEWER_SECURITY_POLICIES, cloudfrontViewerTls } from "./viewer-tls";
export { cloudfrontViewerHttps } from "./viewer-https";
export { cloudfrontWafAttached } from "./waf-attached";
