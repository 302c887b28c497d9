export { elasticacheAtRestEncrypted } from "./at-rest-encrypted";
export { elasticacheAuthRequired, LITERAL_AUTH_TOKEN_FINDING } from "./auth-required";
export { ELASTICACHE_LOG_TYPES, elasticacheLogDelivery } from "./log-delivery";
export { elasticacheSnapshotRetention } from "./snapshot-retention";
export { elasticacheTransitEncrypted } from "./transit-encrypted";
