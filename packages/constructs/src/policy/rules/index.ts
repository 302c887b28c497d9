export * from "./cloudwatch";
export * from "./ec2";
export * from "./eks";
export * from "./kms";
export * from "./s3";
