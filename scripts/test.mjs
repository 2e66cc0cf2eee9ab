#!/usr/bin/env node
// `npm test`: the tool check, then typecheck and every package's tests through turbo, ending
// with one total line. turbo replays cached logs, so cached packages count as well.
import { spawn, spawnSync } from "node:child_process";

const tools = spawnSync(process.execPath, ["scripts/require-tools.mjs"], { stdio: "inherit" });
if (tools.status !== 0) process.exit(tools.status ?? 1);

const turbo = spawn("npx", ["turbo", "run", "typecheck", "test", "--continue", ...process.argv.slice(2)], { stdio: ["inherit", "pipe", "inherit"] });
let passed = 0;
let failed = 0;
let pending = "";
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");
turbo.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString();
  const lines = pending.split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines.map(strip)) {
    if (!/\bTests\s+\d+ (passed|failed)/.test(line)) continue;
    failed += Number(/(\d+) failed/.exec(line)?.[1] ?? 0);
    passed += Number(/(\d+) passed/.exec(line)?.[1] ?? 0);
  }
});
turbo.on("close", (code) => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? 1);
});
