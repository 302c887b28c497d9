import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests import @openedx-infra/constructs from its TypeScript source, not a possibly stale build.
  ssr: { resolve: { conditions: ["openedx-source"] } },
  test: {
    name: "harness",
    include: ["test/**/*.test.ts"],
    // The S3 backend and validation tests run real Terraform (init, plan, apply): tens of seconds.
    testTimeout: 180000,
  },
});
