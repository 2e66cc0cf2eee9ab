import { execFileSync } from "node:child_process";
import { constants } from "node:fs";
import { mkdir, mkdtemp, open, readFile, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mirrorPath } from "@llm-gitops/kubeconform-wrapper";
import { main } from "../src/main.ts";
import { captureIo, MIRROR, REPO_ROOT } from "./repo.ts";

const FIXTURE = join(import.meta.dirname, "fixtures/broken/manifests.yaml");

const run = async (argv: string[], env: Record<string, string> = { LLM_GITOPS_SCHEMA_MIRROR: MIRROR }, stdin?: string) => {
  const io = { ...captureIo(REPO_ROOT), env, ...(stdin !== undefined ? { stdin: async () => stdin } : {}) };
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};
const STRICT = ["validate", "-strict", "-kubernetes-version", "1.33.1", "-schema-location", "default", "-schema-location", "catalog", "-engine", "builtin"];

describe("llm-gitops validate", () => {
  it("gives kubeconform's verdicts on hand-written broken manifests (-strict -output json)", async () => {
    const expected = JSON.parse(await readFile(join(import.meta.dirname, "fixtures/broken/expected.json"), "utf8")) as { kind: string; name: string; status: string; paths?: string[] }[];
    const r = await run([...STRICT, "-output", "json", "-summary", "-verbose", FIXTURE]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { resources: { kind: string; name: string; status: string; validationErrors?: { path: string }[] }[]; summary: object };
    expect(doc.resources.map((x) => ({ kind: x.kind, name: x.name, status: x.status, ...(x.validationErrors ? { paths: x.validationErrors.map((e) => e.path) } : {}) }))).toEqual(expected);
    expect(doc.summary).toEqual({ valid: 3, invalid: 4, errors: 2, skipped: 0 });
  });

  it("uses exactly the schema an explicit location template names (here a strict one, so the typo fails)", async () => {
    const r = await run(["validate", "-kubernetes-version", "master", "-schema-location", mirrorPath("https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone-strict/{{ .ResourceKind }}{{ .KindSuffix }}.json", MIRROR)!, "-output", "json", "-"], { LLM_GITOPS_SCHEMA_MIRROR: MIRROR }, "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\nautomountServiceAcountToken: false\n");
    expect(JSON.parse(r.stdout).resources.map((x: { status: string }) => x.status)).toEqual(["statusInvalid"]);
  });

  it("reads stdin and prints text with located errors and a summary", async () => {
    const r = await run([...STRICT, "-summary", "-"], { LLM_GITOPS_SCHEMA_MIRROR: MIRROR }, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  lables: {a: b}\n");
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").slice(1)).toEqual([
      "  stdin:5:3 /metadata: additional properties 'lables' not allowed",
      "Summary: 1 resource found parsing stdin - Valid: 0, Invalid: 1, Errors: 0, Skipped: 0",
    ]);
  });

  it("validates a fresh render with check's settings when given neither paths nor locations", async () => {
    const r = await run(["validate", "--summary"]);
    expect(r).toMatchObject({ code: 0, stdout: "Summary: 188 resources found in 188 files - Valid: 188, Invalid: 0, Errors: 0, Skipped: 0" });
  });

  it("validates a fresh render without paths with explicit flags", async () => {
    const r = await run([...STRICT.filter((a) => a !== "-engine" && a !== "builtin"), "-summary"]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^Summary: 188 resources found in 188 files - Valid: 188, Invalid: 0, Errors: 0, Skipped: 0$/);
  });

  it("validates the committed clusters/ tree clean in strict mode", async () => {
    const r = await run([...STRICT, "-summary", join(REPO_ROOT, "clusters")]);
    expect(r.stdout).toMatch(/Invalid: 0, Errors: 0, Skipped: \d+$/);
    expect(r.code).toBe(0);
  });

  it.each([
    [["validate", "-output", "yaml"], "-output must be one of text, json, junit, tap, pretty, sarif, github, got yaml (see llm-gitops validate --help)"],
    [["validate", "-frobnicate"], "flag provided but not defined: -frobnicate (see llm-gitops validate --help)"],
    [["validate", "-engine", "binary", "-kubeconform", "/nonexistent/kubeconform", join(REPO_ROOT, "clusters")], "-engine binary: kubeconform not found on PATH; install it or pass -kubeconform PATH (see llm-gitops validate --help)"],
    [["validate", "no-such.yaml"], "no-such.yaml: no such file or directory (see llm-gitops validate --help)"],
  ])("%j is a usage error", async (argv, message) => {
    expect(await run(argv)).toMatchObject({ code: 2, stderr: message });
  });
});

