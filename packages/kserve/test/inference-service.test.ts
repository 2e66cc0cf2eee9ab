import { describe, expect, it } from "vitest";
import type { KubernetesObject } from "@llm-gitops/core";
import { renderServing } from "../src/index.ts";
import { deploymentModeAnnotation } from "../src/mode.ts";
import type { InferenceService } from "../src/types.ts";
import { quantizationArg, vllmArgs } from "../src/vllm-args.ts";
import { cluster, deployment, environment, qwen25 } from "@llm-gitops/config/testing";

const find = <T extends KubernetesObject>(objects: KubernetesObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o as T;
};

describe("InferenceService", () => {
  const objects = renderServing(environment(), cluster("0.16"), deployment());
  const isvc = find<InferenceService>(objects, "InferenceService", "qwen-chat");
  const predictor = isvc.spec.predictor;
  const container = predictor.containers.find((c) => c.name === "kserve-container")!;

  it.each([
    ["namespace", isvc.metadata.namespace, "llm-prod"],
    ["deployment mode set explicitly", isvc.metadata.annotations?.["serving.kserve.io/deploymentMode"], "Standard"],
    ["service account", predictor.serviceAccountName, "qwen-chat"],
    ["replica bounds", [predictor.minReplicas, predictor.maxReplicas], [3, 20]],
    ["GPU pool node selector", predictor.nodeSelector, { "nvidia.com/gpu.product": "NVIDIA-A10G" }],
    ["GPU taint toleration", predictor.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]],
    ["image from the environment", container.image, "ghcr.io/example-org/vllm-qwen:v1"],
    ["runs vllm serve", container.command, ["vllm", "serve"]],
    ["port", container.ports, [{ name: "http1", containerPort: 8080, protocol: "TCP" }]],
    ["GPU request = limit, memory limited, CPU unthrottled", container.resources, {
      requests: { cpu: "6", memory: "24Gi", "nvidia.com/gpu": "1" },
      limits: { memory: "24Gi", "nvidia.com/gpu": "1" },
    }],
    ["model label", isvc.metadata.labels?.["llm-gitops.io/model"], "qwen2.5-7b-instruct-awq"],
  ])("%s", (_, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it("pins a digest when the environment gives one", () => {
    const digest = `sha256:${"f".repeat(64)}`;
    const o = renderServing(environment(), cluster(), deployment({ image: { repository: "r/x", digest } }));
    expect(find<InferenceService>(o, "InferenceService", "qwen-chat").spec.predictor.containers[0]!.image).toBe(`r/x@${digest}`);
  });

  it("gives the ServiceAccount no API token", () => {
    expect(find(objects, "ServiceAccount", "qwen-chat")).toMatchObject({ automountServiceAccountToken: false, metadata: { namespace: "llm-prod" } });
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
  it("are complete for the AWQ example on an A10G", () => {
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
    ]);
  });

  it("trust remote code only for models that need it", () => {
    expect(vllmArgs(deployment())).not.toContain("--trust-remote-code");
    expect(vllmArgs(deployment({ model: { ...qwen25, trustRemoteCode: true } }))).toContain("--trust-remote-code");
  });

  it("tensor parallelism equals the GPUs per replica", () => {
    const d = deployment();
    const four = deployment({ gpuProfile: { ...d.gpuProfile, gpu: { ...d.gpuProfile.gpu, count: 4 } } });
    expect(vllmArgs(four)).toContain("--tensor-parallel-size=4");
  });

  it.each([
    ["awq", "8.6", "awq_marlin"],
    ["awq", "7.5", "awq"],
    ["gptq", "8.0", "gptq_marlin"],
    ["fp8", "8.9", "fp8"],
    ["none", "8.6", undefined],
  ] as const)("quantization %s on compute capability %s is %s", (method, cc, expected) => {
    const d = deployment();
    const x = deployment({ model: { ...qwen25, quantization: { method, bits: 4 } }, gpuProfile: { ...d.gpuProfile, gpu: { ...d.gpuProfile.gpu, computeCapability: cc } } });
    expect(quantizationArg(x)).toBe(expected);
  });
});
