import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "harness",
    include: ["test/**/*.test.ts"],
    // The S3 backend and validation tests run real Terraform (init, plan, apply): tens of seconds.
    testTimeout: 180000,
  },
});
