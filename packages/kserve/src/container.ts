import type { Container, EnvVar, PodSecurityContext, Probe, Volume, VolumeMount } from "kubernetes-types/core/v1";
import { VLLM_PORT } from "@llm-gitops/core";
import { imageRef, type Deployment } from "@llm-gitops/config";
import { vllmArgs } from "./vllm-args.ts";

export const RUN_AS = 1001;
/** Writable home for vLLM, Hugging Face, Triton and torch.compile caches; the root filesystem is read-only. */
export const CACHE_DIR = "/var/cache/vllm";
const PROBE_PERIOD = 10;

const health = (p: Omit<Probe, "httpGet">): Probe => ({ httpGet: { path: "/health", port: VLLM_PORT }, ...p });

/** Tensor parallelism exchanges data through /dev/shm, which defaults to 64 MiB in a container. */
const needsShm = (d: Deployment) => d.gpuProfile.gpu.count > 1;

export function podSecurityContext(): PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS, seccompProfile: { type: "RuntimeDefault" } };
}

export function podVolumes(d: Deployment): Volume[] {
  return [
    { name: "cache", emptyDir: { sizeLimit: "20Gi" } },
    { name: "tmp", emptyDir: { sizeLimit: "2Gi" } },
    ...(needsShm(d) ? [{ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: `${2 * d.gpuProfile.gpu.count}Gi` } }] : []),
  ];
}

function volumeMounts(d: Deployment): VolumeMount[] {
  return [
    { name: "cache", mountPath: CACHE_DIR },
    { name: "tmp", mountPath: "/tmp" },
    ...(needsShm(d) ? [{ name: "dshm", mountPath: "/dev/shm" }] : []),
  ];
}

function env(d: Deployment): EnvVar[] {
  return [
    { name: "HOME", value: CACHE_DIR },
    // The weights are local (image or PVC): never reach out to the Hub at run time.
    { name: "HF_HUB_OFFLINE", value: "1" },
    { name: "VLLM_NO_USAGE_STATS", value: "1" },
    { name: "DO_NOT_TRACK", value: "1" },
    ...(d.model.storage.kind === "pvc"
      ? [{ name: "STORAGE_URI", value: `pvc://${d.model.storage.claimName}/${d.model.storage.path}` }]
      : []),
  ];
}

export function servingContainer(d: Deployment): Container {
  const gpus = String(d.gpuProfile.gpu.count);
  return {
    name: "kserve-container",
    image: imageRef(d.image),
    command: ["vllm", "serve"],
    args: vllmArgs(d),
    env: env(d),
    ports: [{ name: "http1", containerPort: VLLM_PORT, protocol: "TCP" }],
    // The port opens only once the model is loaded: a long startup budget, then tight checks.
    startupProbe: health({ periodSeconds: PROBE_PERIOD, timeoutSeconds: 5, failureThreshold: Math.ceil(d.startupTimeoutSeconds / PROBE_PERIOD) }),
    readinessProbe: health({ periodSeconds: PROBE_PERIOD, timeoutSeconds: 5, failureThreshold: 3 }),
    livenessProbe: health({ periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 4 }),
    // GPUs: request = limit. CPU has no limit (throttling stalls token streaming); memory does.
    resources: {
      requests: { cpu: d.resources.cpu, memory: d.resources.memory, "nvidia.com/gpu": gpus },
      limits: { memory: d.resources.memory, "nvidia.com/gpu": gpus },
    },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
    volumeMounts: volumeMounts(d),
  };
}
