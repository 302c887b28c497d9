export * from "./reference";
export * from "./tutor-config";
export * from "./tutor-inputs";
export * from "./tutor-keys";
export * from "./tutor-plugin";
