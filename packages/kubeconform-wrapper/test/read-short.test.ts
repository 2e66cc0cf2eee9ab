// A file system may return a short read before a file's end (FUSE with direct_io, network file
// systems): reading stops only once the file's size has been read, or at a read of nothing.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("node:fs", async (original) => {
  const fs = await original<typeof import("node:fs")>();
  // At most 4 KiB per call, as such a file system may give.
  const readSync = (fd: number, buffer: NodeJS.ArrayBufferView, offset: number, length: number, position: number | null) => fs.readSync(fd, buffer, offset, Math.min(length, 4096), position);
  return { ...fs, default: { ...fs, readSync }, readSync };
});

const { readResources } = await import("../src/read.ts");

describe("reading a file whose reads come back short", () => {
  it("reads it whole, whether a read ends on a line break or inside a value", async () => {
    const dir = await mkdtemp(join(tmpdir(), "llm-gitops-short-"));
    for (const width of [7, 10]) {
      const keys = Array.from({ length: 400 }, (_, i) => `  k${String(i).padStart(3, "0")}: ${"v".repeat(width)}`);
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${keys.join("\n")}\n`;
      expect(text.length).toBeGreaterThan(4096);
      const path = join(dir, `cm-${width}.yaml`);
      await writeFile(path, text);
      const [res] = await readResources([path], true);
      expect(res!.parseError).toBeUndefined();
      expect(Object.keys((res!.object as { data: object }).data)).toHaveLength(400);
    }
  });
});
