#!/usr/bin/env node
// Runs the bundled CLI (dist/main.cjs, scripts/build.mjs), rebuilding it first when any workspace
// source or manifest is newer than the bundle: a stale build never runs. The bundle is compiled
// with V8's code cache of an earlier run of the same command (dist/cache/<command>.v8): parsing and
// compiling its 1.8 MB again is most of what starting costs.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..");
const packages = join(cli, "..");
const bundle = join(cli, "dist", "main.cjs");

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
/**
 * The bundle's exports, compiled with the code cache of `command` when one was made from these
 * very bytes: V8 checks a cache only against the source's length, so each cache file starts with
 * the sha256 of the source it was made from, and any other is ignored (then replaced).
 */
function load(command) {
  const source = readFileSync(bundle, "utf8");
  const digest = createHash("sha256").update(source).digest();
  const cacheFile = join(cli, "dist", "cache", `${command}.v8`);
  let cachedData;
  try {
    const bytes = readFileSync(cacheFile);
    if (bytes.length > 32 && digest.equals(bytes.subarray(0, 32))) cachedData = bytes.subarray(32);
  } catch {
    // No cache yet.
  }
  // The module wrapper on the bundle's first line: stack traces keep its line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  // After the run, V8's cache also holds the functions the command compiled on the way.
  const save = () => {
    if (cachedData && !script.cachedDataRejected) return;
    const tmp = `${cacheFile}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileSync(tmp, Buffer.concat([digest, script.createCachedData()]));
      renameSync(tmp, cacheFile);
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // A read-only installation runs without a cache.
      }
    }
  };
  return { main: module.exports.main, save, build: digest.toString("hex") };
}

// One cache per command: each holds what its runs compile. Anything else shares "main".
const COMMANDS = ["generate", "check", "show", "diff", "validate", "cost", "help"];
const command = COMMANDS.includes(process.argv[2]) ? process.argv[2] : "main";
const { main, save, build } = load(command);
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  build,
});
save();
