export { opensearchEncryptedAtRest } from "./encrypted-at-rest";
export { opensearchFineGrainedAccessControl } from "./fine-grained-access-control";
export { opensearchHttpsEnforced } from "./https-enforced";
export { opensearchInVpc } from "./in-vpc";
export { OPENSEARCH_LOG_TYPES, opensearchLogPublishing } from "./log-publishing";
export { opensearchNodeToNodeEncrypted } from "./node-to-node-encrypted";
