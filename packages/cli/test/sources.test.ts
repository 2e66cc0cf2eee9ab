import { execFileSync } from "node:child_process";
import { mkdir, readFile, rename, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { captureIo, copyRepo, snapshot } from "./repo.ts";

const run = async (argv: string[], cwd: string) => {
  const io = captureIo(cwd);
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};

/** `generate` in a copy with one hostile entry under environments/: refused, located, nothing changed. */
async function refuses(setup: (env: string) => Promise<void>, message: RegExp) {
  const root = await copyRepo();
  await setup(join(root, "environments"));
  const before = await snapshot(root);
  const r = await run(["generate"], root);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(await snapshot(root)).toEqual(before);
  return r;
}

describe("environments/ is read as untrusted input", () => {
  it("refuses a symlink out of the repository without reading it, and echoes nothing", async () => {
    process.env.LLM_GITOPS_TEST_SECRET = "hunter2-must-not-leak";
    const r = await refuses((env) => symlink("/proc/self/environ", join(env, "leak.yaml")), /^environments\/leak\.yaml:1:1 is a symbolic link to a file outside the repository; refusing to read it/m);
    expect(`${r.stdout}${r.stderr}`).not.toContain("hunter2");
    delete process.env.LLM_GITOPS_TEST_SECRET;
  });

  it("refuses a FIFO without waiting for a writer", async () => {
    await refuses(async (env) => void execFileSync("mkfifo", [join(env, "pipe.yaml")]), /environments\/pipe\.yaml:1:1 is not a regular file \(a FIFO, socket or device\)/);
  });

  it("refuses /dev/zero behind a link", async () => {
    await refuses((env) => symlink("/dev/zero", join(env, "zero.yaml")), /environments\/zero\.yaml:1:1 is a symbolic link to a file outside the repository/);
  });

  it("refuses a directory named like a YAML file", async () => {
    await refuses((env) => mkdir(join(env, "x.yaml")), /environments\/x\.yaml:1:1 is a directory, not a YAML file/);
  });

  it("refuses a broken link", async () => {
    await refuses((env) => symlink("gone.yaml", join(env, "broken.yaml")), /environments\/broken\.yaml:1:1 cannot be resolved \(ENOENT\)/);
  });

  it("refuses a file larger than 1 MiB", async () => {
    await refuses((env) => writeFile(join(env, "big.yaml"), `# ${"x".repeat(1024 * 1024)}\n`), /environments\/big\.yaml:1:1 is 1048579 bytes; environment files are limited to 1048576 bytes/);
  });

  it("refuses invalid UTF-8, located, instead of reading U+FFFD", async () => {
    await refuses(
      (env) => writeFile(join(env, "bad.yaml"), Buffer.concat([Buffer.from("namespace: llm-bad\nclusters: [a"), Buffer.from([0xff, 0xfe]), Buffer.from("]\n")])),
      /environments\/bad\.yaml:2:13 is not valid UTF-8 here; save the file as UTF-8/,
    );
  });

  it("refuses two files defining one environment", async () => {
    await refuses(async (env) => writeFile(join(env, "prod.yml"), await readFile(join(env, "prod.yaml"))), /environments\/prod\.yml:1:1 defines "prod" again \(also environments\/prod\.yaml\); keep one of the two files/);
  });

  it("reads .yml and any case of the extension: a renamed prod.YAML still renders prod", async () => {
    const root = await copyRepo();
    await rename(join(root, "environments/prod.yaml"), join(root, "environments/prod.YAML"));
    const before = await snapshot(root);
    expect(await run(["generate"], root)).toMatchObject({ code: 0 });
    expect(await snapshot(root)).toEqual(before);
  });

  it("follows a link that stays inside the repository", async () => {
    const root = await copyRepo();
    await mkdir(join(root, "shared"));
    await rename(join(root, "environments/dev.yaml"), join(root, "shared/dev.yaml"));
    await symlink("../shared/dev.yaml", join(root, "environments/dev.yaml"));
    expect((await run(["generate"], root)).code).toBe(0);
  });
});
