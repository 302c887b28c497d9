export * from "./auth-token-secret";
export * from "./redis-cache";
