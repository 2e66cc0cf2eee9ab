import { defineConfig } from "vitest/config";

// These tests run kubectl for real; on a busy two-core machine one build can take seconds.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000 } });
