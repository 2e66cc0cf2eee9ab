import { describe, expect, it } from "vitest";
import type { KubernetesObject } from "@llm-gitops/core";
import type { Cluster } from "@llm-gitops/config";
import { cluster, deployment, environment, meshCluster, qwen25, a10g } from "@llm-gitops/config/testing";
import { renderServing, renderServingEnvironment } from "../src/index.ts";
import { deploymentModeAnnotation } from "../src/mode.ts";
import type { InferenceService } from "../src/types.ts";
import { quantizationArg, vllmArgs } from "../src/vllm-args.ts";

const find = <T = KubernetesObject>(objects: KubernetesObject[], kind: string, name: string): T => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o as T;
};
const isvcOf = (objects: KubernetesObject[]) => find<InferenceService>(objects, "InferenceService", "qwen-chat");
const containerOf = (isvc: InferenceService) => isvc.spec.predictor.containers.find((c) => c.name === "kserve-container")!;

describe("InferenceService (Standard mode, our HPA)", () => {
  const objects = renderServing(environment(), cluster("0.16.0"), deployment());
  const isvc = isvcOf(objects);
  const predictor = isvc.spec.predictor;
  const container = containerOf(isvc);
  const health = { httpGet: { path: "/health", port: 8080 } };

  it.each([
    ["namespace", isvc.metadata.namespace, "llm-prod"],
    ["annotations: explicit mode, KServe creates no scaler", isvc.metadata.annotations, {
      "serving.kserve.io/deploymentMode": "Standard",
      "serving.kserve.io/autoscalerClass": "external",
    }],
    ["service account", predictor.serviceAccountName, "qwen-chat"],
    ["priority class", predictor.priorityClassName, "llm-gitops-prod"],
    ["replica bounds, no KPA metric", [predictor.minReplicas, predictor.maxReplicas, predictor.scaleMetric], [3, 20, undefined]],
    ["GPU pool node selector from GPU Feature Discovery's label", predictor.nodeSelector, { "nvidia.com/gpu.product": "NVIDIA-A10G" }],
    ["GPU taint toleration", predictor.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]],
    ["non-root pod with the runtime seccomp profile", predictor.securityContext, {
      runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001, seccompProfile: { type: "RuntimeDefault" },
    }],
    ["locked-down container", container.securityContext, {
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] },
    }],
    ["writable cache and tmp, no shared memory for one GPU", container.volumeMounts, [
      { name: "cache", mountPath: "/var/cache/vllm" },
      { name: "tmp", mountPath: "/tmp" },
    ]],
    ["emptyDir volumes", predictor.volumes, [
      { name: "cache", emptyDir: { sizeLimit: "10Gi" } },
      { name: "tmp", emptyDir: { sizeLimit: "2Gi" } },
    ]],
    ["startup budget for model load (900 s / 10 s)", container.startupProbe, { ...health, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 90 }],
    ["readiness", container.readinessProbe, { ...health, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }],
    ["liveness", container.livenessProbe, { ...health, periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 4 }],
    ["image from the environment", container.image, "ghcr.io/example-org/vllm-qwen:v1"],
    ["runs vllm serve", container.command, ["vllm", "serve"]],
    // torch inductor's getpass.getuser() reads $USER before the passwd lookup that fails for a
    // uid without an entry (pytorch#140765); every cache lives below the writable emptyDir.
    ["offline, no telemetry, a user name, caches in the writable home", container.env, [
      { name: "HOME", value: "/var/cache/vllm" },
      { name: "USER", value: "vllm" },
      { name: "XDG_CACHE_HOME", value: "/var/cache/vllm/xdg" },
      { name: "VLLM_CACHE_ROOT", value: "/var/cache/vllm/vllm" },
      { name: "HF_HOME", value: "/var/cache/vllm/huggingface" },
      { name: "TORCHINDUCTOR_CACHE_DIR", value: "/var/cache/vllm/torchinductor" },
      { name: "TRITON_CACHE_DIR", value: "/var/cache/vllm/triton" },
      { name: "HF_HUB_OFFLINE", value: "1" },
      { name: "VLLM_NO_USAGE_STATS", value: "1" },
      { name: "DO_NOT_TRACK", value: "1" },
    ]],
    // KServe's webhook fills a missing limit with 1 CPU / 2Gi (inference_service_defaults.go
    // setResourceRequirementDefaults, v0.15.2-v0.17.0): every request and limit is written. Disk:
    // 30 GiB vLLM image + 5.58 GB (5.2 GiB) model + 10 + 2 GiB emptyDirs + 1 GiB logs = 48.2 → 49Gi.
    ["every request and limit written, GPU request = limit, disk for image, model and caches", container.resources, {
      requests: { cpu: "6", memory: "24Gi", "ephemeral-storage": "49Gi", "nvidia.com/gpu": "1" },
      limits: { cpu: "6", memory: "24Gi", "ephemeral-storage": "49Gi", "nvidia.com/gpu": "1" },
    }],
  ])("%s", (_, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it("mounts nothing over the model baked into the image", () => {
    expect(container.args?.[0]).toBe("/models/qwen2.5-7b-instruct-awq");
    expect(container.volumeMounts?.some((m) => "/models/qwen2.5-7b-instruct-awq".startsWith(m.mountPath))).toBe(false);
    expect(container.env?.some((e) => e.name === "STORAGE_URI")).toBe(false);
  });

  it("has a PodDisruptionBudget on KServe's predictor pod labels", () => {
    expect(find(objects, "PodDisruptionBudget", "qwen-chat")).toMatchObject({
      apiVersion: "policy/v1",
      metadata: { namespace: "llm-prod" },
      spec: { maxUnavailable: 1, selector: { matchLabels: { "serving.kserve.io/inferenceservice": "qwen-chat", component: "predictor" } } },
    });
  });

  it("gives the ServiceAccount no API token", () => {
    expect(find(objects, "ServiceAccount", "qwen-chat")).toMatchObject({ automountServiceAccountToken: false, metadata: { namespace: "llm-prod" } });
  });

  it("pins a digest when the environment gives one", () => {
    const digest = `sha256:${"f".repeat(64)}`;
    const o = renderServing(environment(), cluster(), deployment({ image: { repository: "r/x", digest } }));
    expect(containerOf(isvcOf(o)).image).toBe(`r/x@${digest}`);
  });
});

