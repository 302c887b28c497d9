export * from "./tutor-reference";
