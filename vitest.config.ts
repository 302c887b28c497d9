import { defineConfig } from "vitest/config";

// Each package, app and example is a vitest project with its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "examples/*/vitest.config.ts"],
  },
});
