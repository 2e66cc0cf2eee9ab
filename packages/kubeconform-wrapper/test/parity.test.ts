import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { findKubeconform, kubeconformArgs, parseKubeconformJson } from "../src/binary.ts";
import { mirrorPath } from "../src/locations.ts";
import { formatResults } from "../src/output.ts";
import { readResources } from "../src/read.ts";
import { DEFAULT_OPTIONS, type Options, type Result } from "../src/types.ts";
import { createValidator } from "../src/validate.ts";
import { DIFFERENCES } from "./parity-differences.ts";
import { FIXTURES, MIRROR } from "./shared.ts";

/**
 * Both engines over one corpus (test/fixtures/parity): the builtin engine and the real kubeconform
 * v0.7.0, with the same settings. Files under agree/ get the same verdict for every resource and
 * the same `-output json` byte for byte; files under differ/ are the documented differences.
 */
const PARITY = join(FIXTURES, "parity");
const INSTALL = "go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0";
const KUBECONFORM = await findKubeconform();
if (!KUBECONFORM) {
  throw new Error(`kubeconform not found on PATH: the parity test runs the real binary. Install it with \`${INSTALL}\` and put $(go env GOPATH)/bin on PATH (.ci/run does both)`);
}

// -n 1: kubeconform prints results as its workers finish; one worker keeps the file's order.
const OPTIONS: Options = { ...DEFAULT_OPTIONS, strict: true, kubernetesVersion: "1.33.1", schemaLocations: ["default", "catalog"], mirror: MIRROR, workers: 1 };
const validator = createValidator(OPTIONS);
const files = (dir: string) => readdirSync(join(PARITY, dir)).sort().map((f) => `${dir}/${f}`);

/** kubeconform's JSON for one corpus file (named relative to the corpus, as given). */
async function kubeconform(file: string): Promise<string> {
  const args = [...kubeconformArgs(OPTIONS), file];
  const run = promisify(execFile)(KUBECONFORM!, args, { cwd: PARITY }).catch((e: { code?: number; stdout?: string; stderr?: string }) => {
    if (e.code === 1 && e.stdout) return { stdout: e.stdout };
    throw new Error(`kubeconform ${args.join(" ")} failed: ${e.stderr ?? String(e)}`);
  });
  return (await run).stdout;
}

async function builtin(file: string): Promise<{ results: Result[]; json: string }> {
  const read = await readResources([join(PARITY, file)], OPTIONS.strict);
  const results = (await validator.validate(read)).map((r) => ({ ...r, filename: file }));
  return { results, json: `${formatResults(results, { format: "json", verbose: true, summary: true, files: 1 })}\n` };
}

/**
 * What must differ, and nothing else: (1) the binary reads mirrored schemas (kubeconformArgs
 * makes the mirror's files its locations), so its messages name file:// paths where the builtin
 * engine names the upstream URL it mirrors; (2) kubeconform walks an object's fields in Go map
 * order, which is random, so errors of sibling fields come in any order: sorted on both sides.
 */
function normalize(json: string, side: "builtin" | "binary"): unknown {
  const text = side === "builtin" ? json.replace(/'(https:\/\/[^']+)#'/g, (m, url: string) => `'file://${resolve(mirrorPath(url, MIRROR) ?? url)}#'`) : json;
  const doc = JSON.parse(text) as { resources: { msg: string; validationErrors?: { path: string; msg: string }[] }[] };
  for (const r of doc.resources) {
    if (!r.validationErrors || r.validationErrors.length < 2) continue;
    r.validationErrors.sort((a, b) => `${a.path} ${a.msg}`.localeCompare(`${b.path} ${b.msg}`));
    const [head, ...causes] = r.msg.split(" - at ");
    r.msg = [head, ...causes.sort()].join(" - at ");
  }
  return doc;
}

const verdicts = (results: readonly Result[]) => results.map((r) => `${r.kind} ${r.name} ${r.status}`);

describe("parity with kubeconform v0.7.0", () => {
  it("has a corpus of at least 60 resources", async () => {
    const all = await Promise.all([...files("agree"), ...files("differ")].map(builtin));
    expect(all.flatMap((b) => b.results).filter((r) => r.status !== "statusEmpty").length).toBeGreaterThanOrEqual(60);
  });

  it.each(files("agree"))("%s: the same verdicts and the same -output json", async (file) => {
    const [theirs, ours] = await Promise.all([kubeconform(file), builtin(file)]);
    expect(verdicts(ours.results)).toEqual(verdicts(parseKubeconformJson(theirs)));
    expect(normalize(ours.json, "builtin")).toEqual(normalize(theirs, "binary"));
  });

  it("lists every file under differ/ in the table of differences, and nothing else", () => {
    expect(DIFFERENCES.map((d) => d.file).sort()).toEqual(files("differ"));
  });

  it.each(DIFFERENCES.map((d) => [d.file, d] as const))("%s: a documented difference", async (file, d) => {
    const [theirs, ours] = await Promise.all([kubeconform(file), builtin(file)]);
    expect({ why: d.why, builtin: verdicts(ours.results) }).toEqual({ why: d.why, builtin: d.builtin });
    expect({ why: d.why, kubeconform: verdicts(parseKubeconformJson(theirs)) }).toEqual({ why: d.why, kubeconform: d.kubeconform });
    d.check?.(ours.results, parseKubeconformJson(theirs));
  });
});
