import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "app-bootstrap", include: ["test/**/*.test.ts"], testTimeout: 60000 } });
