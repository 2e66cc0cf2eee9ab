#!/usr/bin/env node
// Runs the bundled CLI (dist/main.mjs, scripts/build.mjs), rebuilding it first when any workspace
// source or manifest is newer than the bundle: a stale build never runs.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..");
const packages = join(cli, "..");
const bundle = join(cli, "dist", "main.mjs");

/** The newest modification time among the workspace packages' src/ trees and package.json files, and the lock file. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const name of readdirSync(packages)) {
    const src = join(packages, name, "src");
    if (existsSync(src)) walk(src);
    const manifest = join(packages, name, "package.json");
    if (existsSync(manifest)) newest = Math.max(newest, statSync(manifest).mtimeMs);
  }
  // Dependencies are bundled too: an install that changes them changes the lock file.
  const lock = join(packages, "..", "package-lock.json");
  if (existsSync(lock)) newest = Math.max(newest, statSync(lock).mtimeMs);
  return newest;
}

if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource()) {
  const { buildCli } = await import("../scripts/build.mjs");
  await buildCli();
}
const { main } = await import("../dist/main.mjs");
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
