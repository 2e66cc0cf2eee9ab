import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInputs } from "@llm-gitops/config";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { generateFiles } from "../src/project.ts";
import { readSources } from "../src/sources.ts";
import { freezePolicy, freezeTruths, thawPolicy, thawTruths } from "../src/truths-record.ts";
import { checkPolicy } from "@llm-gitops/policy";
import { captureIo, copyRepo, MIRROR, REPO_ROOT } from "./repo.ts";

async function setup() {
  const root = await copyRepo();
  const renders = await mkdtemp(join(tmpdir(), "llm-gitops-check-renders-"));
  const validators = await mkdtemp(join(tmpdir(), "llm-gitops-check-validators-"));
  /** check --output json; without a build (sources run by tsx) nothing is recorded or remembered. */
  const run = async (build?: string) => {
    const io = { ...captureIo(root), env: { LLM_GITOPS_SCHEMA_MIRROR: MIRROR, LLM_GITOPS_RENDER_CACHE: renders, LLM_GITOPS_VALIDATOR_CACHE: validators }, ...(build ? { build } : {}) };
    const code = await main(["check", "--output", "json"], io);
    return { code, report: JSON.parse(io.stdout.join("\n")) as { problems: Record<string, unknown>[]; summary: string[] } };
  };
  const truthsFile = async () => join(renders, (await readdir(renders)).find((f) => f.endsWith(".truths.json"))!);
  return { root, renders, validators, run, truthsFile };
}

type Stored = { truths: { truths: { objects: { object: Record<string, any>; origin: string[] }[] }[]; policy: { problems: Record<string, unknown>[] } } };

describe("check with a render record and remembered verdicts", () => {
  it("reports exactly what a check that renders and validates everything reports", async () => {
    const { run, renders, validators } = await setup();
    const plain = await run();
    expect(plain.code).toBe(0);
    expect(await readdir(renders)).toEqual([]);
    const first = await run("b1");
    expect((await readdir(renders)).sort()).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/), expect.stringMatching(/^[0-9a-f]{64}\.truths\.json$/)]);
    expect(await readdir(join(validators, "verdicts"))).toHaveLength(1);
    const again = await run("b1");
    expect(first).toEqual(plain);
    expect(again).toEqual(plain);
  });

  it("checks the recorded truths, with the inputs' own origins", async () => {
    const { root, run, truthsFile } = await setup();
    await run("b1");
    const file = await truthsFile();
    const stored = JSON.parse(await readFile(file, "utf8")) as Stored;
    const pdb = stored.truths.truths.flatMap((t) => t.objects).find((o) => o.object.kind === "PodDisruptionBudget")!;
    pdb.object.spec.selektor = {};
    await writeFile(file, JSON.stringify(stored));
    // The record stands in for the render: the edit is what the schema gate reports, at the deployment behind it.
    const edited = await run("b1");
    expect(edited.code).toBe(1);
    const [kind, environment, deployment] = pdb.origin;
    expect(kind).toBe("deployment");
    const inputs = loadInputs(await readSources(root));
    const at = inputs.environments.find((e) => e.name === environment)!.deployments.find((d) => d.name === deployment)!.origin.at();
    const schema = edited.report.problems.filter((p) => p.gate === "schema");
    expect(schema).toEqual([expect.objectContaining({ severity: "error", file: at.file, line: at.line, col: at.col, message: expect.stringContaining("selektor") })]);
  });

  it("reports the recorded policy result", async () => {
    const { run, truthsFile } = await setup();
    await run("b1");
    const file = await truthsFile();
    const stored = JSON.parse(await readFile(file, "utf8")) as Stored;
    const problem = { file: "environments/prod.yaml", line: 3, col: 1, path: "deployments[0]", message: "recorded", severity: "error" };
    stored.truths.policy.problems.push(problem);
    await writeFile(file, JSON.stringify(stored));
    const edited = await run("b1");
    expect(edited.code).toBe(1);
    expect(edited.report.problems).toContainEqual({ ...problem, gate: "policy" });
  });

  it.each([
    ["missing", () => undefined],
    ["not JSON", () => "{"],
    ["of another key", (s: Record<string, unknown>) => JSON.stringify({ ...s, key: "0".repeat(64) })],
    ["naming an origin the inputs lack", (s: Stored) => ((s.truths.truths[0]!.objects[0]!.origin = ["deployment", "prod", "no-such"]), JSON.stringify(s))],
    ["malformed", (s: Stored) => JSON.stringify({ ...s, truths: { ...s.truths, truths: [{ objects: 1 }] } })],
    ["without a policy result", (s: Stored) => JSON.stringify({ ...s, truths: { truths: s.truths.truths } })],
    ["with a malformed policy result", (s: Stored) => ((s.truths.policy.problems = [{ file: 1 }]), JSON.stringify(s))],
  ])("renders when the truths are %s", async (_, edit: (s: any) => string | undefined) => {
    const { run, truthsFile } = await setup();
    const first = await run("b1");
    const file = await truthsFile();
    const original = await readFile(file, "utf8");
    const text = edit(JSON.parse(original));
    if (text === undefined) await rm(file);
    else await writeFile(file, text);
    expect(await run("b1")).toEqual(first);
    // That render recorded its truths again.
    expect(await readFile(file, "utf8")).toBe(original);
  });
});

