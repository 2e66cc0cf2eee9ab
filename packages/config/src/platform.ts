import { atLeast, excerpt, parseQuantity, type Problem } from "@llm-gitops/core";
import { resolveAddons } from "./addons.ts";
import { resolveVersions } from "./versions.ts";
import { DEFAULTS } from "./defaults.ts";
import { suggestion } from "./didyoumean.ts";
import { gpuNodeSelector, KNOWN_GPUS } from "./gpus.ts";
import type { Cluster, GpuProfile, Model, Platform, ResourceInput } from "./model.ts";
import { PlatformSchema, type GpuProfileInput, type PlatformInput } from "./schema.ts";
import { parseSource, type SourceFile } from "./source.ts";
import { validateAgainst } from "./validate.ts";
import { resolveClusterNetwork } from "./network.ts";
import { resolveClusterObservability } from "./observability.ts";

/**
 * Oldest KServe whose `autoscalerClass: external` leaves the predictor's replicas to our scaler:
 * 0.15.0 still set Deployment.replicas to minReplicas on every reconcile, undoing each scale-up
 * (fixed in 0.15.1, kserve/kserve PR #4363; ../shared/DOMAIN.md B2).
 */
const MIN_KSERVE = "0.15.1";

/** Directory names under clusters/ that a cluster may not take. */
const RESERVED_CLUSTER_NAMES = ["base"];

const quantity = (q: string | number) => String(q);

/** The memory CUDA reports: the profile's own figure, else the known one for its product. */
function usable(gpu: { product: string; usableGiB?: number }): { usableGiB?: number } {
  const value = gpu.usableGiB ?? KNOWN_GPUS[gpu.product]?.usableGiB;
  return value === undefined ? {} : { usableGiB: value };
}

/** Fields of a resources block whose quantity is zero: a pod must request some CPU and memory. */
export function zeroQuantities(r: GpuProfileInput["podResources"]): string[] {
  const fields: [string, string | number | undefined][] = [["cpu", r.cpu], ["memory", r.memory], ["limits.cpu", r.limits?.cpu], ["limits.memory", r.limits?.memory], ["ephemeralStorage", r.ephemeralStorage]];
  return fields.filter(([, q]) => q !== undefined && parseQuantity(q) <= 0).map(([f]) => f);
}

export function resourceInput(r: GpuProfileInput["podResources"]): ResourceInput {
  return {
    cpu: quantity(r.cpu),
    memory: quantity(r.memory),
    ...(r.limits ? { limits: { ...(r.limits.cpu !== undefined ? { cpu: quantity(r.limits.cpu) } : {}), ...(r.limits.memory !== undefined ? { memory: quantity(r.limits.memory) } : {}) } } : {}),
    ...(r.ephemeralStorage !== undefined ? { ephemeralStorage: quantity(r.ephemeralStorage) } : {}),
  };
}

