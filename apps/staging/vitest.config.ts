import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "app-staging", include: ["test/**/*.test.ts"], testTimeout: 60000 } });
