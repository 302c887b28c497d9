export * from "./alias-record";
export * from "./dns-validated-certificate";
export * from "./environment-zone";
export * from "./media-distribution";
export * from "./origin-verification";
export * from "./site-distribution";
export * from "./web-acl";
