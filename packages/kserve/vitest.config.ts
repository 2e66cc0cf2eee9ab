import { defineConfig } from "vitest/config";

// CI runs every package's tests at once on two cores: the default 5 s timeout fails tests that take
// 0.3 s alone, and the heaviest (compiling the InferenceService schema, parsing the mirror) have
// taken a minute there. A hang still fails, after five minutes.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000, setupFiles: ["../core/testing/no-network.ts"] } });
