// Bundles the CLI, the workspace packages it imports (TypeScript sources) and their dependencies
// into one script, dist/main.cjs, so `llm-gitops` starts without transpiling at run time and
// without resolving and loading hundreds of files from node_modules (startup 0.65 s CPU with
// dependencies external, 0.23 s bundled). CommonJS, because bin/llm-gitops.js compiles it with
// V8's code cache, which Node 20 offers for scripts only. bin/llm-gitops.js rebuilds when stale.
import { build } from "esbuild";
import { mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = join(cli, "dist", "main.cjs");

/**
 * kubernetes-models is required by computed names, one module per kind (fallback.ts), and the
 * compiled-validator cache requires ajv's runtime helpers by name (compiled.ts): Node loads those
 * from node_modules. The sources' `import.meta.url` is the bundle's own URL.
 */
const EXTERNAL = ["kubernetes-models", "kubernetes-models/*"];
const BANNER = 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;';

export async function buildCli() {
  mkdirSync(dirname(OUTPUT), { recursive: true });
  // Written beside, then renamed: a concurrent run never imports half a file.
  const temporary = `${OUTPUT}.${process.pid}.${Date.now()}.tmp.cjs`;
  await build({
    entryPoints: [join(cli, "src", "main.ts")],
    outfile: temporary,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "warning",
    external: EXTERNAL,
    banner: { js: BANNER },
    define: { "import.meta.url": "__importMetaUrl" },
  });
  renameSync(temporary, OUTPUT);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
