import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests import @openedx-infra/constructs from its TypeScript source, not a possibly stale build.
  ssr: { resolve: { conditions: ["openedx-source"] } },
  test: {
    name: "diagram",
    include: ["test/**/*.test.ts"],
    testTimeout: 120000,
    // Each test file synthesizes its environments once in beforeAll: a few seconds each on a busy machine.
    hookTimeout: 120000,
  },
});
