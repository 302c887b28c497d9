import { defineConfig } from "vitest/config";

// No `openedx-source` condition: the example imports @openedx-infra/constructs from its build, as a consumer would.
export default defineConfig({
  test: {
    name: "example-minimal",
    include: ["test/**/*.test.ts"],
    // It builds the library, synthesizes the app and runs terraform init, validate and plan on seven stacks.
    testTimeout: 600000,
    hookTimeout: 600000,
  },
});
