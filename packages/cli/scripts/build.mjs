// Bundles the CLI and the workspace packages it imports (TypeScript sources) into one ES module,
// dist/main.mjs, so `llm-gitops` starts without transpiling at run time. Third-party packages stay
// external: Node loads them from node_modules as usual. bin/llm-gitops.js rebuilds when stale.
import { build } from "esbuild";
import { mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = join(cli, "dist", "main.mjs");

/** Workspace packages (@llm-gitops/*) are bundled from source; every other bare import is external. */
const externalDependencies = {
  name: "external-dependencies",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@llm-gitops/") ? undefined : { path: args.path, external: true }));
  },
};

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
    plugins: [externalDependencies],
  });
  renameSync(temporary, OUTPUT);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
