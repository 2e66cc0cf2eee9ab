import { atLeast, bakedModelPath, KSERVE_MODEL_MOUNT, requestLoggingArgs, VLLM_PORT } from "@llm-gitops/core";
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
    ...(d.vllm.maxNumBatchedTokens !== undefined ? [`--max-num-batched-tokens=${d.vllm.maxNumBatchedTokens}`] : []),
    ...ropeScalingArgs(d),
    ...(d.model.trustRemoteCode ? ["--trust-remote-code"] : []),
    ...requestLoggingArgs(d.model.vllmVersion),
  ];
}

/**
 * A context beyond the checkpoint's native length needs YaRN rope scaling turned on: vLLM derives
 * its length limit from original_max_position_embeddings × factor of the config's rope_scaling
 * (vllm/config _get_and_verify_max_len, 0.10.2) and refuses a longer --max-model-len otherwise.
 * 0.10 deprecates --rope-scaling for --hf-overrides (removed in 0.11.1). Written only when the
 * deployment asks for more than the native length: static YaRN costs quality on short prompts.
 */
export function ropeScalingArgs(d: Deployment): string[] {
  const { ropeScalingFactor: factor, contextLength } = d.model.architecture;
  if (!factor || d.vllm.maxModelLen <= contextLength) return [];
  const scaling = { rope_type: "yarn", factor, original_max_position_embeddings: contextLength };
  return atLeast(d.model.vllmVersion, "0.10.0")
    ? [`--hf-overrides=${JSON.stringify({ rope_scaling: scaling })}`]
    : [`--rope-scaling=${JSON.stringify(scaling)}`];
}
