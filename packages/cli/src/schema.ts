import { InputError, objectFileName, problemAt, type Problem } from "@llm-gitops/core";
import { DEFAULTS, type Cluster, type Inputs } from "@llm-gitops/config";
import { createValidator, defaultCacheDir, defaultValidatorCacheDir, memoryResources, pinnedFiles, PINS, PROJECT_NAMES, VerdictCache, type Options, type Project, type Result, type SharedCrds } from "@llm-gitops/kubeconform-wrapper";
import type { Truth } from "@llm-gitops/render";
import { overlayDir } from "./project.ts";

/**
 * The schema gate's settings for a rendered tree: strict, core kinds of Kubernetes (each cluster's
 * release unless LLM_GITOPS_KUBERNETES_VERSION says otherwise), CRDs of each cluster's releases
 * then the catalog. Schemas come from LLM_GITOPS_SCHEMA_MIRROR, else the network through the
 * schema cache (LLM_GITOPS_SCHEMA_CACHE, else ~/.cache/llm-gitops/schemas).
 */
export function projectSchemaOptions(env: Record<string, string | undefined>): Options {
  const cache = defaultCacheDir(env);
  const validatorCache = defaultValidatorCacheDir(env);
  return {
    strict: true,
    kubernetesVersion: env.LLM_GITOPS_KUBERNETES_VERSION ?? DEFAULTS.versions.kubernetes,
    schemaLocations: ["default", "catalog"],
    ...(env.LLM_GITOPS_SCHEMA_MIRROR ? { mirror: env.LLM_GITOPS_SCHEMA_MIRROR } : cache ? { cache } : {}),
    ...(validatorCache ? { validatorCache } : {}),
    ignoreMissingSchemas: false,
    skip: [],
    reject: [],
    workers: 4,
    cel: true,
  };
}

/**
 * The pinned CRD releases of a cluster, in lookup order, with the field that names each. Kong has
 * no pinned CRD files (KIC ships them inside a test manifest): its kinds come from the catalog.
 */
function pinnedReleases(c: Cluster): [Project, string | undefined, (string | number)[]][] {
  const v = c.versions;
  return [
    ["kserve", v.kserve, ["kserve", "version"]],
    ["istio", v.istio, ["mesh", "istio", "version"]],
    ["gatewayApi", v.gatewayApi, ["gateway", "kong", "gatewayApiVersion"]],
    ["keda", v.keda, c.addons.keda ? ["addons", "keda", "chart"] : ["versions", "keda"]],
    ["argocd", v.argocd, ["versions", "argocd"]],
    ["prometheusOperator", v.prometheusOperator, ["versions", "prometheusOperator"]],
  ];
}

/** Problems with a cluster's releases that have no pinned schemas, each at the field naming the release. */
export function unpinnedReleases(c: Cluster, kubernetesGiven: boolean): Problem[] {
  const releases = pinnedReleases(c);
  if (!kubernetesGiven) releases.push(["kubernetes", c.versions.kubernetes, ["versions", "kubernetes"]]);
  return releases.flatMap(([project, version, field]) => {
    if (version === undefined || Object.hasOwn(PINS[project], version)) return [];
    const known = Object.keys(PINS[project]).join(", ");
    const message = `cluster "${c.name}" runs ${PROJECT_NAMES[project]} ${version}, which has no pinned schemas to validate its objects against (known: ${known}); use one of those, or pin its files in kubeconform-wrapper/src/pins.ts`;
    return [problemAt(c.origin.at(field), message)];
  });
}

/**
 * A cluster's options: the CRD files of exactly the releases it runs first, then the configured
 * locations; core kinds of its Kubernetes release unless a version was given (a flag or
 * LLM_GITOPS_KUBERNETES_VERSION, i.e. anything but the project default).
 */
export function clusterSchemaOptions(options: Options, cluster: Cluster | undefined): Options {
  if (!cluster) return options;
  const given = options.kubernetesVersion !== DEFAULTS.versions.kubernetes;
  const problems = unpinnedReleases(cluster, given);
  if (problems.length) throw new InputError(problems);
  const rest = options.schemaLocations.length ? options.schemaLocations : ["default"];
  const pinned = pinnedReleases(cluster).flatMap(([project, version]) => (version === undefined ? [] : pinnedFiles(project, version).map((f) => f.url)));
  return { ...options, kubernetesVersion: given ? options.kubernetesVersion : cluster.versions.kubernetes, schemaLocations: [...pinned, ...rest] };
}

/**
 * Validates every rendered object in memory, each overlay against the CRDs of the versions its
 * cluster runs; errors point at the environment field behind them. With the build's hash (the
 * bin's) and a validator cache, valid verdicts of earlier runs of this build are reused (verdicts.ts).
 */
export async function validateTruths(truths: readonly Truth[], options: Options, inputs?: Inputs, build?: string): Promise<Result[]> {
  // Clusters that run the same versions share one validator (and compile each schema once);
  // all of them share the pinned CRD files they parse.
  const sharedCrds: SharedCrds = new Map();
  const verdicts = build && options.validatorCache ? new VerdictCache(options.validatorCache, build) : undefined;
  const groups = new Map<string, { options: Options; truths: Truth[] }>();
  // Every cluster's unpinned releases at once, before anything is validated.
  const given = options.kubernetesVersion !== DEFAULTS.versions.kubernetes;
  const unpinned = [...new Set(truths.map((t) => inputs?.platform.clusters.get(t.cluster)))].flatMap((c) => (c ? unpinnedReleases(c, given) : []));
  if (unpinned.length) throw new InputError(unpinned);
  for (const t of truths) {
    const o = clusterSchemaOptions(options, inputs?.platform.clusters.get(t.cluster));
    const key = JSON.stringify([o.kubernetesVersion, o.schemaLocations]);
    const group = groups.get(key) ?? { options: o, truths: [] };
    group.truths.push(t);
    groups.set(key, group);
  }
  const results = await Promise.all(
    [...groups.values()].map(({ options: o, truths: ts }) => {
      const items = ts.flatMap((t) => t.objects.map((r) => ({ filename: `${overlayDir(t)}/${objectFileName(r.object)}`, object: r.object, origin: r.origin.at() })));
      return createValidator(o, { sharedCrds, ...(verdicts ? { verdicts } : {}) }).validate(memoryResources(items));
    }),
  );
  verdicts?.save();
  // In the order of the truths, whatever the grouping.
  const order = new Map(truths.map((t, i) => [overlayDir(t), i]));
  const rank = (r: Result) => order.get(r.filename.replace(/\/[^/]*$/, "")) ?? 0;
  return results.flat().sort((a, b) => rank(a) - rank(b));
}
