export * from "./document-db-cluster";
