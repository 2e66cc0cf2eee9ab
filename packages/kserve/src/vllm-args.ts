import { atLeast, bakedModelPath, KSERVE_MODEL_MOUNT, VLLM_PORT } from "@llm-gitops/core";
import type { Deployment, Model } from "@llm-gitops/config";

/**
 * vLLM picks the faster Marlin kernels for AWQ/GPTQ on compute capability >= 8.0; forcing plain
 * `awq` there would be slower, so name the Marlin variant explicitly where it applies.
 */
export function quantizationArg(d: Deployment): string | undefined {
  const { method } = d.model.quantization;
  if (method === "none") return undefined;
  const [major = 0] = d.gpuProfile.gpu.computeCapability.split(".").map(Number);
  if ((method === "awq" || method === "gptq") && major >= 8) return `${method}_marlin`;
  return method;
}

/** Where the server finds the weights: baked into the image, or mounted by KServe from the PVC. */
export function modelPath(model: Model): string {
  return model.storage.kind === "pvc" ? KSERVE_MODEL_MOUNT : bakedModelPath(model.name);
}

/**
 * Request logs carry prompts. Before vLLM 0.11 they are on unless disabled; from 0.11 they are
 * off unless --enable-log-requests, and --disable-log-requests no longer exists (vllm#21739).
 */
export function requestLoggingArgs(vllmVersion: string): string[] {
  return atLeast(vllmVersion, "0.11") ? [] : ["--disable-log-requests"];
}

/** Arguments of `vllm serve`, one `--flag=value` token each so a value can never be split. */
export function vllmArgs(d: Deployment): string[] {
  const quantization = quantizationArg(d);
  return [
    modelPath(d.model),
    `--served-model-name=${d.model.servedName}`,
    `--port=${VLLM_PORT}`,
    `--max-model-len=${d.vllm.maxModelLen}`,
    `--gpu-memory-utilization=${d.vllm.gpuMemoryUtilization}`,
    `--dtype=${d.model.dtype}`,
    ...(quantization ? [`--quantization=${quantization}`] : []),
    `--tensor-parallel-size=${d.gpuProfile.gpu.count}`,
    ...(d.vllm.maxNumSeqs !== undefined ? [`--max-num-seqs=${d.vllm.maxNumSeqs}`] : []),
    ...(d.model.trustRemoteCode ? ["--trust-remote-code"] : []),
    ...requestLoggingArgs(d.model.vllmVersion),
  ];
}
