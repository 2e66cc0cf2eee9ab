import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { captureIo, REPO_ROOT } from "./repo.ts";

const run = async (...argv: string[]) => {
  const io = captureIo(REPO_ROOT);
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};

interface Doc {
  hoursPerMonth: number;
  environments: { name: string; monthly: { min: number; expected: number; max: number } }[];
  total: { min: number; expected: number; max: number };
  lines: { cluster: string; environment?: string; kind: string; price: { source: string } }[];
  capacity: { environment: string; deployment: string; maxLengthSequences: number; peak?: { replicas: number } }[];
  warnings: unknown[];
}

describe("llm-gitops cost on the example environments", () => {
  it("json: every environment, a total that adds up, a source for every price", async () => {
    const r = await run("cost", "--format", "json");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.hoursPerMonth).toBe(730);
    expect(doc.environments.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
    const sum = doc.environments.reduce((n, e) => n + e.monthly.expected, 0);
    // Clusters used by one environment are counted to it, so the environments add up to the total.
    expect(Math.abs(sum - doc.total.expected)).toBeLessThan(0.05);
    for (const e of doc.environments) expect(e.monthly.min <= e.monthly.expected && e.monthly.expected <= e.monthly.max).toBe(true);
    expect(doc.lines.every((l) => l.price.source.length > 0)).toBe(true);
    expect(doc.capacity.map((c) => `${c.environment}/${c.deployment}`)).toEqual(["dev/qwen-chat", "prod/qwen-chat", "staging/qwen-chat"]);
    expect(doc.capacity.every((c) => c.maxLengthSequences > 0)).toBe(true);
  });

  it("markdown: a table of environments, the lines with their price sources, the capacity", async () => {
    const r = await run("cost", "--format", "markdown");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## llm-gitops cost\n/);
    expect(r.stdout).toMatch(/\| prod \| \$[\d,]+\.\d\d \| \$[\d,]+\.\d\d \| \$[\d,]+\.\d\d \|/);
    expect(r.stdout).toContain("<details><summary>Lines and price sources</summary>");
    expect(r.stdout).toContain("**Capacity**");
  });

  it("--env narrows to one environment (single or double dash), with its clusters only", async () => {
    const r = await run("cost", "-env", "staging", "--format=json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.environments.map((e) => e.name)).toEqual(["staging"]);
    expect([...new Set(doc.lines.map((l) => l.cluster))]).toEqual(["staging-use1"]);
    expect(doc.capacity.map((c) => c.environment)).toEqual(["staging"]);
  });

  it("svg: the bar chart of the README, byte for byte", async () => {
    const r = await run("cost", "--format", "svg");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<\/svg>$/);
    expect(`${r.stdout}\n`).toBe(await readFile(join(REPO_ROOT, "packages/cost/docs/cost.svg"), "utf8"));
  });

  it("text: one line per environment and the total", async () => {
    const r = await run("cost");
    expect(r.code).toBe(0);
    for (const name of ["dev", "prod", "staging", "total"]) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\$`, "m"));
  });

  it.each([
    ["an unknown environment, with the nearest one", ["cost", "--env", "prd"], /unknown environment "prd"; did you mean "prod"\?/],
    ["an unknown format", ["cost", "--format", "yaml"], /--format must be one of text, json, markdown, svg/],
    ["an unknown flag", ["cost", "--evn", "prod"], /unknown flag --evn; did you mean --env\?/],
  ])("exits 2 on %s", async (_name, argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("is listed in the main help and has its own", async () => {
    expect((await run("--help")).stdout).toMatch(/^  cost {6}what each environment costs/m);
    const help = await run("cost", "-h");
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^Usage: llm-gitops cost \[--env E\] \[--format FORMAT\] \[--root DIR\]/);
  });
});