describe("InferenceService variants", () => {
  it("Knative: the KPA scales on concurrency, minReplicas 0 allowed, no autoscalerClass", () => {
    const d = deployment({ deploymentMode: "Knative", replicas: { min: 0, max: 4 }, autoscaling: { ...deployment().autoscaling, metric: "concurrency", target: 8, scaler: "knative" } });
    const isvc = isvcOf(renderServing(environment([d]), cluster("0.15.2"), d));
    expect(isvc.metadata.annotations).toEqual({ "serving.kserve.io/deploymentMode": "Serverless" });
    expect(isvc.spec.predictor).toMatchObject({ minReplicas: 0, maxReplicas: 4, scaleMetric: "concurrency", scaleTarget: 8 });
  });

  it("KEDA schedule: bounds at the off-hours floor, KServe leaves replicas to KEDA", () => {
    const d = deployment({ autoscaling: { ...deployment().autoscaling, scaler: "keda", schedule: { timezone: "UTC", windows: [{ start: "0 7 * * *", end: "0 19 * * *" }], offHoursMin: 1 } } });
    const isvc = isvcOf(renderServing(environment([d]), cluster(), d));
    expect([isvc.spec.predictor.minReplicas, isvc.metadata.annotations?.["serving.kserve.io/autoscalerClass"]]).toEqual([1, "external"]);
  });

  it("PVC storage: KServe mounts the claim at /mnt/models; the PVC is rendered once per environment", () => {
    const model = { ...qwen25, storage: { kind: "pvc" as const, claimName: "models", path: "qwen/awq", size: "50Gi", storageClassName: "nfs-client" } };
    const d = deployment({ model });
    const env = environment([d, deployment({ name: "qwen-batch", model })]);
    const container = containerOf(isvcOf(renderServing(env, cluster(), d)));
    expect(container.args?.[0]).toBe("/mnt/models");
    expect(container.env).toContainEqual({ name: "STORAGE_URI", value: "pvc://models/qwen/awq" });
    const pvcs = renderServingEnvironment(env).filter((o) => o.kind === "PersistentVolumeClaim");
    expect(pvcs).toEqual([
      {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "models", namespace: "llm-prod", labels: { "app.kubernetes.io/managed-by": "llm-gitops" } },
        spec: { accessModes: ["ReadWriteMany"], storageClassName: "nfs-client", resources: { requests: { storage: "50Gi" } } },
      },
    ]);
  });

  it("tensor parallelism gets shared memory sized by GPU count", () => {
    const d = deployment({ gpuProfile: { ...a10g, gpu: { ...a10g.gpu, count: 4 } } });
    const isvc = isvcOf(renderServing(environment([d]), cluster(), d));
    expect(isvc.spec.predictor.volumes).toContainEqual({ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "8Gi" } });
    expect(containerOf(isvc).volumeMounts).toContainEqual({ name: "dshm", mountPath: "/dev/shm" });
  });

  it("PVC storage: the node disk holds the image and caches, not the weights", () => {
    const model = { ...qwen25, storage: { kind: "pvc" as const, claimName: "models", path: "qwen/awq", size: "50Gi", storageClassName: "nfs-client" } };
    const d = deployment({ model });
    expect(containerOf(isvcOf(renderServing(environment([d]), cluster(), d))).resources?.requests?.["ephemeral-storage"]).toBe("43Gi");
  });

  it("limits above requests and a disk override come from the input", () => {
    const d = deployment({ resources: { requests: { cpu: "4", memory: "20Gi" }, limits: { cpu: "7", memory: "26Gi" }, ephemeralStorage: "80Gi", at: deployment().resources.at } });
    expect(containerOf(isvcOf(renderServing(environment([d]), cluster(), d))).resources).toEqual({
      requests: { cpu: "4", memory: "20Gi", "ephemeral-storage": "80Gi", "nvidia.com/gpu": "1" },
      limits: { cpu: "7", memory: "26Gi", "ephemeral-storage": "80Gi", "nvidia.com/gpu": "1" },
    });
  });

  it("renders the environment's PriorityClass", () => {
    expect(find(renderServingEnvironment({ ...environment(), priority: 1000000 }), "PriorityClass", "llm-gitops-prod")).toMatchObject({
      apiVersion: "scheduling.k8s.io/v1",
      value: 1000000,
      globalDefault: false,
      preemptionPolicy: "PreemptLowerPriority",
    });
  });
});

