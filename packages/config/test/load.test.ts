import { describe, expect, it } from "vitest";
import { InputError } from "@llm-gitops/core";
import { loadInputs } from "../src/load.ts";
import { PLATFORM, PROD, sources } from "./fixtures.ts";

/** The formatted problems a load fails with, one line each. */
function problemsOf(overrides: Record<string, string>): string[] {
  try {
    loadInputs(sources(overrides));
  } catch (e) {
    if (e instanceof InputError) return e.message.split("\n");
    throw e;
  }
  throw new Error("expected the load to fail");
}

const platform = (from: string, to: string) => {
  if (!PLATFORM.includes(from)) throw new Error(`fixture has no ${from}`);
  return { "environments/platform.yaml": PLATFORM.replace(from, to) };
};

const prod = (from: string, to: string) => {
  if (!PROD.includes(from)) throw new Error(`fixture has no ${from}`);
  return { "environments/prod.yaml": PROD.replace(from, to) };
};

describe("loadInputs rejects bad input with the exact message and location", () => {
  it.each([
    ["unknown key", prod("    replicas:", "    replcas:"), [
      "environments/prod.yaml:5:5 deployments[0]: missing required field \"replicas\" (replica bounds); add it",
      "environments/prod.yaml:10:5 deployments[0].replcas: unknown field; did you mean \"replicas\"?",
    ]],
    ["wrong type", prod("max: 20", "max: twenty"), [
      "environments/prod.yaml:12:7 deployments[0].replicas.max: must be an integer, got string \"twenty\"",
    ]],
    ["missing required field", prod("    model: qwen2.5-7b-instruct-awq\n", ""), [
      "environments/prod.yaml:5:5 deployments[0]: missing required field \"model\" (key of a model in the models catalog of environments/platform.yaml); add it",
    ]],
    ["min > max", prod("max: 20", "max: 2"), [
      "environments/prod.yaml:12:7 deployments[0].replicas.max: must be >= replicas.min (3); lower min or raise max",
    ]],
    ["unknown catalog reference", prod("model: qwen2.5-7b-instruct-awq", "model: qwen2.5-7b-instruct"), [
      "environments/prod.yaml:6:5 deployments[0].model: unknown model \"qwen2.5-7b-instruct\"; did you mean \"qwen2.5-7b-instruct-awq\"? (models are defined in environments/platform.yaml)",
    ]],
    ["unknown cluster", prod("  - prod-a", "  - prod-b"), [
      "environments/prod.yaml:3:5 clusters[0]: unknown cluster \"prod-b\"; did you mean \"prod-a\"? (clusters are defined in environments/platform.yaml)",
    ]],
    ["duplicate deployment name", { "environments/prod.yaml": PROD + PROD.slice(PROD.indexOf("  - name:")) }, [
      "environments/prod.yaml:13:5 deployments[1].name: duplicate deployment name \"qwen-chat\" (first defined at environments/prod.yaml:5:5); rename one",
    ]],
    ["name that is not DNS-1123", prod("name: qwen-chat", "name: Qwen_Chat"), [
      "environments/prod.yaml:5:5 deployments[0].name: \"Qwen_Chat\" is not valid; use a DNS-1123 label that starts with a letter (lowercase letters, digits and '-', at most 45 characters, so that '<name>-predictor' fits KServe's limits)",
    ]],
    ["duplicate YAML key", { "environments/prod.yaml": `namespace: a\n${PROD}` }, [
      "environments/prod.yaml:2:1 duplicate key \"namespace\"; remove one of them",
    ]],
    ["empty file", { "environments/prod.yaml": "" }, [
      "environments/prod.yaml:1:1 file is empty; expected a YAML mapping (see environments/ in the README for the format)",
    ]],
    ["file that is not YAML", { "environments/prod.yaml": "namespace: [llm-prod\nclusters: x\n" }, [
      "environments/prod.yaml:2:1 not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]],
    ["template text", { "environments/prod.yaml": "{{ .Values.env }}\n" }, [
      "environments/prod.yaml:1:2 not valid input: mapping keys must be plain strings (is this a template?)",
    ]],
    ["a list instead of a mapping", { "environments/prod.yaml": "- a\n- b\n" }, [
      "environments/prod.yaml:1:1 must be a mapping, got a list",
    ]],
    ["tag and digest both set", prod("      tag: v1", `      tag: v1\n      digest: sha256:${"a".repeat(64)}`), [
      "environments/prod.yaml:8:5 deployments[0].image: set exactly one of tag and digest",
    ]],
    ["value out of range", prod("replicas:", "vllm:\n      gpuMemoryUtilization: 1.5\n    replicas:"), [
      "environments/prod.yaml:11:7 deployments[0].vllm.gpuMemoryUtilization: must be <= 1, got 1.5",
    ]],
    ["enum with a typo", prod("replicas:", "kserve:\n      deploymentMode: Standrd\n    replicas:"), [
      "environments/prod.yaml:11:7 deployments[0].kserve.deploymentMode: must be one of Standard, Knative, got string \"Standrd\"; did you mean \"Standard\"?",
    ]],
    ["an unquantized model written as fp16", platform("method: awq", "method: fp16"), [
      'environments/platform.yaml:28:7 models["qwen2.5-7b-instruct-awq"].quantization.method: must be one of awq, gptq, fp8, none, got string "fp16"; an unquantized model (fp16 or bf16 weights) is method: none with bits: 16',
    ]],
    ["a quantization method with a typo", platform("method: awq", "method: awk"), [
      'environments/platform.yaml:28:7 models["qwen2.5-7b-instruct-awq"].quantization.method: must be one of awq, gptq, fp8, none, got string "awk"; did you mean "awq"?; an unquantized model (fp16 or bf16 weights) is method: none with bits: 16',
    ]],
    ["a model without quantization", platform("    quantization:\n      method: awq\n      bits: 4\n", ""), [
      'environments/platform.yaml:13:3 models["qwen2.5-7b-instruct-awq"]: missing required field "quantization" (how the checkpoint stores its weights: method awq, gptq, fp8 or none, and bits per weight; an unquantized model (fp16 or bf16 weights) is method: none with bits: 16); add it',
    ]],
    ["quantization without bits", platform("      bits: 4\n", ""), [
      'environments/platform.yaml:27:5 models["qwen2.5-7b-instruct-awq"].quantization: missing required field "bits" (bits per weight; 4 for AWQ and GPTQ checkpoints, 8 for fp8; an unquantized model (fp16 or bf16 weights) is method: none with bits: 16); add it',
    ]],
    // kserve/kserve PR #4363 (in v0.15.1): before it, `external` reset replicas to minReplicas.
    ["a KServe release that is too old", platform('version: "0.15.2"', 'version: "0.15.0"'), [
      'environments/platform.yaml:35:7 clusters["prod-a"].kserve.version: KServe 0.15.0 is too old: llm-gitops needs 0.15.1 or newer (before 0.15.1, autoscalerClass external still resets the predictor\'s replicas to minReplicas on every reconcile, undoing each scale-up); upgrade KServe',
    ]],
    ["a KServe version without its patch release", platform('version: "0.15.2"', 'version: "0.15"'), [
      'environments/platform.yaml:35:7 clusters["prod-a"].kserve.version: "0.15" is not valid; use the full release version major.minor.patch, e.g. 0.15.2 (behaviour changes between patch releases)',
    ]],
    ["a deployment placed on a cluster its environment does not run on", prod("    replicas:", "    clusters: [prod-b]\n    replicas:"), [
      'environments/prod.yaml:10:16 deployments[0].clusters[0]: "prod-b" is not one of this environment\'s clusters; did you mean "prod-a"?; add it to clusters at the top of the file, or remove it here',
    ]],
    ["Karpenter labels for a GPU Karpenter has no name for", { "environments/platform.yaml": PLATFORM.replace("gpuNodeLabels: gpu-feature-discovery", "gpuNodeLabels: karpenter").replace("product: NVIDIA-A10G", "product: NVIDIA-B200") }, [
      'environments/platform.yaml:38:5 clusters["prod-a"].gpuNodeLabels: no Karpenter GPU name is known for product "NVIDIA-B200", so GPU profile "a10g-24gb" cannot select its nodes on this cluster; set gpuProfiles["a10g-24gb"].nodeSelector, or use gpuNodeLabels: instance-type or gpu-feature-discovery',
    ]],
    ["a node with fewer GPUs than a replica takes", platform("count: 1", "count: 2"), [
      'environments/platform.yaml:43:9 clusters["prod-a"].nodePools[0].gpusPerNode: a node has 1 GPU(s) but GPU profile "a10g-24gb" gives each replica 2; no replica would ever schedule: use an instance type with more GPUs',
    ]],
    ["a monitor label that is not a label", platform("monitorLabels: {}", 'monitorLabels: { "bad key!": x }'), [
      'environments/platform.yaml:54:24 clusters["prod-a"].prometheus.monitorLabels["bad key!"]: "bad key!" is not a valid name; use a Kubernetes label key such as release or example.com/tier',
    ]],
    ["bad environment file name", { "environments/Prod_Env.yaml": PROD.replace("llm-prod", "llm-x") }, [
      "environments/Prod_Env.yaml:1:1 \"Prod_Env\" is not a valid environment name; rename the file to a DNS-1123 label other than platform, argocd (e.g. prod.yaml)",
    ]],
    ["two environments sharing a namespace on one cluster", { "environments/staging.yaml": PROD }, [
      "environments/staging.yaml:1:1 namespace: namespace \"llm-prod\" is also used by environment \"prod\" on cluster \"prod-a\"; give each environment its own namespace",
    ]],
  ])("%s", (_, overrides, expected) => {
    expect(problemsOf(overrides)).toEqual(expected);
  });

  it("reports problems in every file at once", () => {
    const lines = problemsOf({
      "environments/platform.yaml": PLATFORM.replace("gpuProfile: a10g-24gb", "gpuProfile: a10g"),
      "environments/prod.yaml": PROD.replace("max: 20", "max: 1"),
      "environments/dev.yaml": "",
    });
    expect(lines).toEqual([
      "environments/dev.yaml:1:1 file is empty; expected a YAML mapping (see environments/ in the README for the format)",
      "environments/platform.yaml:41:9 clusters[\"prod-a\"].nodePools[0].gpuProfile: unknown GPU profile \"a10g\"; did you mean \"a10g-24gb\"?",
      // True as well: with the pool's profile misspelt, no pool offers the profile prod asks for.
      "environments/prod.yaml:7:5 deployments[0].gpuProfile: cluster \"prod-a\" has no node pool with GPU profile \"a10g-24gb\"; add one to clusters[\"prod-a\"].nodePools in environments/platform.yaml, pick another profile, or leave the cluster out of this deployment's clusters",
      "environments/prod.yaml:12:7 deployments[0].replicas.max: must be >= replicas.min (3); lower min or raise max",
    ]);
  });

  it("names the file when garbage is appended", () => {
    const lines = problemsOf({ "environments/prod.yaml": `${PROD}\u0000\u0001 }}}}garbage:: [` });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith("environments/prod.yaml:"))).toBe(true);
  });

  it("requires platform.yaml and at least one environment", () => {
    expect(() => loadInputs([])).toThrow(
      "environments/:1:1 no environment files; add one such as environments/dev.yaml\n" +
        "environments/platform.yaml:1:1 file not found; create it with gpuProfiles, models and clusters",
    );
  });
});

