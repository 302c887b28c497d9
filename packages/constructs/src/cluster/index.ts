export * from "./auto-mode-cluster";
export * from "./cluster-roles";
export * from "./pod-identity-role";
export * from "./container-insights";
