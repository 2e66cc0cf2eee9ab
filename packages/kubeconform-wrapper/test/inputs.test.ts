// Issue 8: hostile inputs to validate crashed it (exit 3 with a stack trace) or hung it. Each
// case below threw, hung or read without limit before the fix; now each is a located error of
// its own file or document, and the other inputs are still validated.
import { execFileSync } from "node:child_process";
import { constants, existsSync } from "node:fs";
import { mkdir, mkdtemp, open, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, normalize, relative } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocuments } from "../src/documents.ts";
import { childPath, discover, discoverInputs, MAX_INPUT_BYTES, MissingInput } from "../src/files.ts";
import { readResources } from "../src/read.ts";
import { DEFAULT_OPTIONS, type Resource } from "../src/types.ts";
import { createValidator } from "../src/validate.ts";
import { MIRROR } from "./shared.ts";

const validator = createValidator({ ...DEFAULT_OPTIONS, strict: true, kubernetesVersion: "1.33.1", schemaLocations: ["default"], mirror: MIRROR });
const verdicts = async (resources: Resource[]) => (await validator.validate(resources)).map((r) => ({ file: r.filename.replace(dir, "<dir>"), status: r.status, msg: r.msg, ...(r.line ? { at: `${r.line}:${r.col}` } : {}) }));
/** Fails instead of hanging (a FIFO used to block the read for ever). */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n";
const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...["b", "c", "d", "e", "f", "g", "h"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`)].join("\n");

describe("YAML that used to throw", () => {
  it.each([
    ["an undefined alias", `${CM}data: {a: *nope}\n`, 'error unmarshalling resource: unknown anchor "nope" referenced', "4:11"],
    ["more than 100 uses of one anchor", `${CM}data: {a: &a x}\nbinaryData: [${Array(150).fill("*a").join(", ")}]\n`, "error unmarshalling resource: aliases expand to more than 100 copies (an alias bomb?); repeat the values instead", "5:14"],
    ["an alias bomb (billion laughs)", `${CM}${bomb}\n`, "error unmarshalling resource: aliases expand to more than 100 copies (an alias bomb?); repeat the values instead", "5:8"],
  ])("%s is an error of its document, located; the next document still runs", async (_, text, msg, at) => {
    const results = await verdicts(parseDocuments("f.yaml", `${text}---\n${CM}`, true));
    expect(results).toEqual([
      { file: "f.yaml", status: "statusError", msg, at },
      { file: "f.yaml", status: "statusValid", msg: "" },
    ]);
  });

  it("a document nested too deep is an error, not a stack overflow", async () => {
    const [r] = await verdicts(parseDocuments("f.yaml", `${CM}data: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`, true));
    expect(r).toMatchObject({ status: "statusError", msg: expect.stringMatching(/^error unmarshalling resource: /) });
  });
});

let dir = "";
const fifo = () => join(dir, "in/fifo.yaml");
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kw-inputs-"));
  await mkdir(join(dir, "in/sub"), { recursive: true });
  await writeFile(join(dir, "in/ok.yaml"), CM);
  await writeFile(join(dir, "in/sub/deep.yaml"), CM);
  await writeFile(join(dir, "outside.yaml"), "SECRET=hunter2\n");
  await symlink("self.yaml", join(dir, "in/self.yaml")); // a link to itself
  await symlink("..", join(dir, "in/sub/up")); // back at a directory being walked
  await symlink(join(dir, "outside.yaml"), join(dir, "in/leak.yaml"));
  await symlink("/dev/zero", join(dir, "in/zero.yaml"));
  await symlink("sub", join(dir, "in/again")); // inside: followed once
  execFileSync("mkfifo", [fifo()]);
  await writeFile(join(dir, "bad-utf8.yaml"), Buffer.concat([Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \""), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]));
  await writeFile(join(dir, "big.yaml"), "");
  await truncate(join(dir, "big.yaml"), MAX_INPUT_BYTES + 1); // sparse: costs no disk
});
// A reader blocked on the FIFO (the code before the fix) is released, so the worker can exit.
afterAll(async () => {
  await open(fifo(), constants.O_WRONLY | constants.O_NONBLOCK).then((f) => f.close(), () => undefined);
});

describe("files that used to crash, hang or be read without limit", () => {
  it("a FIFO is refused without waiting for a writer", async () => {
    expect(await within(5000, readResources([fifo()], true).then(verdicts))).toEqual([
      { file: "<dir>/in/fifo.yaml", status: "statusError", msg: "not read: a named pipe (FIFO), not a regular file; pipe manifests to stdin with '-' instead" },
    ]);
  });

  it("devices are refused: /dev/null is not an empty manifest, /dev/zero is not read for ever", async () => {
    expect(await within(5000, readResources(["/dev/null", "/dev/zero"], true).then(verdicts))).toEqual([
      { file: "/dev/null", status: "statusError", msg: "not read: a device, not a regular file" },
      { file: "/dev/zero", status: "statusError", msg: "not read: a device, not a regular file" },
    ]);
  });

  it("a file above the size limit is refused unread, as is stdin", async () => {
    const tooBig = "not read: larger than 16 MiB (16.0 MiB); split it into smaller files";
    expect(await within(5000, readResources([join(dir, "big.yaml")], true).then(verdicts))).toEqual([{ file: "<dir>/big.yaml", status: "statusError", msg: tooBig }]);
    const stdin = async () => new Uint8Array(MAX_INPUT_BYTES + 1);
    expect(await readResources(["-"], true, stdin).then(verdicts)).toEqual([{ file: "stdin", status: "statusError", msg: tooBig }]);
  });

  // Read to the end either way: a file whose size says 0 (as /proc's do) is read until a read
  // returns nothing; one with a size ends at the first short read. Both give the whole text.
  it.skipIf(!existsSync("/proc/self/status"))("a file whose size says 0 (/proc) is read to its end", async () => {
    const [res] = await readResources(["/proc/self/status"], true);
    expect(res!.object ?? res!.parseError).toBeTruthy();
    expect(JSON.stringify(res)).toContain("Pid");
  });

  it("files of every size around the read's buffer are read whole", async () => {
    for (const size of [1, 2, 4095, 4096, 4097, 65536, 65537]) {
      const path = join(dir, `size-${size}.yaml`);
      await writeFile(path, `a: ${"x".repeat(Math.max(1, size - 4))}\n`.slice(0, Math.max(size, 5)));
      const [res] = await readResources([path], true);
      expect((res!.object as { a: string }).a.length, `${size}`).toBe(Math.max(1, size - 4));
    }
  });

  it("invalid UTF-8 is an error at its byte, not a silent U+FFFD", async () => {
    expect(await readResources([join(dir, "bad-utf8.yaml")], true).then(verdicts)).toEqual([
      { file: "<dir>/bad-utf8.yaml", status: "statusError", msg: "error unmarshalling resource: invalid UTF-8 (byte 0xc3): manifests must be UTF-8", at: "3:19" },
    ]);
  });
});

describe("walking an input directory", () => {
  it("reports links out of it, link loops and special files, and walks the rest", async () => {
    const found = await within(5000, discoverInputs([join(dir, "in")]));
    expect(found.map((i) => ({ ...i, path: i.path.replace(dir, "<dir>"), ...(i.refused ? { refused: i.refused.replace(dir, "<dir>") } : {}) }))).toEqual([
      { path: "<dir>/in/again/deep.yaml" },
      { path: "<dir>/in/again/up", refused: "not read: a symbolic link loop (it points back at a directory that contains it); not followed" },
      { path: "<dir>/in/fifo.yaml", refused: "not read: a named pipe (FIFO), not a regular file; pipe manifests to stdin with '-' instead" },
      { path: "<dir>/in/leak.yaml", refused: 'not read: a symbolic link to "<dir>/outside.yaml", outside the directory being validated; not followed' },
      { path: "<dir>/in/ok.yaml" },
      { path: "<dir>/in/self.yaml", refused: "not read: a symbolic link loop (too many levels of symbolic links)" },
      { path: "<dir>/in/sub/deep.yaml" },
      { path: "<dir>/in/sub/up", refused: "not read: a symbolic link loop (it points back at a directory that contains it); not followed" },
      { path: "<dir>/in/zero.yaml", refused: 'not read: a symbolic link to "/dev/zero", outside the directory being validated; not followed' },
    ]);
    const results = await readResources(found, true).then(verdicts);
    expect(results.map((r) => r.status)).toEqual(["statusValid", "statusError", "statusError", "statusError", "statusValid", "statusError", "statusValid", "statusError", "statusError"]);
    expect(JSON.stringify(results)).not.toContain("hunter2");
  });

  it("discover (paths only) no longer throws on a loop and leaves out what it refuses", async () => {
    expect((await within(5000, discover([join(dir, "in")]))).map((p) => p.replace(dir, "<dir>"))).toEqual(["<dir>/in/again/deep.yaml", "<dir>/in/ok.yaml", "<dir>/in/sub/deep.yaml"]);
  });

  // Paths are joined without normalizing each again (childPath): the same names as path.join's.
  it("names files as path.join does, however the directory given is written", async () => {
    const inside = join(dir, "in");
    const rel = relative(process.cwd(), inside);
    for (const given of [inside, `${inside}/`, `${inside}/./sub/..`, `${inside}//`, rel, `./${rel}`, `${rel}/`]) {
      expect(await within(5000, discover([given])), given).toEqual(["again/deep.yaml", "ok.yaml", "sub/deep.yaml"].map((f) => join(given, f)));
    }
  });

  it("childPath is path.join for a normalized directory and a directory entry's name", () => {
    const segment = fc.stringMatching(/^[^/\0]{1,8}$/).filter((s) => s !== "." && s !== "..");
    const dirs = fc.oneof(
      fc.constantFrom(".", "/", "..", "../..", "a", "/a"),
      fc.array(fc.oneof(segment, fc.constantFrom(".", "..", "")), { maxLength: 5 }).chain((parts) => fc.constantFrom(parts.join("/"), `/${parts.join("/")}`, `${parts.join("/")}/`)),
    ).map((d) => normalize(d));
    fc.assert(
      fc.property(dirs, segment, (d, name) => {
        expect(childPath(d, name)).toBe(join(d, name));
      }),
      { numRuns: 5000 },
    );
  });

  it("a path given that is a link loop is a usage error", async () => {
    const given = join(dir, "in/self.yaml");
    await expect(discover([given])).rejects.toThrow(new MissingInput(`${given}: a symbolic link loop (too many levels of symbolic links)`));
    await expect(discover([given])).rejects.toBeInstanceOf(MissingInput);
  });
});
