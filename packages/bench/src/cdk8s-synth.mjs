// cdk8s synth of the same objects: one L1 ApiObject per object, app.synth() into OUTDIR (a YAML
// file per chart). Plain JavaScript run by plain node.
//   node cdk8s-synth.mjs DUMP OUTDIR [file|dir]
// file (default): one Chart per output file of generate. dir: one Chart per directory of them,
// because cdk8s's synth is quadratic in the number of charts (each chart's dependency and
// validation pass walks the whole construct tree), so per-file charts mostly measure that.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { ApiObject, App, Chart } from "cdk8s";

const [dumpPath, outdir, per = "file"] = process.argv.slice(2);
if (!dumpPath || !outdir || (per !== "file" && per !== "dir")) {
  console.error("usage: node cdk8s-synth.mjs DUMP OUTDIR [file|dir]");
  process.exit(2);
}
const dump = JSON.parse(readFileSync(dumpPath, "utf8"));
const byDir = new Map();
for (const f of dump.files) {
  const dir = per === "dir" ? dirname(f.path) : f.path;
  const objects = byDir.get(dir) ?? [];
  for (const o of f.objects) objects.push(o);
  byDir.set(dir, objects);
}
const files = [...byDir.values()].map((objects) => ({ objects }));
const app = new App({ outdir });
let objects = 0;
files.forEach((file, i) => {
  // Chart ids become file names; the index keeps them unique and short.
  const chart = new Chart(app, `chart-${i}`);
  file.objects.forEach((object, j) => {
    new ApiObject(chart, `o${j}`, { ...object });
    objects++;
  });
});
app.synth();
console.log(`cdk8s: ${files.length} charts, ${objects} objects`);
