// The JSON floor: the least any generator must do with the same objects. Reads the dump (as
// generate reads its inputs), JSON.stringifies each object once and writes them into files laid
// out like generate's (same count and paths, + ".json"). Plain JavaScript run by plain node, so
// no transpiler start-up is charged to the baseline.
//   node floor.mjs write DUMP OUTDIR   write every file (into an empty tree)
//   node floor.mjs noop  DUMP OUTDIR   stringify and compare with the files there; write only what differs
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [mode, dumpPath, outdir] = process.argv.slice(2);
if ((mode !== "write" && mode !== "noop") || !dumpPath || !outdir) {
  console.error("usage: node floor.mjs write|noop DUMP OUTDIR");
  process.exit(2);
}
const { files } = JSON.parse(readFileSync(dumpPath, "utf8"));
const dirs = new Set();
let written = 0;
for (const file of files) {
  const text = file.objects.map((o) => JSON.stringify(o)).join("\n") + "\n";
  const path = join(outdir, file.path);
  if (mode === "noop") {
    let current;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = undefined;
    }
    if (current === text) continue;
  }
  const dir = dirname(path);
  if (!dirs.has(dir)) mkdirSync(dir, { recursive: true }), dirs.add(dir);
  writeFileSync(path, text);
  written++;
}
console.log(`floor ${mode}: ${files.length} files, ${written} written`);
