import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { captureIo, copyRepo, snapshot } from "./repo.ts";

const run = async (argv: string[], cwd = "/") => {
  const io = captureIo(cwd);
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};
const { version } = JSON.parse(await readFile(join(import.meta.dirname, "../package.json"), "utf8")) as { version: string };

describe("--version", () => {
  it.each([["--version"], ["-version"]])("%s prints the package's version", async (flag) => {
    expect(await run([flag])).toEqual({ code: 0, stdout: `llm-gitops ${version}`, stderr: "" });
  });

  it("works through the npx binary", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, "../bin/llm-gitops.js"), "--version"]);
    expect(stdout).toBe(`llm-gitops ${version}\n`);
  });
});

describe("a mistyped command or flag: exit 2 with the nearest one", () => {
  it.each([
    [["valdiate"], "unknown command 'valdiate'; did you mean 'validate'? (see llm-gitops --help)"],
    [["genrate"], "unknown command 'genrate'; did you mean 'generate'? (see llm-gitops --help)"],
    [["chekc"], "unknown command 'chekc'; did you mean 'check'? (see llm-gitops --help)"],
    [["sohw"], "unknown command 'sohw'; did you mean 'show'? (see llm-gitops --help)"],
    [["help", "nope"], "unknown command 'nope'; commands: generate, check, show, diff, validate, cost (see llm-gitops --help)"],
    [["help", "valdate"], "unknown command 'valdate'; did you mean 'validate'? (see llm-gitops --help)"],
    [["--verison"], "unknown flag --verison; did you mean --version? (see llm-gitops --help)"],
    [["-x"], "unknown flag -x (see llm-gitops --help)"],
    [["generate", "--chek"], "unknown flag --chek; did you mean --check? (see llm-gitops generate --help)"],
    [["generate", "-chek"], "unknown flag -chek; did you mean -check? (see llm-gitops generate --help)"],
    [["generate", "--output-dri", "x"], "unknown flag --output-dri; did you mean --output-dir? (see llm-gitops generate --help)"],
    [["generate", "--output", "yaml"], '--output must be one of text, json, github, got "yaml" (see llm-gitops generate --help)'],
    [["generate", "--check=maybe"], '--check takes no value (or =true, =false), got "maybe" (see llm-gitops generate --help)'],
    [["check", "--bsae", "main"], "unknown flag --bsae; did you mean --base? (see llm-gitops check --help)"],
    [["check", "--base", "--upload-pack=x"], '--base needs a value (got the flag "--upload-pack=x"; write --base=VALUE for a value starting with \'-\') (see llm-gitops check --help)'],
    [["check", "--outptu", "json"], "unknown flag --outptu; did you mean --output? (see llm-gitops check --help)"],
    [["show", "--klind", "x"], "unknown flag --klind; did you mean --kind? (see llm-gitops show --help)"],
    [["validate", "-stirct"], "flag provided but not defined: -stirct; did you mean -strict? (see llm-gitops validate --help)"],
    [["validate", "--summray"], "flag provided but not defined: -summray; did you mean -summary? (see llm-gitops validate --help)"],
    [["generate", "extra"], 'unexpected argument "extra"; this command takes only flags (see llm-gitops generate --help)'],
    [["valdiate\u001b[31m"], 'unknown command "valdiate\\u001b[31m"; commands: generate, check, show, diff, validate, cost (see llm-gitops --help)'],
  ])("%j", async (argv, message) => {
    const r = await run(argv);
    expect(r).toEqual({ code: 2, stdout: "", stderr: message });
  });
});

describe("every command takes single- and double-dash flags alike", () => {
  it.each([
    [["help"], /^Usage: llm-gitops <command>/],
    [["help", "show"], /^Usage: llm-gitops show/],
    [["generate", "-help"], /^Usage: llm-gitops generate/],
    [["check", "-h"], /^Usage: llm-gitops check/],
    [["show", "--help"], /^Usage: llm-gitops show/],
    [["validate", "--help"], /^Usage: llm-gitops validate/],
  ])("%j shows help", async (argv, help) => {
    const r = await run(argv);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(help);
  });

  it("generate -check and -root DIR work as --check and --root DIR; -check=false writes", async () => {
    const root = await copyRepo();
    const dev = join(root, "environments/dev.yaml");
    await writeFile(dev, (await readFile(dev, "utf8")).replace("min: 1", "min: 2"));
    const before = await snapshot(root);
    const r = await run(["generate", "-check", "-root", root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^clusters\/ and docker\/ differ from a fresh render/);
    expect(await snapshot(root)).toEqual(before);
    expect((await run(["generate", "-check=false", `-root=${root}`])).code).toBe(0);
    expect(await run(["generate", "--check", "--root", root])).toMatchObject({ code: 0, stdout: "clusters/ and docker/ are up to date with environments/" });
  });
});