/** Parses, validates and resolves platform.yaml; undefined when it cannot be resolved at all. */
export function loadPlatform(src: SourceFile, problems: Problem[]): Platform | undefined {
  const { parsed, problems: syntax } = parseSource(src);
  problems.push(...syntax);
  if (!parsed) return undefined;
  const value = parsed.value();
  const invalid = validateAgainst(parsed, value, PlatformSchema);
  problems.push(...invalid);
  if (invalid.length) return undefined;
  const input = value as PlatformInput;

  const gpuProfiles = new Map<string, GpuProfile>();
  for (const [name, p] of Object.entries(input.gpuProfiles)) {
    for (const f of zeroQuantities(p.podResources)) problems.push(parsed.problem(["gpuProfiles", name, "podResources", ...f.split(".")], "must be more than 0"));
    gpuProfiles.set(name, {
      name,
      gpu: { ...p.gpu, ...usable(p.gpu) },
      ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
      tolerations: p.tolerations ?? DEFAULTS.gpuTolerations,
      podResources: resourceInput(p.podResources),
      mig: p.mig ?? false,
      overheadGiB: p.overheadGiB ?? DEFAULTS.overheadGiB,
      origin: parsed.origin(["gpuProfiles", name]),
    });
  }

  const models = new Map<string, Model>();
  for (const [name, m] of Object.entries(input.models)) {
    const { pvc } = m;
    models.set(name, {
      name,
      source: m.source,
      ...(m.revision !== undefined ? { revision: m.revision } : {}),
      vllmVersion: m.vllmVersion,
      ...(m.weightBytes !== undefined ? { weightBytes: m.weightBytes } : {}),
      storage: pvc ? { kind: "pvc", ...pvc, size: quantity(pvc.size) } : { kind: "image" },
      servedName: m.servedName ?? name,
      image: { repository: m.image.repository, baseSizeGiB: m.image.baseSizeGiB ?? DEFAULTS.vllmImageGiB },
      architecture: m.architecture,
      quantization: m.quantization,
      dtype: m.dtype ?? DEFAULTS.dtype(m.quantization.method),
      trustRemoteCode: m.trustRemoteCode ?? false,
      task: m.task ?? "generate",
    });
  }

  const claims = new Map<string, string>();
  for (const [name, m] of Object.entries(input.models)) {
    if (!m.pvc) continue;
    const other = claims.get(m.pvc.claimName);
    const o = other ? input.models[other]?.pvc : undefined;
    if (o && (o.storageClassName !== m.pvc.storageClassName || String(o.size) !== String(m.pvc.size))) {
      problems.push(parsed.problem(["models", name, "pvc", "claimName"], `claim "${m.pvc.claimName}" is also used by model "${other}" with another size or storage class; models sharing a claim must agree on both`));
    } else if (!other) claims.set(m.pvc.claimName, name);
  }

  const clusters = new Map<string, Cluster>();
  for (const [name, c] of Object.entries(input.clusters)) {
    const at = (...rest: (string | number)[]) => ["clusters", name, ...rest];
    if (RESERVED_CLUSTER_NAMES.includes(name)) {
      problems.push(parsed.problem(at(), `"${name}" is reserved for the shared Kustomize bases under clusters/; rename the cluster`));
    }
    if (!atLeast(c.kserve.version, MIN_KSERVE)) {
      problems.push(parsed.problem(at("kserve", "version"), `KServe ${c.kserve.version} is too old: llm-gitops needs ${MIN_KSERVE} or newer (before 0.15.1, autoscalerClass external still resets the predictor's replicas to minReplicas on every reconcile, undoing each scale-up); upgrade KServe`));
    }
    const destinations = [c.argocd.server, c.argocd.name].filter((d) => d !== undefined).length;
    if (destinations !== 1) {
      problems.push(parsed.problem(at("argocd"), "set exactly one of server and name (the Argo CD destination)"));
    }
    const poolNames = new Map<string, number>();
    const reported = new Set<string>();
    c.nodePools.forEach((pool, i) => {
      const first = poolNames.get(pool.name);
      if (first !== undefined) {
        problems.push(parsed.problem(at("nodePools", i, "name"), `duplicate node pool name "${pool.name}" (also nodePools[${first}]); rename one`));
      } else poolNames.set(pool.name, i);
      if (!gpuProfiles.has(pool.gpuProfile)) {
        problems.push(
          parsed.problem(at("nodePools", i, "gpuProfile"), `unknown GPU profile ${excerpt(pool.gpuProfile)}${suggestion(pool.gpuProfile, [...gpuProfiles.keys()])}`),
        );
      }
      if (pool.maxNodes < pool.minNodes) {
        problems.push(parsed.problem(at("nodePools", i, "maxNodes"), `must be >= minNodes (${pool.minNodes}); lower minNodes or raise maxNodes`));
      }
      for (const res of ["cpu", "memory", "ephemeralStorage"] as const) {
        if (parseQuantity(pool.allocatable[res]) <= 0) problems.push(parsed.problem(at("nodePools", i, "allocatable", res), "must be more than 0"));
      }
      const profile = gpuProfiles.get(pool.gpuProfile);
      if (profile && pool.gpusPerNode < profile.gpu.count) {
        problems.push(parsed.problem(at("nodePools", i, "gpusPerNode"), `a node has ${pool.gpusPerNode} GPU(s) but GPU profile "${profile.name}" gives each replica ${profile.gpu.count}; no replica would ever schedule: use an instance type with more GPUs`));
      }
      if (profile && !profile.nodeSelector) {
        const types = c.nodePools.filter((p) => p.gpuProfile === pool.gpuProfile).map((p) => p.instanceType);
        const selector = gpuNodeSelector(c.gpuNodeLabels, profile, types);
        if (!selector.ok && !reported.has(profile.name)) {
          reported.add(profile.name);
          problems.push(parsed.problem(at("gpuNodeLabels"), `${selector.message}, so GPU profile "${profile.name}" cannot select its nodes on this cluster; set gpuProfiles["${profile.name}"].nodeSelector, or use gpuNodeLabels: instance-type or gpu-feature-discovery`));
        }
      }
    });
    const { mesh, gateway, grafana, logging, addons, versions, ...plain } = c;
    const network = resolveClusterNetwork(parsed, name, c, problems);
    const { dcgmExporter, ...observed } = resolveClusterObservability(parsed, name, c, problems);
    clusters.set(name, {
      name,
      ...plain,
      ...network,
      ...observed,
      argocd: { ...c.argocd, namespace: c.argocd.namespace ?? "argocd" },
      addons: resolveAddons(parsed, name, c, problems),
      versions: resolveVersions(parsed, name, c, problems),
      prometheus: { ...network.prometheus, ...(dcgmExporter ? { dcgmExporter } : {}) },
      origin: parsed.origin(at()),
      nodePools: c.nodePools.map((pool) => ({
        ...pool,
        allocatable: { cpu: quantity(pool.allocatable.cpu), memory: quantity(pool.allocatable.memory), ephemeralStorage: quantity(pool.allocatable.ephemeralStorage) },
      })),
    });
  }
  return { repository: input.repository, revision: input.revision ?? "main", gpuProfiles, models, clusters };
}