// Issue 8: each of these crashed validate (exit 3 and a stack trace), hung it, passed a resource
// against a schema picked from outside the schema directory, or read a file without limit.
describe("llm-gitops validate on hostile input", () => {
  const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n";
  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ..."bcdefg".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdef"[i]}`).join(", ")}]`)].join("\n");
  type Setup = (dir: string) => Promise<void>;
  const file = (name: string, text: string | Buffer): Setup => (dir) => writeFile(join(dir, name), text);
  const fifos: string[] = [];
  // A reader the code before the fix left blocked on a FIFO is released, so the worker can exit.
  afterAll(async () => {
    for (const f of fifos) await open(f, constants.O_WRONLY | constants.O_NONBLOCK).then((h) => h.close(), () => undefined);
  });

  it.each<[string, Setup, string]>([
    ["an undefined alias", file("a.yaml", `${CM}data: {a: *nope}\n`), '<dir>/a.yaml:4:11 - failed validation: error unmarshalling resource: unknown anchor "nope" referenced'],
    ["more than 100 uses of one anchor", file("a.yaml", `${CM}data: {a: &a x}\nbinaryData: [${Array(101).fill("*a").join(", ")}]\n`), "<dir>/a.yaml:5:14 - failed validation: error unmarshalling resource: aliases expand to more than 100 copies (an alias bomb?); repeat the values instead"],
    ["an alias bomb", file("a.yaml", `${CM}${bomb}\n`), "<dir>/a.yaml:5:8 - failed validation: error unmarshalling resource: aliases expand to more than 100 copies (an alias bomb?); repeat the values instead"],
    ["a symlink loop", (dir) => symlink("a.yaml", join(dir, "a.yaml")), "<dir>/a.yaml - failed validation: not read: a symbolic link loop (too many levels of symbolic links)"],
    ["a directory link loop", async (dir) => { await mkdir(join(dir, "sub")); await symlink("..", join(dir, "sub/up")); }, "<dir>/sub/up - failed validation: not read: a symbolic link loop (it points back at a directory that contains it); not followed"],
    ["a FIFO", async (dir) => { fifos.push(join(dir, "a.yaml")); execFileSync("mkfifo", [join(dir, "a.yaml")]); }, "<dir>/a.yaml - failed validation: not read: a named pipe (FIFO), not a regular file; pipe manifests to stdin with '-' instead"],
    ["a link to a device", (dir) => symlink("/dev/zero", join(dir, "a.yaml")), '<dir>/a.yaml - failed validation: not read: a symbolic link to "/dev/zero", outside the directory being validated; not followed'],
    ["a very large file", async (dir) => { await writeFile(join(dir, "a.yaml"), ""); await truncate(join(dir, "a.yaml"), 64 * 1024 * 1024); }, "<dir>/a.yaml - failed validation: not read: larger than 16 MiB (64.0 MiB); split it into smaller files"],
    ["a kind that climbs out of the schema directory", file("a.yaml", "apiVersion: v1\nkind: ../../o/evil\nmetadata: {name: x}\n"), '<dir>/a.yaml:2:1 - ../../o/evil x failed validation: kind "../../o/evil" is not a Kubernetes kind: letters, digits and \'-\', starting with a letter (e.g. Deployment)'],
  ])("%s in an input directory is an error of that file; the others are still validated", async (_, setup, line) => {
    const dir = await mkdtemp(join(tmpdir(), "validate-hostile-"));
    await writeFile(join(dir, "ok.yaml"), CM);
    await setup(dir);
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, no) => (timer = setTimeout(() => no(new Error("validate hung")), 120_000)));
    const r = await Promise.race([run([...STRICT, "-summary", dir]), hung]).finally(() => clearTimeout(timer));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" });
    expect(r.stdout.replaceAll(dir, "<dir>").split("\n")).toEqual([line, expect.stringMatching(/^Summary: 2 resources found in \d files - Valid: 1, Invalid: 0, Errors: 1, Skipped: 0$/)]);
  });

  it("a path given that is a symlink loop is a usage error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "validate-hostile-"));
    await symlink("loop.yaml", join(dir, "loop.yaml"));
    expect(await run(["validate", join(dir, "loop.yaml")])).toMatchObject({ code: 2, stderr: `${join(dir, "loop.yaml")}: a symbolic link loop (too many levels of symbolic links) (see llm-gitops validate --help)` });
  });

  it("a kind that climbs out of an explicit schema directory no longer passes against the schema it finds there", async () => {
    const dir = await mkdtemp(join(tmpdir(), "validate-hostile-"));
    await mkdir(join(dir, "schemas"));
    await mkdir(join(dir, "o"));
    await writeFile(join(dir, "o/evil.json"), "{}");
    const r = await run(["validate", "-engine", "builtin", "-schema-location", join(dir, "schemas/{{ .ResourceKind }}.json"), "-"], { LLM_GITOPS_SCHEMA_MIRROR: MIRROR }, "apiVersion: v1\nkind: ../o/evil\nmetadata: {name: x}\n");
    expect(r).toMatchObject({ code: 1, stdout: expect.stringContaining('kind "../o/evil" is not a Kubernetes kind') });
  });
});

describe("llm-gitops check runs the schema gate", () => {
  it("passes on the example environments", async () => {
    const r = await run(["check"]);
    expect(r.stdout.split("\n").filter((l) => /^(schema|drift|check) /.test(l))).toEqual([
      "schema     ok       188 rendered objects valid (strict)",
      "drift      ok       clusters/ and docker/ are up to date with environments/",
      "check passed: all 7 gates ok",
    ]);
    expect(r.code).toBe(0);
  });
});
