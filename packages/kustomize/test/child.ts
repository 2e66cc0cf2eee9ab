import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { OutputFile } from "../src/files.ts";

const SCRIPT = join(import.meta.dirname, "fixtures/write-child.ts");
const PACKAGE = join(import.meta.dirname, "..");

export interface Child {
  proc: ChildProcess;
  /** Starts the write; resolves once the child has the job. */
  go(root: string, filesJson: string, timeoutMs?: number): void;
  /** The child's outcome line (undefined when killed) and exit code or signal. */
  done: Promise<{ result?: { ok: boolean; ms?: number; message?: string }; code: number | null; signal: NodeJS.Signals | null }>;
}

/** A writer process, loaded and waiting (tsx as the CLI's bin uses it: no build step). */
export async function spawnWriter(): Promise<Child> {
  const proc = spawn(process.execPath, ["--import", "tsx", SCRIPT], { cwd: PACKAGE, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  proc.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.startsWith("ready\n")) resolve();
    });
    proc.on("exit", () => reject(new Error(`writer child exited before it was ready: ${err}`)));
  });
  const done = new Promise<Awaited<Child["done"]>>((resolve) =>
    proc.on("exit", (code, signal) => {
      const line = out.split("\n")[1];
      resolve({ ...(line ? { result: JSON.parse(line) } : {}), code, signal });
    }),
  );
  await ready;
  return { proc, done, go: (root, files, timeoutMs) => proc.stdin!.write(`${JSON.stringify({ root, files, timeoutMs })}\n`) };
}

export async function filesJson(dir: string, name: string, files: readonly OutputFile[]): Promise<string> {
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(files));
  return path;
}
