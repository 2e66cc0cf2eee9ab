import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { canonicalJson } from "@llm-gitops/core";
import { writeTree } from "@llm-gitops/kustomize";
import { kubectlYaml } from "../src/kubectl-yaml.ts";
import { main } from "../src/main.ts";
import { generateFiles, overlayDir, readSources } from "../src/project.ts";
import { captureIo, copyRepo, REPO_ROOT, snapshot } from "./repo.ts";

const run = async (argv: string[], cwd = REPO_ROOT) => {
  const io = captureIo(cwd);
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
};
const fresh = generateFiles(await readSources(REPO_ROOT));
const objectsOf = (yaml: string) => parseAllDocuments(yaml).map((d) => canonicalJson(d.toJS()));

describe("llm-gitops show: for one overlay, byte for byte what kubectl kustomize prints", async () => {
  // A fresh render written to a scratch copy: what kubectl builds is what show must print.
  const root = await copyRepo();
  await writeTree(root, fresh.files);
  it.each(fresh.truths.map((t) => [overlayDir(t), t.environment, t.cluster] as const))("%s", async (dir, env, cluster) => {
    const { stdout: kubectl } = await promisify(execFile)("kubectl", ["kustomize", join(root, dir)], { maxBuffer: 64 * 1024 * 1024 });
    const r = await run(["show", "--env", env, "--cluster", cluster], root);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(`${r.stdout}\n`).toBe(kubectl);
  });
});

