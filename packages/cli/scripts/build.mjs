// Bundles the CLI, the workspace packages it imports (TypeScript sources) and their dependencies
// into one ES module, dist/main.mjs, so `llm-gitops` starts without transpiling at run time and
// without resolving and loading hundreds of files from node_modules (bench/kubeconform.ts: startup
// 0.65 s CPU with dependencies external, 0.23 s bundled). bin/llm-gitops.js rebuilds when stale.
import { build } from "esbuild";
import { mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = join(cli, "dist", "main.mjs");

/**
 * kubernetes-models is required by computed names, one module per kind (fallback.ts), and the
 * compiled-validator cache requires ajv's runtime helpers by name (compiled.ts): Node loads those
 * from node_modules. CommonJS dependencies bundled into an ES module call `require` for Node's
 * own modules: the banner gives them one.
 */
const EXTERNAL = ["kubernetes-models", "kubernetes-models/*"];
const BANNER = 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);';

export async function buildCli() {
  mkdirSync(dirname(OUTPUT), { recursive: true });
  // Written beside, then renamed: a concurrent run never imports half a file.
  const temporary = `${OUTPUT}.${process.pid}.${Date.now()}.tmp.mjs`;
  await build({
    entryPoints: [join(cli, "src", "main.ts")],
    outfile: temporary,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    external: EXTERNAL,
    banner: { js: BANNER },
  });
  renameSync(temporary, OUTPUT);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
