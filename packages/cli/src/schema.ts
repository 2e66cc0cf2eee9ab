import { objectFileName } from "@llm-gitops/core";
import type { Cluster, Inputs } from "@llm-gitops/config";
import { createValidator, memoryResources, type Options, type Result } from "@llm-gitops/kubeconform-wrapper";
import type { Truth } from "@llm-gitops/render";
import { overlayDir } from "./project.ts";

/** The schema gate's settings for a rendered tree: strict, core kinds of Kubernetes 1.33, CRDs from the catalog. */
export function projectSchemaOptions(env: Record<string, string | undefined>): Options {
  return {
    strict: true,
    kubernetesVersion: env.LLM_GITOPS_KUBERNETES_VERSION ?? "1.33.1",
    schemaLocations: ["default", "catalog"],
    ...(env.LLM_GITOPS_SCHEMA_MIRROR ? { mirror: env.LLM_GITOPS_SCHEMA_MIRROR } : {}),
    ignoreMissingSchemas: false,
    skip: [],
    reject: [],
    workers: 4,
    cel: true,
  };
}

/** The InferenceService CRD of the KServe release a cluster runs, at its upstream tag. */
export const kserveCrdUrl = (version: string) =>
  `https://raw.githubusercontent.com/kserve/kserve/v${version}/config/crd/full/serving.kserve.io_inferenceservices.yaml`;

/** Every Istio CRD (PeerAuthentication, AuthorizationPolicy, …) of an Istio release, as its base chart installs them. */
export const istioCrdUrl = (version: string) => `https://raw.githubusercontent.com/istio/istio/${version}/manifests/charts/base/files/crd-all.gen.yaml`;

/** The standard-channel Gateway API CRDs of a release that routes and gateways are checked against. */
export const gatewayApiCrdUrls = (version: string) =>
  ["gatewayclasses", "gateways", "httproutes"].map(
    (kind) => `https://raw.githubusercontent.com/kubernetes-sigs/gateway-api/v${version}/config/crd/standard/gateway.networking.k8s.io_${kind}.yaml`,
  );

/**
 * A cluster's locations: the CRDs of the releases it runs (its KServe, its Istio when it has a
 * mesh, its Gateway API when Kong routes through it) first, then the configured ones.
 */
export function clusterSchemaOptions(options: Options, cluster: Cluster | undefined): Options {
  if (!cluster) return options;
  const rest = options.schemaLocations.length ? options.schemaLocations : ["default"];
  const pinned = [
    kserveCrdUrl(cluster.kserve.version),
    ...(cluster.mesh ? [istioCrdUrl(cluster.mesh.version)] : []),
    ...(cluster.gateway?.routes === "gateway-api" ? gatewayApiCrdUrls(cluster.gateway.gatewayApiVersion) : []),
  ];
  return { ...options, schemaLocations: [...pinned, ...rest] };
}

/**
 * Validates every rendered object in memory, each overlay against the CRDs of the versions its
 * cluster runs; errors point at the environment field behind them.
 */
export async function validateTruths(truths: readonly Truth[], options: Options, inputs?: Inputs): Promise<Result[]> {
  // Clusters that run the same versions share one validator (and compile each schema once).
  const groups = new Map<string, { options: Options; truths: Truth[] }>();
  for (const t of truths) {
    const o = clusterSchemaOptions(options, inputs?.platform.clusters.get(t.cluster));
    const key = JSON.stringify(o.schemaLocations);
    const group = groups.get(key) ?? { options: o, truths: [] };
    group.truths.push(t);
    groups.set(key, group);
  }
  const results = await Promise.all(
    [...groups.values()].map(({ options: o, truths: ts }) => {
      const items = ts.flatMap((t) => t.objects.map((r) => ({ filename: `${overlayDir(t)}/${objectFileName(r.object)}`, object: r.object, origin: r.origin.at() })));
      return createValidator(o).validate(memoryResources(items));
    }),
  );
  // In the order of the truths, whatever the grouping.
  const order = new Map(truths.map((t, i) => [overlayDir(t), i]));
  const rank = (r: Result) => order.get(r.filename.replace(/\/[^/]*$/, "")) ?? 0;
  return results.flat().sort((a, b) => rank(a) - rank(b));
}
