export * from "./aurora-mysql-cluster";
export * from "./mysql-database";
export * from "./rds-mysql-instance";
