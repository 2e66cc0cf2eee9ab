import { defineConfig } from "vitest/config";

// Real tools (kubectl, promtool, luajit) and the largest CRD schemas take seconds on a busy two-core machine.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000, setupFiles: ["../core/testing/no-network.ts"] } });
