import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "./repo.ts";

/** The workflows GitHub runs: every .yml/.yaml under .github/workflows. */
const WORKFLOW_DIR = join(REPO_ROOT, ".github/workflows");
const workflows = readdirSync(WORKFLOW_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => ({ file: `.github/workflows/${f}`, text: readFileSync(join(WORKFLOW_DIR, f), "utf8") }));

/** The actionlint .ci/run installs (and scripts/require-tools.mjs asks for). */
const ACTIONLINT_VERSION = /^ACTIONLINT_VERSION=(v\d+\.\d+\.\d+)$/m.exec(readFileSync(join(REPO_ROOT, ".ci/run"), "utf8"))?.[1];
const INSTALL = `go install github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION ?? "<version in .ci/run>"}`;

/** actionlint on PATH, else where `go install` put it; never a skip. */
function findActionlint(): string {
  if (spawnSync("actionlint", ["-version"], { stdio: "ignore" }).status === 0) return "actionlint";
  const gopath = spawnSync("go", ["env", "GOPATH"], { encoding: "utf8" });
  if (gopath.status === 0 && gopath.stdout.trim()) {
    const bin = join(gopath.stdout.trim().split(":")[0]!, "bin", "actionlint");
    if (existsSync(bin) && spawnSync(bin, ["-version"], { stdio: "ignore" }).status === 0) return bin;
  }
  throw new Error(`actionlint not found on PATH nor in $(go env GOPATH)/bin: ${INSTALL}`);
}

type Doc = Record<string, unknown>;
type Step = { uses?: unknown; run?: unknown };
type Job = { "timeout-minutes"?: unknown; uses?: unknown; steps?: Step[] };
type Check = { name: string; problems: (doc: Doc, text: string) => string[] };

const jobsOf = (doc: Doc) => Object.entries((doc.jobs ?? {}) as Record<string, Job>);
const stepsOf = (doc: Doc) => jobsOf(doc).flatMap(([id, job]) => (job.steps ?? []).map((step, i) => ({ where: `jobs.${id}.steps[${i}]`, step })));
/** Every `uses:` of a step or of a job that calls a reusable workflow. */
const usesOf = (doc: Doc) => [
  ...jobsOf(doc).flatMap(([id, job]) => (typeof job.uses === "string" ? [{ where: `jobs.${id}`, uses: job.uses }] : [])),
  ...stepsOf(doc).flatMap(({ where, step }) => (typeof step.uses === "string" ? [{ where, uses: step.uses }] : [])),
];

/** Expressions that carry what a pull request's author controls (titles, bodies, branch names) or a dispatcher typed. */
const UNTRUSTED = /\$\{\{[^}]*?\b(github\s*\.\s*event\s*\.|github\s*\.\s*head_ref\b|github\.event\[|inputs\s*\.)/;

const CHECKS: Check[] = [
  {
    name: "every uses: is pinned by a full commit SHA",
    problems: (doc) =>
      usesOf(doc)
        .filter(({ uses }) => !uses.startsWith("./") && !/^docker:\/\/.+@sha256:[0-9a-f]{64}$/.test(uses) && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses))
        .map(({ where, uses }) => `${where}: ${uses} is not pinned by a 40-hex commit SHA`),
  },
  {
    name: "every SHA pin names its version in a comment",
    problems: (_doc, text) =>
      text
        .split("\n")
        .map((line, i) => ({ line, n: i + 1 }))
        .filter(({ line }) => /^\s*(-\s+)?uses:\s*[^.\s][^\s]*@[0-9a-f]{40}/.test(line) && !/@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$/.test(line))
        .map(({ n, line }) => `line ${n}: ${line.trim()} has no "# vX.Y.Z" comment`),
  },
  {
    name: "every job has timeout-minutes",
    problems: (doc) =>
      jobsOf(doc)
        .filter(([, job]) => typeof job.uses !== "string" && !(typeof job["timeout-minutes"] === "number" && job["timeout-minutes"] > 0))
        .map(([id]) => `jobs.${id} has no positive timeout-minutes`),
  },
  {
    name: "top-level permissions are read-only",
    problems: (doc) => {
      const p = doc.permissions;
      if (p === undefined) return ["no top-level permissions: the token would get the repository's default (possibly write-all)"];
      if (p === "read-all" || (typeof p === "object" && p !== null && Object.keys(p).length === 0)) return [];
      if (typeof p !== "object" || p === null) return [`top-level permissions: ${String(p)} is not read-only`];
      return Object.entries(p as Record<string, unknown>)
        .filter(([, v]) => v !== "read" && v !== "none")
        .map(([k, v]) => `top-level permissions.${k}: ${String(v)} is not read-only (widen it in the job that needs it)`);
    },
  },
  {
    name: "no untrusted input is interpolated into run:",
    problems: (doc) =>
      stepsOf(doc)
        .filter(({ step }) => typeof step.run === "string" && UNTRUSTED.test(step.run))
        .map(({ where, step }) => `${where}.run interpolates ${UNTRUSTED.exec(step.run as string)![0]}…: pass it through env: instead`),
  },
  {
    name: "npx never installs what the lockfile does not pin",
    problems: (doc) =>
      stepsOf(doc)
        .filter(({ step }) => typeof step.run === "string" && /(^|[\s;&|(])npx\s+(?!--no-install\b)/m.test(step.run))
        .map(({ where }) => `${where}.run calls npx without --no-install`),
  },
];

/** A workflow that breaks every rule once: each check must catch it. */
const BAD = `name: bad
on: pull_request
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020
      - run: echo "\${{ github.event.pull_request.title }} \${{github.head_ref}}"
      - run: npx llm-gitops check
`;

describe("workflows", () => {
  it("there are workflows to check", () => {
    expect(workflows.map((w) => w.file)).toContain(".github/workflows/ci.yaml");
  });

  it("actionlint finds nothing", () => {
    const bin = findActionlint();
    const r = spawnSync(bin, ["-no-color", "-format", "{{json .}}", ...workflows.map((w) => w.file)], { cwd: REPO_ROOT, encoding: "utf8" });
    if (r.error) throw r.error;
    const findings = (r.stdout.trim() ? JSON.parse(r.stdout) : []) as { filepath: string; line: number; column: number; message: string; kind: string }[];
    expect(findings.map((f) => `${f.filepath}:${f.line}:${f.column}: ${f.message} [${f.kind}]`), r.stderr).toEqual([]);
    expect(r.status, r.stderr).toBe(0);
  });

  describe.each(CHECKS)("$name", (check) => {
    it.each(workflows)("$file", ({ text }) => {
      expect(check.problems(parse(text) as Doc, text)).toEqual([]);
    });

    it("catches a workflow that breaks it", () => {
      expect(check.problems(parse(BAD) as Doc, BAD).length).toBeGreaterThan(0);
    });
  });
});
