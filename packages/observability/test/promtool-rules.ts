import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { toYaml } from "@llm-gitops/core";
import type { RuleGroup } from "../src/index.ts";

/**
 * Real promtool on rendered rule groups: `check rules` and `test rules` with rule_files, which
 * core's promtool helper (expressions only) does not cover. Format of the test file:
 * prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules (promtool 2.42).
 */
export interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
}
export interface ExprTest {
  expr: string;
  eval_time: string;
  exp_samples: { labels: string; value: number }[];
}
export interface RulesTest {
  input_series: { series: string; values: string }[];
  alert_rule_test?: AlertTest[];
  promql_expr_test?: ExprTest[];
}

async function run(args: (dir: string) => Promise<string[]>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "llm-gitops-rules-"));
  try {
    const { stdout, stderr } = await promisify(execFile)("promtool", await args(dir));
    return stdout + stderr;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (err.code === "ENOENT") throw new Error("promtool not found: apt-get install prometheus");
    throw new Error(`promtool failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const writeRules = async (dir: string, groups: readonly RuleGroup[]) => {
  const file = join(dir, "rules.yaml");
  await writeFile(file, toYaml({ groups }));
  return file;
};

export const checkRules = (groups: readonly RuleGroup[]) => run(async (dir) => ["check", "rules", await writeRules(dir, groups)]);

export const testRules = (groups: readonly RuleGroup[], tests: RulesTest[]) =>
  run(async (dir) => {
    await writeRules(dir, groups);
    const file = join(dir, "test.yaml");
    await writeFile(file, toYaml({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests: tests.map((t) => ({ interval: "1m", ...t })) }));
    return ["test", "rules", file];
  });
