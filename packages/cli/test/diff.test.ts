import { execFile } from "node:child_process";
import { readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { captureIo, copyRepo } from "./repo.ts";

const run = async (argv: string[], cwd: string) => {
  const io = captureIo(cwd);
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};

const DEV = "environments/dev.yaml";
const SECOND = `  - name: qwen-batch
    model: qwen2.5-7b-instruct-awq
    gpuProfile: a10g-24gb
    image:
      tag: v0.10.2-r3
    replicas:
      min: 1
      max: 1
    route:
      host: batch.dev.llm.example.com
gateway:`;
const SCHEDULE = `      maxModelLen: 8192
    autoscaling:
      metric: queueDepth
      schedule:
        timezone: America/New_York
        windows:
          - start: 0 7 * * 1-5
            end: 0 20 * * 1-5
        offHoursMin: 1
gateway:`;

/** One commit per change, in order; each test diffs its commit with the one before. */
const COMMITS: [string, string, string, string][] = [
  ["replicas", DEV, "      max: 2\n", "      max: 1\n"],
  ["image", DEV, "tag: v0.10.2-r3\n    replicas:\n      min: 1\n      max: 1", "tag: v0.10.2-r4\n    replicas:\n      min: 1\n      max: 1"],
  ["scaler", DEV, "      maxModelLen: 8192\ngateway:", SCHEDULE],
  ["deployment", DEV, "gateway:", SECOND],
  ["kserve", "environments/platform.yaml", 'version: "0.15.2"', 'version: "0.16.0"'],
];

let root = "";
const revs = new Map<string, string>();

beforeAll(async () => {
  root = await copyRepo();
  const git = (...args: string[]) => promisify(execFile)("git", ["-C", root, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "-m", "base");
  for (const [name, file, from, to] of COMMITS) {
    const text = await readFile(join(root, file), "utf8");
    if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
    await writeFile(join(root, file), text.replaceAll(from, to));
    await git("commit", "-q", "-am", name);
    revs.set(name, (await git("rev-parse", "HEAD")).stdout.trim());
  }
});

const diffOf = (name: string, ...extra: string[]) => run(["diff", "--base", `${revs.get(name)}~1`, "--head", revs.get(name)!, ...extra], root);

const summaryOf = (stdout: string) => stdout.slice(0, stdout.search(/\n\n\S+\/\S+: \d+ added/));

describe("diff: what a reviewer must weigh, per commit", () => {
  it.each<[string, string[]]>([
    ["replicas", ["GPUs and replicas:", '  - dev-use1/dev: "qwen-chat": replicas 1–2 → 1, GPUs 1–2 → 1', "Monthly cost:", "  - dev: $1,454.16/month expected, unchanged; at replicas.max $2,338.92 → $1,454.16"]],
    ["image", ["Models and images:", '  - dev-use1/dev: "qwen-chat": image "ghcr.io/example-org/vllm-qwen2.5-7b-instruct-awq:v0.10.2-r3" → "ghcr.io/example-org/vllm-qwen2.5-7b-instruct-awq:v0.10.2-r4"']],
    ["scaler", ["Scaler switched:", '  - dev-use1/dev: "qwen-chat-predictor": scaler HPA → KEDA ScaledObject']],
    ["deployment", [
      "GPUs and replicas:",
      '  - dev-use1/dev: "qwen-batch": new, 1 replica × 1 GPU = 1 GPU',
      "Monthly cost:",
      "  - dev: $1,454.16 → $2,338.92/month expected (+$884.76, +60.8%); at replicas.max $1,454.16 → $2,338.92",
      "Models and images:",
      '  - dev-use1/dev: "qwen-batch": serves model "qwen2.5-7b-instruct-awq" from image "ghcr.io/example-org/vllm-qwen2.5-7b-instruct-awq:v0.10.2-r3"',
      "Routes newly exposed:",
      '  - dev-use1/dev: newly exposed: "batch.dev.llm.example.com/v1/chat/completions" ("Ingress qwen-batch-api")',
      '  - dev-use1/dev: newly exposed: "batch.dev.llm.example.com/v1/completions" ("Ingress qwen-batch-api")',
      '  - dev-use1/dev: newly exposed: "batch.dev.llm.example.com/v1/models" ("Ingress qwen-batch-api")',
      "Authorization widened:",
      '  - dev-use1/dev: "qwen-batch": new ALLOW policy granting "principals cluster.local/ns/kong/sa/kong-gateway", "methods POST", "paths /v1/chat/completions", "paths /v1/completions", "ports 8080", "methods GET", "paths /v1/models"',
    ]],
  ])("%s", async (name, expected) => {
    const r = await diffOf(name);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const [heading, blank, ...summary] = summaryOf(r.stdout).split("\n");
    expect([heading, blank]).toEqual([`diff ${revs.get(name)}~1 → ${revs.get(name)}`, ""]);
    expect(summary).toEqual(expected);
    expect(r.stdout).toContain("\ndev-use1/dev: ");
    expect(r.stdout).not.toMatch(/prod|staging/); // only the edited environment changed
  });

  it("lists field changes under each overlay", async () => {
    const r = await diffOf("replicas");
    expect(r.stdout).toContain("  ~ serving.kserve.io/InferenceService llm-dev/qwen-chat\n      .spec.predictor.maxReplicas: 2 → 1");
  });

  it("json: the whole structure", async () => {
    const r = await diffOf("scaler", "--format", "json");
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual([{ topic: "scaler", overlay: "dev-use1/dev", text: '"qwen-chat-predictor": scaler HPA → KEDA ScaledObject' }]);
    const dev = doc.overlays.find((o: { cluster: string }) => o.cluster === "dev-use1");
    expect(dev.changes.map((c: { change: string; kind: string }) => `${c.change} ${c.kind}`)).toEqual(expect.arrayContaining(["removed HorizontalPodAutoscaler", "added ScaledObject"]));
  });

  it("markdown: a heading, the summary as bullets, a collapsible block per overlay; --out gets the same uncut", async () => {
    const out = join(root, "diff.md");
    const r = await diffOf("deployment", "--format=markdown", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## llm-gitops diff: `\w+~1` → `\w+`\n/);
    expect(r.stdout).toContain('**Routes newly exposed**\n\n- dev-use1/dev: newly exposed: "batch.dev.llm.example.com/v1/chat/completions" ("Ingress qwen-batch-api")\n');
    expect(r.stdout).toMatch(/<details><summary>dev-use1\/dev: \d+ added, 0 removed, \d+ changed<\/summary>\n\n```diff\n/);
    expect(r.stdout).not.toContain("Cut to fit");
    expect(`${r.stdout}\n`).toBe(await readFile(out, "utf8"));
  });
});

describe("diff: transitions the live cluster would refuse, from the base render as deployed", () => {
  it("a KServe upgrade that strands existing services", async () => {
    const r = await diffOf("kserve");
    expect(r.code).toBe(0); // a report, not a gate: check fails on it
    const summary = summaryOf(r.stdout).split("\n");
    const at = summary.indexOf("Changes the live cluster would refuse:");
    expect(at).toBeGreaterThan(0);
    expect(summary.slice(at + 1).filter((l) => /^  - environments\/platform\.yaml:\d+:7 clusters\["prod-use1-[ab]"\]\.kserve\.version: InferenceService "qwen-chat" .* can no longer update/.test(l))).toHaveLength(2);
  });
});

describe("diff: revisions and refusals", () => {
  it("the head defaults to the work tree; no change is not an error", async () => {
    expect(await run(["diff", "--base", "HEAD"], root)).toMatchObject({ code: 0, stdout: "diff HEAD → work tree\n\nno changes to the rendered objects" });
  });

  it("a base that does not load is noted and everything is new; a head that does not load exits 2", async () => {
    const git = (...args: string[]) => promisify(execFile)("git", ["-C", root, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);
    const empty = (await git("commit-tree", "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "-m", "empty")).stdout.trim();
    const r = await run(["diff", "--base", empty], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`note: the base ${empty} does not load (`);
    expect(r.stdout).toContain("problems); every object is shown as added and transitions are not checked\n");
    expect(r.stdout).toContain("\nnote: base: environments/platform.yaml:1:1 file not found");
    expect(r.stdout).toContain('"qwen-chat": new, 1 replica × 1 GPU = 1 GPU');
    const h = await run(["diff", "--base", "HEAD", "--head", empty], root);
    expect(h.code).toBe(2);
    expect(h.stderr).toContain(`diff failed: the head (${empty}) does not load: `);
  });

  it.each([["--upload-pack=x"], ["a..b"], ["-x"]])("refuses %s as a revision, without running it", async (ref) => {
    const r = await run(["diff", "--base", ref], root);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("needs --base; names a missing revision", async () => {
    expect((await run(["diff"], root)).stderr).toMatch(/--base REV is required/);
    expect((await run(["diff", "--base", "no-such-branch"], root)).stderr).toMatch(/--base no-such-branch: no such revision/);
    expect((await run(["diff", "--base", "HEAD", "--head", "nope"], root)).stderr).toMatch(/--head nope: no such revision/);
  });

  it("never follows a committed symlink", async () => {
    const git = (...args: string[]) => promisify(execFile)("git", ["-C", root, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);
    await symlink("/etc/passwd", join(root, "environments/evil.yaml"));
    await git("add", "-A");
    await git("commit", "-q", "-m", "evil");
    const r = await run(["diff", "--base", "HEAD~1", "--head", "HEAD"], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("environments/evil.yaml:1:1 is not a regular file at HEAD (a symlink, submodule or directory); refusing to read it");
    expect(r.stderr).not.toContain("root:");
  });
});
