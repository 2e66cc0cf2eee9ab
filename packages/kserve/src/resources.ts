import type { ResourceRequirements } from "kubernetes-types/core/v1";
import { GiB, parseQuantity } from "@llm-gitops/core";
import type { Deployment } from "@llm-gitops/config";
import { weightBytes } from "./gpu-fit.ts";

/** emptyDir sizes: compile and kernel caches, /tmp, and with tensor parallelism /dev/shm (RAM). */
export const CACHE_GIB = 10;
export const TMP_GIB = 2;
/** Container logs and the (read-only) writable layer's residue, charged to the pod. */
const LOGS_GIB = 1;

/**
 * Node disk one replica needs. The kubelet charges a pod only for its emptyDirs, logs and writable
 * layer, but the image and a baked-in model land on the same disk (../shared/DOMAIN.md B11: the
 * vLLM image plus a 5.6 GB model overflows a 20 GiB root volume). Requesting all of it makes
 * the scheduler keep a replica off a node whose disk cannot hold it.
 */
export function ephemeralStorage(d: Deployment): string {
  if (d.resources.ephemeralStorage !== undefined) return d.resources.ephemeralStorage;
  const model = d.model.storage.kind === "image" ? weightBytes(d.model) : 0;
  const bytes = d.model.image.baseSizeGiB * GiB + model + (CACHE_GIB + TMP_GIB + LOGS_GIB) * GiB;
  return `${Math.ceil(bytes / GiB)}Gi`;
}

/**
 * Requests and limits for cpu, memory and ephemeral storage, GPUs request = limit. KServe's
 * defaulting webhook fills any missing request or limit from inferenceservice-config (cpuLimit
 * "1", memoryLimit "2Gi"), which would put a limit below our request and get the Deployment
 * rejected (../shared/DOMAIN.md B2), so every one is written.
 */
export function containerResources(d: Deployment): ResourceRequirements {
  const gpus = String(d.gpuProfile.gpu.count);
  const disk = ephemeralStorage(d);
  const { requests, limits } = d.resources;
  return {
    requests: { cpu: requests.cpu, memory: requests.memory, "ephemeral-storage": disk, "nvidia.com/gpu": gpus },
    limits: { cpu: limits.cpu, memory: limits.memory, "ephemeral-storage": disk, "nvidia.com/gpu": gpus },
  };
}

/** Request, limit and node allocatable of one resource, in base units, for the gates. */
export function resourceFigures(d: Deployment): { name: "cpu" | "memory" | "ephemeral-storage"; request: string; limit: string }[] {
  const disk = ephemeralStorage(d);
  return [
    { name: "cpu", request: d.resources.requests.cpu, limit: d.resources.limits.cpu },
    { name: "memory", request: d.resources.requests.memory, limit: d.resources.limits.memory },
    { name: "ephemeral-storage", request: disk, limit: disk },
  ];
}

export const exceeds = (a: string, b: string) => parseQuantity(a) > parseQuantity(b);