describe("deploymentModeAnnotation", () => {
  // v0.15.2 constants.go knows Serverless/RawDeployment only (and silently ignores "Standard");
  // from v0.16.0 a new service given RawDeployment stores status Standard and every later update
  // with the old name is refused, so the new names are written there.
  it.each([
    ["Standard", "0.15.1", "RawDeployment"],
    ["Standard", "0.15.2", "RawDeployment"],
    ["Standard", "0.16.0", "Standard"],
    ["Standard", "1.0.0", "Standard"],
    ["Knative", "0.15.2", "Serverless"],
    ["Knative", "0.16.1", "Knative"],
  ] as const)("%s on KServe %s is %s", (mode, version, expected) => {
    expect(deploymentModeAnnotation(mode, cluster(version))).toBe(expected);
  });
});

describe("vllm args", () => {
  it("are complete for the AWQ example on an A10G (vLLM 0.10.0: request logging disabled by flag)", () => {
    const d = deployment({ model: { ...qwen25, vllmVersion: "0.10.0" }, vllm: { maxModelLen: 16384, gpuMemoryUtilization: 0.9, maxNumSeqs: 64 } });
    expect(vllmArgs(d)).toEqual([
      "/models/qwen2.5-7b-instruct-awq",
      "--served-model-name=qwen2.5-7b-instruct",
      "--port=8080",
      "--max-model-len=16384",
      "--gpu-memory-utilization=0.9",
      "--dtype=half",
      "--quantization=awq_marlin",
      "--tensor-parallel-size=1",
      "--max-num-seqs=64",
      "--disable-log-requests",
    ]);
  });

  // From 0.10.1 request logging is off unless --enable-log-requests, and --disable-log-requests
  // only prints a deprecation warning (vllm PR #21739).
  it.each([["0.10.1"], ["0.10.2"], ["0.11.0"]])("leave request logging off by default on vLLM %s", (vllmVersion) => {
    const args = vllmArgs(deployment({ model: { ...qwen25, vllmVersion } }));
    expect(args.filter((a) => a.includes("log-requests"))).toEqual([]);
  });

  // vllm 0.10.2 config: --rope-scaling is deprecated for --hf-overrides (removed in 0.11.1); the
  // YaRN form follows examples/offline_inference/context_extension.py.
  it("turn YaRN rope scaling on only for a context beyond the native length", () => {
    const model = { ...qwen25, architecture: { ...qwen25.architecture, ropeScalingFactor: 4 } };
    const args = (m: typeof model, maxModelLen: number) => vllmArgs(deployment({ model: m, vllm: { maxModelLen, gpuMemoryUtilization: 0.9 } }));
    expect(args(model, 32768).some((a) => /rope|overrides/.test(a))).toBe(false);
    expect(args(model, 65536)).toContain('--hf-overrides={"rope_scaling":{"rope_type":"yarn","factor":4,"original_max_position_embeddings":32768}}');
    expect(args({ ...model, vllmVersion: "0.9.2" }, 65536)).toContain('--rope-scaling={"rope_type":"yarn","factor":4,"original_max_position_embeddings":32768}');
  });

  it("pass the scheduler's token budget when the deployment sets one", () => {
    expect(vllmArgs(deployment({ vllm: { maxModelLen: 8192, gpuMemoryUtilization: 0.9, maxNumBatchedTokens: 8192 } }))).toContain("--max-num-batched-tokens=8192");
  });

  it("trust remote code only for models that need it", () => {
    expect(vllmArgs(deployment())).not.toContain("--trust-remote-code");
    expect(vllmArgs(deployment({ model: { ...qwen25, trustRemoteCode: true } }))).toContain("--trust-remote-code");
  });

  it("tensor parallelism equals the GPUs per replica", () => {
    expect(vllmArgs(deployment({ gpuProfile: { ...a10g, gpu: { ...a10g.gpu, count: 4 } } }))).toContain("--tensor-parallel-size=4");
  });

  it.each([
    ["awq", "8.6", "awq_marlin"],
    ["awq", "7.5", "awq"],
    ["gptq", "8.0", "gptq_marlin"],
    ["fp8", "8.9", "fp8"],
    ["none", "8.6", undefined],
  ] as const)("quantization %s on compute capability %s is %s", (method, cc, expected) => {
    const x = deployment({ model: { ...qwen25, quantization: { method, bits: 4 } }, gpuProfile: { ...a10g, gpu: { ...a10g.gpu, computeCapability: cc } } });
    expect(quantizationArg(x)).toBe(expected);
  });
});