describe("kubectlYaml: strings styled and folded as kubectl prints them", () => {
  // Values environments could carry into a render (labels, annotations, descriptions, args):
  // ones YAML 1.1 or 1.2 would read as something else, ones plain style cannot hold, long
  // ones go-yaml folds at 80 columns. Not covered: a leading line break, NEL, U+2028/2029.
  const words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega";
  const values = [
    ...["yes", "on", "off", "y", "N", "True", "nO", "1", "1.5", "0x1F", "0o7", "012", "1e3", "12:30", "1_000", "0b101", "+1", "-1", "1.", ".5", ".inf", "~", "null", ""],
    ...["2001-12-14", "2001-12-14T21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "v0.10.2", "1.33.1", "it's", "'q'", "'", '"', 'a"b', "\\", "é ü ñ", "emoji 😀 x"],
    ...[" lead", "trail ", "a: b", "- x", "#x", "a #b", "@x", "`x", "*x", "&x", "!x", "%x", "{x}", "[x]", ">x", "|x", "-", "?", ":", "::1", "x:", "=", "<<", "...", "---", "tab\tx", "ctl\u0001x"],
    ...["a\n", "a\n\n", "a\r\nb", `${words}\n${words}\n`, words, `'${words}`, `a\t${words}`, `x: ${words}`, "aaaa   bbbb ".repeat(10), "w".repeat(80) + " x", "w".repeat(79) + " x", "y ".repeat(50)],
    ...[0.9, 1e21, -3, true, null, {}, [], [[words]], { k: words, k2: [words] }],
  ];
  it("matches kubectl kustomize byte for byte", async () => {
    const object = {
      apiVersion: "example.com/v1",
      kind: "Example",
      metadata: { name: "strings", annotations: { [`example.com/${"long-key-".repeat(6)}`]: words, on: "x" } },
      data: Object.fromEntries(values.map((v, i) => [`k${String(i).padStart(3, "0")}`, v])),
      list: values,
      nested: { deeper: { deepest: words } },
    };
    const dir = await mkdtemp(join(tmpdir(), "kubectl-yaml-"));
    await writeFile(join(dir, "object.json"), JSON.stringify(object));
    await writeFile(join(dir, "kustomization.yaml"), "resources:\n- object.json\n");
    const { stdout } = await promisify(execFile)("kubectl", ["kustomize", dir]);
    expect(kubectlYaml(object)).toBe(stdout);
  });
});

describe("llm-gitops show: filters", () => {
  it("prints every overlay's objects, each document naming its overlay, deterministically and writing nothing", async () => {
    const root = await copyRepo();
    const before = await snapshot(root);
    const r = await run(["show"], root);
    expect(r.code).toBe(0);
    const objects = fresh.truths.flatMap((t) => t.objects.map((o) => canonicalJson(o.object)));
    expect(objectsOf(r.stdout).sort()).toEqual(objects.sort());
    const sources = r.stdout.split("---\n").map((doc) => doc.split("\n")[0]);
    expect(new Set(sources)).toEqual(new Set(fresh.truths.map((t) => `# Source: ${overlayDir(t)}`)));
    expect((await run(["show"], root)).stdout).toBe(r.stdout);
    expect(await snapshot(root)).toEqual(before);
  });

  it.each<[string, string[], string[]]>([
    ["--kind in any case", ["--env", "prod", "--kind", "inferenceservice"], ["InferenceService qwen-chat llm-prod", "InferenceService qwen-chat llm-prod"]],
    ["--name", ["--cluster", "dev-use1", "--name", "qwen-chat"], ["ServiceAccount qwen-chat llm-dev", "PodDisruptionBudget qwen-chat llm-dev", "AuthorizationPolicy qwen-chat llm-dev", "InferenceService qwen-chat llm-dev"]],
    ["a repeated filter (any of its values), single-dash", ["-env", "dev", "-env", "staging", "-kind", "Namespace"], ["Namespace llm-dev ", "Namespace llm-staging "]],
    ["the cluster-wide overlay as --env platform", ["--env=platform", "--cluster=prod-use1-a"], ["Namespace kong ", "ConfigMap llm-gitops-fluent-bit logging", "ConfigMap llm-gitops-capacity-dashboard monitoring", "ConfigMap llm-gitops-vllm-dashboard monitoring", "ServiceMonitor dcgm-exporter gpu-monitoring", "PeerAuthentication default istio-system", "PeerAuthentication default kong"]],
    // The adapter's rules are in its add-on's values, not a ConfigMap; the add-ons are Argo CD's.
    ["the Argo CD overlay as --env argocd", ["--env=argocd", "--cluster=dev-use1", "--kind=AppProject"], ["AppProject llm-dev-use1 argocd", "AppProject llm-dev-use1-addons argocd"]],
  ])("%s", async (_, args, expected) => {
    const r = await run(["show", ...args]);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } });
    expect(docs.map((o) => `${o.kind} ${o.metadata.name} ${o.metadata.namespace ?? ""}`)).toEqual(expected);
  });

  it.each([
    [["--env", "prdo"], 'unknown environment "prdo"; did you mean "prod"? (see llm-gitops show --help)'],
    [["--cluster", "prod-usa1-a"], 'unknown cluster "prod-usa1-a"; did you mean "prod-use1-a"? (see llm-gitops show --help)'],
    [["--cluster", "eu-west"], 'unknown cluster "eu-west"; clusters: dev-use1, prod-use1-a, prod-use1-b, staging-use1 (see llm-gitops show --help)'],
    [["--kind", "InferenceServices"], 'unknown kind "InferenceServices"; did you mean "InferenceService"? (see llm-gitops show --help)'],
    [["--name", "qwen-caht"], 'unknown object name "qwen-caht"; did you mean "qwen-chat"? (see llm-gitops show --help)'],
    [["--env", "dev", "--cluster", "prod-use1-a"], '--cluster "prod-use1-a" matches nothing with --env dev; clusters there: dev-use1 (see llm-gitops show --help)'],
    [["--env", "platform", "--kind", "InferenceService"], '--kind "InferenceService" matches nothing with --env platform; kinds there: ConfigMap, Gateway, GatewayClass, Namespace, PeerAuthentication, ServiceMonitor (see llm-gitops show --help)'],
    [["--env"], "--env needs a value (see llm-gitops show --help)"],
    [["--enviroment", "dev"], "unknown flag --enviroment; did you mean --env? (see llm-gitops show --help)"],
    [["-nmae", "x"], "unknown flag -nmae; did you mean -name? (see llm-gitops show --help)"],
    [["prod"], 'unexpected argument "prod"; this command takes only flags (see llm-gitops show --help)'],
  ])("%j is a usage error with what would match", async (args, message) => {
    expect(await run(["show", ...args])).toEqual({ code: 2, stdout: "", stderr: message });
  });
});
