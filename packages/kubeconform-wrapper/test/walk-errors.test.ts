// A directory that cannot be listed is reported by the path the user gave, however it is written
// (its entries are named as path.join would: test/inputs.test.ts). Listing is made to fail here:
// as root, no permission bit would stop it.
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("node:fs/promises", async (original) => {
  const fs = await original<typeof import("node:fs/promises")>();
  const readdir = (async (path: string, options?: unknown) => {
    if (String(path).includes("unlistable")) throw Object.assign(new Error("EACCES"), { code: "EACCES" });
    return fs.readdir(path, options as never);
  }) as typeof fs.readdir;
  return { ...fs, default: { ...fs, readdir }, readdir };
});

const { discoverInputs } = await import("../src/files.ts");

describe("a directory given that cannot be listed", () => {
  it("is reported as given", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "llm-gitops-walk-")), "unlistable");
    await mkdir(dir);
    const rel = relative(process.cwd(), dir);
    for (const given of [dir, `${dir}/`, `./${rel}/`, `${dir}/.`]) {
      expect(await discoverInputs([given]), given).toEqual([{ path: given, refused: "not read: cannot list the directory: permission denied" }]);
    }
  });
});
