import { defineConfig } from "vitest/config";

// kubectl builds and the largest CRD schemas take seconds on a busy two-core machine.
// A whole check of the example tree (151 objects, 12 overlays) runs twice in some tests: ~50 s here.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000, setupFiles: ["../core/testing/no-network.ts"], globalSetup: ["../kubeconform-wrapper/test/global-setup.ts"] } });
