import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["openedx-source"] },
  test: { name: "constructs", include: ["test/**/*.test.ts"], testTimeout: 60000 },
});
