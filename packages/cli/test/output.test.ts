import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { annotation, type Finding } from "../src/report.ts";
import { captureIo, copyRepo, snapshot } from "./repo.ts";

const run = async (argv: string[], cwd: string, env?: Record<string, string>) => {
  const io = { ...captureIo(cwd), ...(env ? { env } : {}) };
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};
const edit = async (root: string, file: string, from: string, to: string) => {
  const text = await readFile(join(root, file), "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  await writeFile(join(root, file), text.replace(from, to));
};
/** A copy whose prod asks for more replicas than its pools hold. */
async function broken(): Promise<string> {
  const root = await copyRepo();
  await edit(root, "environments/prod.yaml", "max: 20", "max: 30");
  return root;
}

describe("GitHub annotations", () => {
  it.each<[string, Finding, string]>([
    ["a located problem", { gate: "input", severity: "error", file: "environments/prod.yaml", line: 14, col: 7, path: "deployments[0].replicas.max", message: "must be >= 1" }, "::error file=environments/prod.yaml,line=14,col=7,title=input%3A deployments[0].replicas.max::must be >= 1"],
    ["a warning", { gate: "contracts", severity: "warning", file: "environments/prod.yaml", line: 3, col: 1, message: "poor signal" }, "::warning file=environments/prod.yaml,line=3,col=1,title=llm-gitops contracts::poor signal"],
    ["GitHub's escapes: % CR LF in data; also : and , in properties", { gate: "schema", severity: "error", file: "a,b:c%.yaml", line: 1, col: 2, path: 'x["a:b,c"]', message: "100% bad\r\nnext: a, b" }, '::error file=a%2Cb%3Ac%25.yaml,line=1,col=2,title=schema%3A x["a%3Ab%2Cc"]::100%25 bad%0D%0Anext: a, b'],
    ["no file: a workflow-level annotation", { gate: "schema", severity: "error", message: "cannot fetch" }, "::error title=llm-gitops schema::cannot fetch"],
    ["a rendered object named after the message", { gate: "schema", severity: "error", file: "environments/prod.yaml", line: 8, col: 5, message: "bad", object: "clusters/a/prod/x.yaml" }, "::error file=environments/prod.yaml,line=8,col=5,title=llm-gitops schema::bad (clusters/a/prod/x.yaml)"],
  ])("%s", (_, finding, line) => {
    expect(annotation(finding)).toBe(line);
  });
});

describe("generate --output", () => {
  it("github: input errors annotate the environment file's lines, then the summary", async () => {
    const r = await run(["generate", "--output", "github"], await broken());
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n").map((l) => l.replace(/::30 replicas.*cluster "(prod-use1-.)".*/, "::… $1"))).toEqual([
      "::error file=environments/prod.yaml,line=15,col=7,title=serving%3A deployments[0].replicas.max::… prod-use1-a",
      "::error file=environments/prod.yaml,line=15,col=7,title=serving%3A deployments[0].replicas.max::… prod-use1-b",
    ]);
    expect(r.stderr).toBe("generate failed: 2 problems in environments/; nothing was written");
  });

  it("json: one document with every problem and the summary, nothing on stderr", async () => {
    const r = await run(["generate", "-output=json"], await broken());
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: "" });
    const doc = JSON.parse(r.stdout);
    expect(doc.problems).toHaveLength(2);
    expect(doc.problems[0]).toMatchObject({ gate: "serving", severity: "error", file: "environments/prod.yaml", line: 15, col: 7, path: "deployments[0].replicas.max" });
    expect(doc.summary).toEqual({
      gates: [
        { gate: "input", status: "ok", summary: "environments/ read and resolved" },
        { gate: "serving", status: "failed", summary: "2 problems" },
        { gate: "contracts", status: "ok", summary: "one scaler per predictor, on a metric it can read" },
      ],
      errors: 2,
      warnings: 0,
      verdict: "failed",
      exitCode: 2,
    });
  });

  it("json on success: the written counts, no problems", async () => {
    const r = await run(["generate", "--output", "json"], await copyRepo());
    const doc = JSON.parse(r.stdout);
    expect([r.code, doc.problems, doc.summary.verdict, doc.summary.gates.at(-1).gate]).toEqual([0, [], "passed", "write"]);
  });
});

