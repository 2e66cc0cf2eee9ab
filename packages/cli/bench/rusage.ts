/**
 * Whole-process cost of a command: CPU (user + sys) and peak RSS of it and every descendant it
 * waited for, as the kernel accounts them. Node has no getrusage(RUSAGE_CHILDREN), so the command
 * runs under python3's resource module: python3 waits for the child, then reads its children's
 * rusage (ru_maxrss in KiB on Linux). Reading /proc/<pid> from outside races the child's exit.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";

export interface Usage {
  /** Exit code of the command. */
  code: number;
  /** CPU seconds, user + sys. */
  cpu: number;
  user: number;
  sys: number;
  /** Peak resident set of the largest process, MiB. */
  rssMiB: number;
  wall: number;
  /** Last lines of the command's output (its summary). */
  tail: string;
}

const RUNNER = `
import json, resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
wall = time.monotonic() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
out = p.stdout.decode("utf-8", "replace").strip().splitlines()
print(json.dumps({"code": p.returncode, "user": r.ru_utime, "sys": r.ru_stime, "maxrss_kib": r.ru_maxrss, "wall": wall, "tail": "\\n".join(out[-3:])}))
`;

/** Fails with a clear message when python3 is missing. */
export function requirePython(): void {
  try {
    execFileSync("python3", ["-c", "import resource"], { stdio: "ignore" });
  } catch {
    throw new Error("bench: python3 (with its resource module, i.e. Linux or macOS) is needed to measure child CPU and peak RSS; install python3");
  }
}

export async function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<Usage> {
  const { stdout } = await promisify(execFile)("python3", ["-c", RUNNER, command, ...args], { env, cwd, maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout) as { code: number; user: number; sys: number; maxrss_kib: number; wall: number; tail: string };
  return { code: r.code, cpu: r.user + r.sys, user: r.user, sys: r.sys, rssMiB: r.maxrss_kib / 1024, wall: r.wall, tail: r.tail };
}
