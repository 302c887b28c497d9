export * from "./auth-token-secret";