describe("generate --output-dir", () => {
  it("renders the whole tree under DIR, exactly as in the repository, changing nothing there", async () => {
    const root = await copyRepo();
    await run(["generate"], root); // the repository's own tree, current
    const before = await snapshot(root);
    const out = join(await copyRepo(), "artifacts/render");
    const r = await run(["generate", "--output-dir", out], root);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(new RegExp(`^generated (\\d+) files in ${out}: \\1 added, 0 updated, 0 removed, 0 unchanged$`));
    expect(await snapshot(out)).toEqual(before);
    expect(await snapshot(root)).toEqual(before);
    expect(await run(["generate", "-output-dir", out, "-check"], root)).toMatchObject({ code: 0, stdout: `${out} is up to date with environments/` });
    await edit(root, "environments/dev.yaml", "min: 1", "min: 2");
    const stale = await run(["generate", "--output-dir", out, "--check"], root);
    expect(stale.code).toBe(1);
    expect(stale.stderr.split("\n")[0]).toMatch(/^clusters\/ and docker\/ differ from a fresh render of environments\/ \(\d+ files?\); run `llm-gitops generate --output-dir .*`:$/);
  });

  it.each(["clusters/render", "docker", ".llm-gitops/x"])("refuses %s inside the repository's generated tree", async (dir) => {
    const root = await copyRepo();
    const r = await run(["generate", "--output-dir", dir], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is inside the repository's (clusters|docker|\.llm-gitops)\/, which generate owns/);
  });
});

describe("check: one line per gate and a verdict", () => {
  it("says once per host that schemas cannot be fetched, with the fix, and fails the schema gate", async () => {
    const root = await copyRepo();
    const r = await run(["check"], root, {}); // no mirror: the test setup refuses the network
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      "cannot fetch schemas from raw.githubusercontent.com (test tried to reach raw.githubusercontent.com: tests must use the schema mirror or a loopback server), so 188 rendered objects were not validated; allow this machine to reach raw.githubusercontent.com, or set LLM_GITOPS_SCHEMA_MIRROR to a copy of the schema hosts (as CI does with ../shared/crds)",
    ]);
    expect(r.stdout.split("\n")).toEqual([
      "input      ok       4 files in environments/",
      "serving    ok       3 deployments fit their GPUs, nodes and pools",
      "contracts  ok       one scaler per predictor, on a metric it can read",
      "changes    ok       nothing the live clusters would refuse (deployed: the work tree's clusters/)",
      "schema     FAILED   of 188 rendered objects, 188 not validated",
      "policy     ok       15 rules hold on 188 rendered objects",
      "drift      ok       clusters/ and docker/ are up to date with environments/",
      "check failed: schema (1 problem)",
    ]);
    const github = await run(["check", "--output", "github"], root, {});
    expect(github.stdout.split("\n")[0]).toMatch(/^::error title=llm-gitops schema::cannot fetch schemas from raw\.githubusercontent\.com /);
    expect(github.stdout.split("\n")).toHaveLength(9);
  });

  it("ends with the verdict, never with 'up to date', after a failed gate; json carries the same", async () => {
    const root = await copyRepo();
    await edit(root, "environments/dev.yaml", "min: 1", "min: 2");
    const r = await run(["check"], root);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    const drifted = /^drift      FAILED   (\d+) files? differ from a fresh render; run `npm run generate` and commit the result$/.exec(lines.at(-2)!);
    expect(drifted).not.toBeNull();
    expect(lines.at(-1)).toBe(`check failed: drift (${drifted![1]} problems)`);
    expect(lines.map((l) => l.split(" ")[0])).toEqual(["input", "serving", "contracts", "changes", "schema", "policy", "drift", "check"]);
    const json = JSON.parse((await run(["check", "--output", "json"], root)).stdout);
    expect(json.problems.length).toBe(Number(drifted![1]));
    for (const p of json.problems) expect(p).toMatchObject({ gate: "drift", severity: "error", file: expect.stringMatching(/^clusters\/.*dev/), message: expect.stringMatching(/^stale: /) });
    expect(json.summary).toMatchObject({ verdict: "failed", exitCode: 1, errors: json.problems.length });
    expect(json.summary.gates.map((g: { status: string }) => g.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok", "failed"]);
  });
});
