#!/usr/bin/env node
// The images workflow's plan: which docker/<model>/Dockerfile to build, and where to push it.
// Prints `matrix=<json>` and `any=true|false` to $GITHUB_OUTPUT (stdout when unset).
//
// Environment (all optional): BEFORE and AFTER, the commits of a push (every model when BEFORE is
// missing, all zeros or not in the clone); MODEL, a model key or `all` (workflow_dispatch).
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..");
const platform = parse(readFileSync(join(root, "environments/platform.yaml"), "utf8"));
const models = platform?.models ?? {};
const built = readdirSync(join(root, "docker"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "docker", d.name, "Dockerfile")))
  .map((d) => d.name)
  .sort();

const fail = (message) => {
  console.error(`image-matrix: ${message}`);
  process.exit(1);
};

/** Models whose Dockerfile changed between two commits, or null when that cannot be told. */
function changed(before, after) {
  if (!before || /^0+$/.test(before) || !after) return null;
  try {
    execFileSync("git", ["cat-file", "-e", `${before}^{commit}`], { cwd: root, stdio: "ignore" });
  } catch {
    return null; // force-push or shallow clone: build everything rather than guess
  }
  const out = execFileSync("git", ["diff", "--name-only", before, after, "--", "docker/"], { cwd: root, encoding: "utf8" });
  const names = new Set(out.split("\n").map((f) => /^docker\/([^/]+)\/Dockerfile$/.exec(f)?.[1]).filter(Boolean));
  return built.filter((m) => names.has(m));
}

const wanted = (process.env.MODEL ?? "").trim();
let selected;
if (wanted && wanted !== "all") {
  if (!built.includes(wanted)) fail(`no docker/${wanted}/Dockerfile; models with one: ${built.join(", ") || "none"}`);
  selected = [wanted];
} else if (wanted === "all") {
  selected = built;
} else {
  selected = changed(process.env.BEFORE, process.env.AFTER) ?? built;
}

const include = selected.map((model) => {
  const m = models[model];
  if (!m) fail(`docker/${model}/Dockerfile has no model ${model} in environments/platform.yaml`);
  const image = m.image?.repository;
  // GITHUB_TOKEN can push to GHCR only; registries want lower-case repositories.
  if (typeof image !== "string" || !image.startsWith("ghcr.io/")) fail(`models.${model}.image.repository must be on ghcr.io to be pushed by this workflow, got ${JSON.stringify(image)}`);
  if (image !== image.toLowerCase()) fail(`models.${model}.image.repository must be lower case, got ${image}`);
  return { model, context: `docker/${model}`, image, source: String(m.source ?? ""), revision: String(m.revision ?? "") };
});

const lines = [`matrix=${JSON.stringify({ include })}`, `any=${include.length > 0}`];
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, lines.join("\n") + "\n");
else console.log(lines.join("\n"));
console.error(`image-matrix: ${include.length ? include.map((i) => i.model).join(", ") : "no Dockerfile changed"}`);
