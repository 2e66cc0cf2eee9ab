import type { Cluster, Deployment, Environment, Inputs, NodePool } from "@llm-gitops/config";
import { a10g, cluster, deployment, environment, qwen25 } from "@llm-gitops/config/testing";

/** One cluster with one g5.2xlarge pool, as the reference architecture (../shared/DOMAIN.md A15) runs it. */
export function refCluster(pool: Partial<NodePool> = {}, cost: Cluster["cost"] = undefined, name = "ref"): Cluster {
  const base = cluster("0.16.0", name);
  const { pricePerHour: _listed, ...unpriced } = base.nodePools[0]!;
  return { ...base, nodePools: [{ ...unpriced, minNodes: 0, maxNodes: 20, ...pool }], ...(cost ? { cost } : {}) };
}

export function inputsOf(envs: { name?: string; clusters: Cluster[]; deployments: Partial<Deployment>[] }[]): Inputs {
  const environments: Environment[] = envs.map((e) => ({
    ...environment(e.deployments.map((d) => deployment({ clusters: e.clusters, ...d }))),
    name: e.name ?? "prod",
    file: `environments/${e.name ?? "prod"}.yaml`,
    clusters: e.clusters,
  }));
  const clusters = new Map(envs.flatMap((e) => e.clusters).map((c) => [c.name, c]));
  return { platform: { repository: "https://github.com/example-org/llm-platform", revision: "main", gpuProfiles: new Map([[a10g.name, a10g]]), models: new Map([[qwen25.name, qwen25]]), clusters }, environments };
}

export const byKind = <T extends { kind: string }>(lines: readonly T[], kind: string): T[] => lines.filter((l) => l.kind === kind);
