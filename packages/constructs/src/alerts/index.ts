export * from "./alerts-topic";
export * from "./data-service-alarms";
