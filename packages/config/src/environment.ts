import { excerpt, isDns1123Label, type Problem } from "@llm-gitops/core";
import { DEFAULTS } from "./defaults.ts";
import { suggestion } from "./didyoumean.ts";
import type { Autoscaling, Cluster, Deployment, DeploymentMode, Environment, Location, Platform, ResourceInput, Resources } from "./model.ts";
import { resourceInput, zeroQuantities } from "./platform.ts";
import { EnvironmentSchema, type DeploymentInput, type EnvironmentInput } from "./schema.ts";
import { parseSource, type ParsedFile, type SourceFile } from "./source.ts";
import { validateAgainst } from "./validate.ts";
import { resolveEnvironmentGateway, resolveRoutes } from "./network.ts";
import { resolveSlo } from "./observability.ts";
import { resolveWaivers } from "./waivers.ts";

/** Overlay names under clusters/<cluster>/ that are not environments. */
const RESERVED_ENVIRONMENT_NAMES = ["platform", "argocd"];

/** `environments/prod.yaml` → `prod` (`.yml` and any case of the extension too) */
export function environmentName(path: string): string {
  return path.replace(/^.*\//, "").replace(/\.ya?ml$/i, "");
}

/**
 * Parses, validates and resolves one environment file against the platform. Returns undefined
 * when the file cannot be resolved; every problem found is pushed either way.
 */
export function loadEnvironment(src: SourceFile, platform: Platform | undefined, problems: Problem[]): Environment | undefined {
  const name = environmentName(src.path);
  if (!isDns1123Label(name) || RESERVED_ENVIRONMENT_NAMES.includes(name)) {
    problems.push({
      file: src.path, line: 1, col: 1, path: "",
      message: `${excerpt(name)} is not a valid environment name; rename the file to a DNS-1123 label other than ${RESERVED_ENVIRONMENT_NAMES.join(", ")} (e.g. prod.yaml)`,
    });
  }
  const { parsed, problems: syntax } = parseSource(src);
  problems.push(...syntax);
  if (!parsed) return undefined;
  const value = parsed.value();
  const invalid = validateAgainst(parsed, value, EnvironmentSchema);
  problems.push(...invalid);
  if (invalid.length || !platform) return undefined;
  const input = value as EnvironmentInput;

  const clusters: Cluster[] = [];
  input.clusters.forEach((ref, i) => {
    const cluster = platform.clusters.get(ref);
    if (!cluster) {
      problems.push(parsed.problem(["clusters", i], `unknown cluster ${excerpt(ref)}${suggestion(ref, [...platform.clusters.keys()])} (clusters are defined in environments/platform.yaml)`));
    } else if (clusters.includes(cluster)) {
      problems.push(parsed.problem(["clusters", i], `cluster ${excerpt(ref)} is listed twice; remove one`));
    } else clusters.push(cluster);
  });

  const deployments: Deployment[] = [];
  const firstByName = new Map<string, number>();
  input.deployments.forEach((d, i) => {
    const first = firstByName.get(d.name);
    if (first !== undefined) {
      const pos = parsed.position(["deployments", first, "name"]);
      problems.push(parsed.problem(["deployments", i, "name"], `duplicate deployment name "${d.name}" (first defined at ${src.path}:${pos.line}:${pos.col}); rename one`));
    } else firstByName.set(d.name, i);
    const resolved = resolveDeployment(parsed, platform, clusters, d, i, problems);
    if (resolved) deployments.push(resolved);
  });

  const gateway = resolveEnvironmentGateway(parsed, input, clusters, problems);
  resolveRoutes(parsed, input, gateway, deployments, problems);
  return {
    name,
    file: src.path,
    namespace: input.namespace,
    clusters,
    deployments,
    priority: input.priority ?? DEFAULTS.priority,
    ...(gateway ? { gateway } : {}),
    slo: resolveSlo(input),
    production: input.production ?? /^prod(uction)?$/.test(name),
    origin: parsed.origin([]),
    namespaceAt: parsed.lazyPosition(["namespace"]),
  };
}

function resolveDeployment(
  parsed: ParsedFile,
  platform: Platform,
  clusters: readonly Cluster[],
  d: DeploymentInput,
  i: number,
  problems: Problem[],
): Deployment | undefined {
  const at = (...rest: (string | number)[]) => ["deployments", i, ...rest];
  const before = problems.length;
  const model = platform.models.get(d.model);
  if (!model) {
    problems.push(parsed.problem(at("model"), `unknown model ${excerpt(d.model)}${suggestion(d.model, [...platform.models.keys()])} (models are defined in environments/platform.yaml)`));
  }
  const placed = placement(parsed, clusters, d, i, problems);
  const gpuProfile = platform.gpuProfiles.get(d.gpuProfile);
  if (!gpuProfile) {
    problems.push(parsed.problem(at("gpuProfile"), `unknown GPU profile ${excerpt(d.gpuProfile)}${suggestion(d.gpuProfile, [...platform.gpuProfiles.keys()])} (GPU profiles are defined in environments/platform.yaml)`));
  } else {
    for (const c of placed) {
      if (!c.nodePools.some((p) => p.gpuProfile === gpuProfile.name)) {
        problems.push(parsed.problem(at("gpuProfile"), `cluster "${c.name}" has no node pool with GPU profile "${gpuProfile.name}"; add one to clusters["${c.name}"].nodePools in environments/platform.yaml, pick another profile, or leave the cluster out of this deployment's clusters`));
      }
    }
  }
  for (const f of d.resources ? zeroQuantities(d.resources) : []) problems.push(parsed.problem(at("resources", ...f.split(".")), "must be more than 0"));
  if (d.replicas.max < d.replicas.min) {
    problems.push(parsed.problem(at("replicas", "max"), `must be >= replicas.min (${d.replicas.min}); lower min or raise max`));
  }
  const { tag, digest } = d.image;
  if ((tag === undefined) === (digest === undefined)) {
    problems.push(parsed.problem(at("image"), "set exactly one of tag and digest"));
  }
  const mode = d.kserve?.deploymentMode ?? DEFAULTS.deploymentMode;
  const waivers = resolveWaivers(parsed, d.waivers, i, problems);
  if (problems.length > before || !model || !gpuProfile) return undefined;

  return {
    name: d.name,
    model,
    gpuProfile,
    image: { repository: model.image.repository, ...(tag !== undefined ? { tag } : { digest: digest! }) },
    replicas: d.replicas,
    clusters: placed,
    resources: resolveResources(d.resources ? resourceInput(d.resources) : gpuProfile.podResources, d.resources ? parsed.origin(at("resources")).at() : gpuProfile.origin.at(["podResources"])),
    vllm: {
      maxModelLen: d.vllm?.maxModelLen ?? model.architecture.contextLength,
      gpuMemoryUtilization: d.vllm?.gpuMemoryUtilization ?? DEFAULTS.gpuMemoryUtilization,
      ...(d.vllm?.maxNumSeqs !== undefined ? { maxNumSeqs: d.vllm.maxNumSeqs } : {}),
      ...(d.vllm?.maxNumBatchedTokens !== undefined ? { maxNumBatchedTokens: d.vllm.maxNumBatchedTokens } : {}),
    },
    deploymentMode: mode,
    autoscaling: resolveAutoscaling(d, mode),
    startupTimeoutSeconds: d.startupTimeoutSeconds ?? DEFAULTS.startupTimeoutSeconds,
    ...(d.load ? { load: d.load } : {}),
    waivers,
    origin: parsed.origin(at()),
  };
}

/** The environment's clusters the deployment runs on: the ones it names, else all of them. */
function placement(parsed: ParsedFile, clusters: readonly Cluster[], d: DeploymentInput, i: number, problems: Problem[]): Cluster[] {
  if (!d.clusters) return [...clusters];
  const placed: Cluster[] = [];
  d.clusters.forEach((ref, j) => {
    const cluster = clusters.find((c) => c.name === ref);
    if (!cluster) {
      problems.push(parsed.problem(["deployments", i, "clusters", j], `${excerpt(ref)} is not one of this environment's clusters${suggestion(ref, clusters.map((c) => c.name))}; add it to clusters at the top of the file, or remove it here`));
    } else if (placed.includes(cluster)) {
      problems.push(parsed.problem(["deployments", i, "clusters", j], `cluster ${excerpt(ref)} is listed twice; remove one`));
    } else placed.push(cluster);
  });
  return placed;
}

/** Limits default to the requests (Guaranteed QoS when they all match). */
function resolveResources(r: ResourceInput, at: Location): Resources {
  return {
    requests: { cpu: r.cpu, memory: r.memory },
    limits: { cpu: r.limits?.cpu ?? r.cpu, memory: r.limits?.memory ?? r.memory },
    ...(r.ephemeralStorage !== undefined ? { ephemeralStorage: r.ephemeralStorage } : {}),
    at,
  };
}

function resolveAutoscaling(d: DeploymentInput, mode: DeploymentMode): Autoscaling {
  const a = d.autoscaling ?? {};
  const metric = a.metric ?? DEFAULTS.metric[mode];
  return {
    metric,
    target: a.target ?? DEFAULTS.target[metric],
    scaleUp: { ...DEFAULTS.scaleUp, ...a.scaleUp },
    scaleDown: { ...DEFAULTS.scaleDown, ...a.scaleDown },
    ...(a.schedule ? { schedule: a.schedule } : {}),
    scaler: mode === "Knative" ? "knative" : a.schedule ? "keda" : "hpa",
  };
}
