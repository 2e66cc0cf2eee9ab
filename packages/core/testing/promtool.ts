import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { toYaml } from "../src/yaml.ts";

/** One `promtool test rules` test group (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/). */
export interface PromtoolTest {
  interval: string;
  input_series: { series: string; values: string }[];
  promql_expr_test: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

/** Runs the real promtool on one test group; resolves with its output, rejects with it on failure. */
export async function promtool(test: PromtoolTest): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "llm-gitops-promtool-"));
  const file = join(dir, "test.yaml");
  await writeFile(file, toYaml({ rule_files: [], evaluation_interval: "1m", tests: [test] }));
  try {
    const { stdout } = await promisify(execFile)("promtool", ["test", "rules", file]);
    return stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (err.code === "ENOENT") throw new Error("promtool not found: apt-get install prometheus (npm test installs it when run as root)");
    throw new Error(`promtool failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
