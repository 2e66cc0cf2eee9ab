import { defineConfig } from "vitest/config";

// CI runs every package's tests at once on two cores: the default 5 s timeout fails tests that take
// 0.3 s alone. A hang still fails, after a minute.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000, setupFiles: ["../core/testing/no-network.ts"] } });
