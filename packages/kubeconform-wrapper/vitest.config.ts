import { defineConfig } from "vitest/config";

// Compiling the largest CRD schemas takes seconds on a busy two-core machine.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