describe("loadInputs resolves references and applies defaults", () => {
  const pvcInputs = loadInputs(sources({
    "environments/platform.yaml": PLATFORM.replace("    quantization:", "    pvc:\n      claimName: models\n      path: qwen/awq\n      size: 50Gi\n      storageClassName: nfs-client\n    quantization:"),
    "environments/prod.yaml": PROD.replace("    replicas:", "    autoscaling:\n      schedule:\n        timezone: UTC\n        windows: [{start: 0 7 * * *, end: 0 19 * * *}]\n        offHoursMin: 1\n    replicas:"),
  }));
  const pd = pvcInputs.environments[0]!.deployments[0]!;
  it.each([
    ["pvc storage resolved", pd.model.storage, { kind: "pvc", claimName: "models", path: "qwen/awq", size: "50Gi", storageClassName: "nfs-client" }],
    ["a schedule makes KEDA the scaler", pd.autoscaling.scaler, "keda"],
  ])("%s", (_, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  const inputs = loadInputs(sources());
  const env = inputs.environments.find((e) => e.name === "prod")!;
  const d = env.deployments.find((x) => x.name === "qwen-chat")!;

  it.each([
    ["model joined from the catalog", d.model.name, "qwen2.5-7b-instruct-awq"],
    ["served name defaults to the catalog key", d.model.servedName, "qwen2.5-7b-instruct-awq"],
    ["dtype half for AWQ", d.model.dtype, "half"],
    ["image repository from the model, tag from the environment", d.image, { repository: "ghcr.io/example-org/vllm-qwen", tag: "v1" }],
    ["resources from the GPU profile, limits = requests", [d.resources.requests, d.resources.limits, d.resources.ephemeralStorage], [{ cpu: "6", memory: "24Gi" }, { cpu: "6", memory: "24Gi" }, undefined]],
    ["resources located at the GPU profile", d.resources.at.path, 'gpuProfiles["a10g-24gb"].podResources'],
    ["usable GPU memory from the known products", d.gpuProfile.gpu.usableGiB, 21.98],
    ["placed on every cluster of the environment", d.clusters.map((c) => c.name), ["prod-a"]],
    ["vLLM defaults", d.vllm, { maxModelLen: 32768, gpuMemoryUtilization: 0.9 }],
    ["Standard mode by default", d.deploymentMode, "Standard"],
    ["GPU taint toleration by default", d.gpuProfile.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]],
    ["no node selector of the profile's own: the cluster's labels decide", d.gpuProfile.nodeSelector, undefined],
    ["clusters joined", env.clusters.map((c) => c.name), ["prod-a"]],
    ["origin points at the deployment", [d.origin.file, d.origin.path], ["environments/prod.yaml", "deployments[0]"]],
    ["origin locates fields below it", d.origin.at(["replicas", "max"]), { file: "environments/prod.yaml", line: 12, col: 7, path: "deployments[0].replicas.max" }],
    ["origin falls back to the nearest written field", d.origin.at(["vllm", "maxModelLen"]), { file: "environments/prod.yaml", line: 5, col: 5, path: "deployments[0].vllm.maxModelLen" }],
    ["autoscaling defaults: queue depth through our HPA", d.autoscaling, {
      metric: "queueDepth", target: 2, scaler: "hpa",
      scaleUp: { stabilizationWindowSeconds: 0, pods: 2, periodSeconds: 60 },
      scaleDown: { stabilizationWindowSeconds: 600, pods: 1, periodSeconds: 180 },
    }],
    ["environment priority default", env.priority, 100000],
  ])("%s", (_, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

describe("deployment resources", () => {
  const withResources = (block: string) =>
    loadInputs(sources(prod("    replicas:", `    resources:\n${block}    replicas:`))).environments[0]!.deployments[0]!.resources;
  it("take limits above the requests and a node-disk override", () => {
    const r = withResources("      cpu: 4\n      memory: 20Gi\n      limits: { cpu: 7, memory: 26Gi }\n      ephemeralStorage: 60Gi\n");
    expect([r.requests, r.limits, r.ephemeralStorage, r.at.path]).toEqual([{ cpu: "4", memory: "20Gi" }, { cpu: "7", memory: "26Gi" }, "60Gi", "deployments[0].resources"]);
  });
  it("default each missing limit to its request", () => {
    expect(withResources("      cpu: 4\n      memory: 20Gi\n      limits: { memory: 26Gi }\n").limits).toEqual({ cpu: "4", memory: "26Gi" });
  });
});

describe("values the cluster would reject or silently change are refused at input", () => {
  const first = (overrides: Record<string, string>) => problemsOf(overrides)[0];
  it.each([
    ["replicas above int32", prod("max: 20", "max: 2147483648"), /replicas\.max: must be <= 2147483647, got 2147483648/],
    ["replicas above 2^53", prod("max: 20", "max: 9007199254740993"), /replicas\.max: must be <= 2147483647/],
    ["a target that rounds to zero milli-units", prod("replicas:", "autoscaling: { target: 0.0001 }\n    replicas:"), /autoscaling\.target: must be >= 0\.001, got 0\.0001/],
    ["zero CPU", prod("replicas:", "resources: { cpu: 0, memory: 1Gi }\n    replicas:"), /deployments\[0\]\.resources\.cpu: must be more than 0/],
    ["negative memory", prod("replicas:", "resources: { cpu: 1, memory: -1Gi }\n    replicas:"), /resources\.memory: "-1Gi" is not valid; use a Kubernetes quantity/],
    ["GPUs per replica beyond any node", platform("count: 1", "count: 1000"), /gpu\.count: must be <= 16, got 1000/],
    ["NaN", prod("replicas:", "autoscaling: { target: .nan }\n    replicas:"), /autoscaling\.target: must be a finite number, not \.nan or \.inf; write a number/],
    ["Infinity", platform("pricePerHour: 1.212", "pricePerHour: .inf"), /pricePerHour: must be a finite number, not \.nan or \.inf/],
    ["a Kubernetes namespace", prod("namespace: llm-prod", "namespace: kube-system"), /namespace: "kube-system" is a namespace of Kubernetes or of a cluster add-on, which llm-gitops must not own/],
    ["the prometheus-adapter's namespace", prod("namespace: llm-prod", "namespace: monitoring"), /"monitoring" is the prometheus-adapter namespace of cluster "prod-a"/],
    ["an undefined alias", prod("max: 20", "max: *nope"), /prod\.yaml:12:12 alias \*nope refers to no anchor defined before it/],
  ])("%s", (_, overrides, message) => {
    expect(first(overrides)).toMatch(message);
  });

  // The refusal itself proves the expansion was cut short (a billion nodes would not fit in memory);
  // a hang fails on the test timeout. Speed is the bench's business, never a timed assertion.
  it("refuses an alias bomb with a located error before expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    expect(first({ "environments/prod.yaml": `${bomb}\n${PROD}` })).toMatch(/prod\.yaml:1:1 aliases expand to too much/);
  });

  it("reads CR-only line endings as line breaks, not as one line", () => {
    expect(() => loadInputs(sources({ "environments/prod.yaml": PROD.replaceAll("\n", "\r") }))).not.toThrow();
  });
});

describe("values that reach a Dockerfile, a shell line, a path or a URL hold to their grammar", () => {
  it.each([
    ["a newline in the model source (a Dockerfile instruction)", platform("source: Qwen/Qwen2.5-7B-Instruct-AWQ", 'source: "Qwen/x\\nRUN curl evil"'), /models\["qwen2\.5-7b-instruct-awq"\]\.source: "Qwen\/x\\nRUN curl evil" is not valid; use a Hugging Face repo id/],
    ["a shell command in the model source", platform("source: Qwen/Qwen2.5-7B-Instruct-AWQ", "source: Qwen/x;curl"), /source: "Qwen\/x;curl" is not valid/],
    ["an image repository with a tag", platform("repository: ghcr.io/example-org/vllm-qwen", "repository: ghcr.io/o/x:latest"), /image\.repository: "ghcr\.io\/o\/x:latest" is not valid; use an image name without tag or digest/],
    ["a served name with a space", platform("    image:\n      repository", "    servedName: a b\n    image:\n      repository"), /servedName: "a b" is not valid/],
    ["a repository URL with a quote", platform("repository: https://github.com/example-org/llm-platform", 'repository: "https://x/\\"a"'), /repository: "https:\/\/x\/\\"a" is not valid; use an https URL/],
    ["a PVC path that climbs out", platform("    quantization:", "    pvc: { claimName: m, path: ../etc, size: 1Gi, storageClassName: nfs }\n    quantization:"), /pvc\.path: "\.\.\/etc" is not valid; use a relative path/],
  ])("%s", (_, overrides, message) => {
    expect(problemsOf(overrides).join("\n")).toMatch(message);
  });

  it("quotes at most a short, escaped excerpt of an offending value", () => {
    const secret = `${"SECRET=hunter2\u0000".repeat(200)}`;
    const lines = problemsOf({ "environments/prod.yaml": JSON.stringify(secret) });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(200);
    expect(lines[0]).toMatch(/must be a mapping, got string "SECRET=hunter2\\u0000SECRET=hunter2\\u0000SECRET=hun…" \(3000 characters\)/);
  });
});
