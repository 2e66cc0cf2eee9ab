import type { Container, EnvVar, PodSecurityContext, Probe, Volume, VolumeMount } from "kubernetes-types/core/v1";
import { VLLM_CACHE_DIR, VLLM_PORT, VLLM_PORT_NAME, VLLM_UID, vllmEnvironment } from "@llm-gitops/core";
import { imageRef, type Deployment } from "@llm-gitops/config";
import { CACHE_GIB, containerResources, TMP_GIB } from "./resources.ts";
import { vllmArgs } from "./vllm-args.ts";

export const RUN_AS = VLLM_UID;
/** Writable home for vLLM, Hugging Face, Triton and torch.compile caches; the root filesystem is read-only. */
export const CACHE_DIR = VLLM_CACHE_DIR;
const PROBE_PERIOD = 10;

const health = (p: Omit<Probe, "httpGet">): Probe => ({ httpGet: { path: "/health", port: VLLM_PORT }, ...p });

/** Tensor parallelism exchanges data through /dev/shm, which defaults to 64 MiB in a container. */
const needsShm = (d: Deployment) => d.gpuProfile.gpu.count > 1;

export function podSecurityContext(): PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS, seccompProfile: { type: "RuntimeDefault" } };
}

export function podVolumes(d: Deployment): Volume[] {
  return [
    { name: "cache", emptyDir: { sizeLimit: `${CACHE_GIB}Gi` } },
    { name: "tmp", emptyDir: { sizeLimit: `${TMP_GIB}Gi` } },
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

/** The same environment the image sets, so a PVC-served model on the plain vLLM image behaves alike. */
function env(d: Deployment): EnvVar[] {
  return [
    ...vllmEnvironment().map(([name, value]) => ({ name, value })),
    ...(d.model.storage.kind === "pvc"
      ? [{ name: "STORAGE_URI", value: `pvc://${d.model.storage.claimName}/${d.model.storage.path}` }]
      : []),
  ];
}

export function servingContainer(d: Deployment): Container {
  return {
    name: "kserve-container",
    image: imageRef(d.image),
    command: ["vllm", "serve"],
    args: vllmArgs(d),
    env: env(d),
    // One named port serves the API, /health and /metrics; the PodMonitor scrapes it by name.
    ports: [{ name: VLLM_PORT_NAME, containerPort: VLLM_PORT, protocol: "TCP" }],
    // The port opens only once the model is loaded: a long startup budget, then tight checks.
    startupProbe: health({ periodSeconds: PROBE_PERIOD, timeoutSeconds: 5, failureThreshold: Math.ceil(d.startupTimeoutSeconds / PROBE_PERIOD) }),
    readinessProbe: health({ periodSeconds: PROBE_PERIOD, timeoutSeconds: 5, failureThreshold: 3 }),
    livenessProbe: health({ periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 4 }),
    resources: containerResources(d),
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
    volumeMounts: volumeMounts(d),
  };
}
