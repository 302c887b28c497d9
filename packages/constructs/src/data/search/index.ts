export * from "./opensearch-domain";
