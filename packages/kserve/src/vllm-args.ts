import { bakedModelPath, VLLM_PORT } from "@llm-gitops/core";
import type { Deployment } from "@llm-gitops/config";

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

/** Arguments of `vllm serve`, one `--flag=value` token each so a value can never be split. */
export function vllmArgs(d: Deployment): string[] {
  const quantization = quantizationArg(d);
  return [
    bakedModelPath(d.model.name),
    `--served-model-name=${d.model.servedName}`,
    `--port=${VLLM_PORT}`,
    `--max-model-len=${d.vllm.maxModelLen}`,
    `--gpu-memory-utilization=${d.vllm.gpuMemoryUtilization}`,
    `--dtype=${d.model.dtype}`,
    ...(quantization ? [`--quantization=${quantization}`] : []),
    `--tensor-parallel-size=${d.gpuProfile.gpu.count}`,
    ...(d.vllm.maxNumSeqs !== undefined ? [`--max-num-seqs=${d.vllm.maxNumSeqs}`] : []),
    ...(d.model.trustRemoteCode ? ["--trust-remote-code"] : []),
  ];
}
