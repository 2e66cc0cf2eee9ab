import { describe, expect, it } from "vitest";
import type { KubernetesObject } from "@llm-gitops/core";
import { cluster, deployment, environment, qwen25, a10g } from "@llm-gitops/config/testing";
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
  const objects = renderServing(environment(), cluster("0.16"), deployment());
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
    ["GPU pool node selector", predictor.nodeSelector, { "nvidia.com/gpu.product": "NVIDIA-A10G" }],
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
      { name: "cache", emptyDir: { sizeLimit: "20Gi" } },
      { name: "tmp", emptyDir: { sizeLimit: "2Gi" } },
    ]],
    ["startup budget for model load (900 s / 10 s)", container.startupProbe, { ...health, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 90 }],
    ["readiness", container.readinessProbe, { ...health, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }],
    ["liveness", container.livenessProbe, { ...health, periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 4 }],
    ["image from the environment", container.image, "ghcr.io/example-org/vllm-qwen:v1"],
    ["runs vllm serve", container.command, ["vllm", "serve"]],
    ["offline, no telemetry, caches in the writable home", container.env, [
      { name: "HOME", value: "/var/cache/vllm" },
      { name: "HF_HUB_OFFLINE", value: "1" },
      { name: "VLLM_NO_USAGE_STATS", value: "1" },
      { name: "DO_NOT_TRACK", value: "1" },
    ]],
    ["GPU request = limit, memory limited, CPU unthrottled", container.resources, {
      requests: { cpu: "6", memory: "24Gi", "nvidia.com/gpu": "1" },
      limits: { memory: "24Gi", "nvidia.com/gpu": "1" },
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
    const isvc = isvcOf(renderServing(environment([d]), cluster("0.15"), d));
    expect(isvc.metadata.annotations).toEqual({ "serving.kserve.io/deploymentMode": "Serverless" });
    expect(isvc.spec.predictor).toMatchObject({ minReplicas: 0, maxReplicas: 4, scaleMetric: "concurrency", scaleTarget: 8 });
  });

  it("KEDA schedule: KServe seeds the Deployment at the off-hours floor", () => {
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
  it.each([
    ["Standard", "0.15", "RawDeployment"],
    ["Standard", "0.15.2", "RawDeployment"],
    ["Standard", "0.16", "Standard"],
    ["Standard", "1.0", "Standard"],
    ["Knative", "0.14", "Serverless"],
    ["Knative", "0.16.1", "Knative"],
  ] as const)("%s on KServe %s is %s", (mode, version, expected) => {
    expect(deploymentModeAnnotation(mode, cluster(version))).toBe(expected);
  });
});

describe("vllm args", () => {
  it("are complete for the AWQ example on an A10G (vLLM 0.10: request logging disabled by flag)", () => {
    expect(vllmArgs(deployment({ vllm: { maxModelLen: 16384, gpuMemoryUtilization: 0.9, maxNumSeqs: 64 } }))).toEqual([
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

  it("leave request logging off by default from vLLM 0.11, where the old flag is gone", () => {
    const args = vllmArgs(deployment({ model: { ...qwen25, vllmVersion: "0.11.0" } }));
    expect(args.filter((a) => a.includes("log-requests"))).toEqual([]);
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
