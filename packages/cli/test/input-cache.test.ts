import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { copyRepo } from "./repo.ts";

const bin = resolve(import.meta.dirname, "../bin/llm-gitops.js");

/** The CLI as a user runs it, with exactly this environment (no HOME: no default cache). */
async function generateCheck(cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, "generate", "--check"], { cwd, env: { PATH: process.env.PATH ?? "", ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const r = e as { code: number; stdout: string; stderr: string };
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  }
}

describe("the input schemas' validators through the compiled-validator cache", () => {
  it("report the same located problems compiled, stored and loaded from the cache", async () => {
    const root = await copyRepo();
    const file = join(root, "environments/dev.yaml");
    const text = await readFile(file, "utf8");
    // A mistyped field (did-you-mean), a value against its pattern (the schema's hint), a wrong type.
    await writeFile(file, text.replace("namespace: llm-dev", "namespace: Not_A_Name\nnamespce: x").replace("min: 1", "min: one"));
    const cache = await mkdtemp(join(tmpdir(), "llm-gitops-input-cache-"));
    const plain = await generateCheck(root, {});
    const stored = await generateCheck(root, { LLM_GITOPS_VALIDATOR_CACHE: cache });
    const files = await readdir(cache);
    const loaded = await generateCheck(root, { LLM_GITOPS_VALIDATOR_CACHE: cache });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/environments\/dev\.yaml:\d+:\d+ namespce/);
    expect(plain.stderr).toMatch(/environments\/dev\.yaml:\d+:\d+ namespace: "Not_A_Name"/);
    expect(plain.stderr).toMatch(/replicas\.min/);
    expect(files.some((f) => f.endsWith(".cjs"))).toBe(true);
    expect(stored).toEqual(plain);
    expect(loaded).toEqual(plain);
  });
});