describe("truths as plain data", () => {
  it("thaw to the render's own truths: the same objects as JSON writes them, the very same origins", async () => {
    const { inputs, truths } = generateFiles(await readSources(REPO_ROOT));
    const frozen = freezeTruths(truths, inputs)!;
    const thawed = thawTruths(JSON.parse(JSON.stringify(frozen)), inputs)!;
    // Rendered objects are plain JSON data: what the record reads back is what the gates would see.
    expect(thawed).toStrictEqual(truths);
    thawed.forEach((t, i) => t.objects.forEach((o, j) => expect(o.origin).toBe(truths[i]!.objects[j]!.origin)));
  });

  it("are not recorded when an object's origin is none the inputs name", async () => {
    const { inputs, truths } = generateFiles(await readSources(REPO_ROOT));
    const foreign = { ...truths[0]!.objects[0]!.origin };
    expect(freezeTruths([{ ...truths[0]!, objects: [{ ...truths[0]!.objects[0]!, origin: foreign }] }], inputs)).toBeUndefined();
  });

  it("are not recorded when an object would not read back as the same data", async () => {
    const { inputs, truths } = generateFiles(await readSources(REPO_ROOT));
    const first = truths[0]!.objects[0]!;
    expect(freezeTruths([{ ...truths[0]!, objects: [{ ...first, object: { ...first.object, extra: undefined } as never }] }], inputs)).toBeUndefined();
    expect(freezeTruths(truths, inputs)).toBeDefined();
  });

  it("are not thawed when an object lacks what every gate reads first", async () => {
    const { inputs, truths } = generateFiles(await readSources(REPO_ROOT));
    const frozen = JSON.parse(JSON.stringify(freezeTruths(truths, inputs)));
    frozen[0].objects[0].object = {};
    expect(thawTruths(frozen, inputs)).toBeUndefined();
  });
});

describe("a policy result as plain data", () => {
  it("reads back as checkPolicy gave it, problems and locations included", async () => {
    const { inputs, truths } = generateFiles(await readSources(REPO_ROOT));
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "leak", namespace: truths[0]!.namespace }, data: { key: "c2VjcmV0" } };
    const withSecret = [{ ...truths[0]!, objects: [...truths[0]!.objects, { ...truths[0]!.objects[0]!, object: secret as never }] }, ...truths.slice(1)];
    const result = checkPolicy(withSecret, inputs);
    expect(result.problems.length).toBeGreaterThan(0);
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
    const back = thawPolicy(plain(freezePolicy(result)))!;
    expect(back).toEqual({ ...result, problems: result.problems.map((p) => ({ file: p.file, line: p.line, col: p.col, path: p.path, message: p.message, severity: p.severity })) });
    expect(thawPolicy({ ...plain(freezePolicy(result)), waived: [{ rule: "no-such-rule" }] })).toBeUndefined();
  });
});