describe("GPU node selection follows the labels the cluster's nodes carry", () => {
  const onCluster = (over: Partial<ReturnType<typeof cluster>>, d = deployment()) => isvcOf(renderServing(environment([d]), { ...cluster(), ...over }, d)).spec.predictor;
  const pool = cluster().nodePools[0]!;
  it.each([
    ["GPU Feature Discovery", "gpu-feature-discovery", { "nvidia.com/gpu.product": "NVIDIA-A10G" }],
    ["EKS instance type", "instance-type", { "node.kubernetes.io/instance-type": "g5.2xlarge" }],
    ["Karpenter's GPU name", "karpenter", { "karpenter.k8s.aws/instance-gpu-name": "a10g" }],
  ] as const)("%s", (_, gpuNodeLabels, selector) => {
    expect(onCluster({ gpuNodeLabels }).nodeSelector).toEqual(selector);
  });

  it("GKE's accelerator label", () => {
    const l4 = { ...a10g, name: "l4", gpu: { ...a10g.gpu, product: "NVIDIA-L4" } };
    const predictor = onCluster({ gpuNodeLabels: "gke-accelerator", nodePools: [{ ...pool, gpuProfile: "l4" }] }, deployment({ gpuProfile: l4 }));
    expect(predictor.nodeSelector).toEqual({ "cloud.google.com/gke-accelerator": "nvidia-l4" });
  });

  it("pools of several instance types become alternatives of a node affinity", () => {
    const predictor = onCluster({ gpuNodeLabels: "instance-type", nodePools: [pool, { ...pool, name: "big", instanceType: "g5.4xlarge" }] });
    expect(predictor.nodeSelector).toBeUndefined();
    expect(predictor.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: "node.kubernetes.io/instance-type", operator: "In", values: ["g5.2xlarge"] }] },
      { matchExpressions: [{ key: "node.kubernetes.io/instance-type", operator: "In", values: ["g5.4xlarge"] }] },
    ]);
  });

  it("Karpenter tells the A100's two memory sizes apart", () => {
    const a100 = { ...a10g, name: "a100", gpu: { ...a10g.gpu, product: "NVIDIA-A100-SXM4-80GB" } };
    const predictor = onCluster({ gpuNodeLabels: "karpenter", nodePools: [{ ...pool, gpuProfile: "a100" }] }, deployment({ gpuProfile: a100 }));
    expect(predictor.nodeSelector).toEqual({ "karpenter.k8s.aws/instance-gpu-name": "a100", "karpenter.k8s.aws/instance-gpu-memory": "81920" });
  });

  it("a GPU profile's own nodeSelector wins on every cluster", () => {
    const d = deployment({ gpuProfile: { ...a10g, nodeSelector: { pool: "gpu" } } });
    expect(onCluster({ gpuNodeLabels: "karpenter" }, d).nodeSelector).toEqual({ pool: "gpu" });
  });
});

describe("InferenceService behind the gateway and in the mesh", () => {
  const isvcOn = (c: Cluster, over: Parameters<typeof deployment>[0] = {}) => {
    const d = deployment({ clusters: [c], ...over });
    return renderServing({ ...environment([d]), clusters: [c] }, c, d).find((o) => o.kind === "InferenceService") as InferenceService;
  };

  // KServe v0.15.2/v0.16.0 reconcilers/ingress: no Ingress, HTTPRoute or external route for a cluster-local service.
  it.each([
    ["Standard", "networking.kserve.io/visibility"],
    ["Knative", "networking.knative.dev/visibility"],
  ] as const)("is cluster-local in %s mode, so KServe exposes nothing past the gateway", (mode, label) => {
    const isvc = isvcOn(cluster(), mode === "Knative" ? { deploymentMode: "Knative", replicas: { min: 0, max: 2 }, autoscaling: { ...deployment().autoscaling, metric: "concurrency", target: 8, scaler: "knative" } } : {});
    expect(isvc.metadata.labels?.[label]).toBe("cluster-local");
  });

  it("in a mesh, has the sidecar merge vLLM's /metrics into :15020 (Istio 1.30.3 applyPrometheusMerge)", () => {
    expect(isvcOn(meshCluster()).spec.predictor.annotations).toEqual({
      "prometheus.istio.io/merge-metrics": "true",
      "prometheus.io/scrape": "true",
      "prometheus.io/port": "8080",
      "prometheus.io/path": "/metrics",
    });
    expect(isvcOn(cluster()).spec.predictor.annotations).toBeUndefined();
  });
});
