import type { Cluster, Deployment, Environment, Inputs } from "@llm-gitops/config";
import { cluster as plainCluster, deployment, environment, gateway, meshCluster } from "@llm-gitops/config/testing";
import { cloneJson, type KubernetesObject } from "@llm-gitops/core";
import { renderMeshCluster, renderMeshDeployment, renderMeshEnvironment, type Overlay } from "../src/index.ts";

export const find = <T = KubernetesObject>(objects: readonly KubernetesObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as (T & KubernetesObject) | undefined;
export const names = (objects: readonly KubernetesObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();

export interface Scenario {
  env: Environment;
  cluster: Cluster;
}

/** An environment on one cluster: mesh (or not), routed through Kong (or not), with these deployments. */
export function scenario(opts: { mesh?: boolean; routes?: "ingress" | "gateway-api"; gateway?: boolean; envGateway?: boolean; mesh2?: Partial<NonNullable<Cluster["mesh"]>>; deployments?: Partial<Deployment>[] } = {}): Scenario {
  const base = opts.mesh === false ? { ...plainCluster(), gateway: meshCluster().gateway } : meshCluster("prod-a", opts.routes ?? "ingress");
  const cluster: Cluster = { ...base, ...(base.mesh ? { mesh: { ...base.mesh, ...opts.mesh2 } } : {}) };
  if (opts.gateway === false) delete cluster.gateway;
  const deployments = (opts.deployments ?? [{}]).map((over) => deployment({ clusters: [cluster], ...over }));
  const env: Environment = { ...environment(deployments), clusters: [cluster], ...(opts.envGateway === false ? {} : { gateway: gateway() }) };
  return { env, cluster };
}

/** KServe's object as far as the contracts read it (components never import each other). */
const inferenceService = (env: Environment, d: Deployment): KubernetesObject => ({ apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata: { name: d.name, namespace: env.namespace } });

/** The overlays render would build: the environment's, and the cluster's platform overlay. */
export function overlays({ env, cluster }: Scenario): Overlay[] {
  const deployments = env.deployments.map((d) => [inferenceService(env, d), ...renderMeshDeployment(env, cluster, d)].map((object) => ({ object, origin: d.origin })));
  return [
    { cluster: cluster.name, environment: env.name, namespace: env.namespace, objects: [...renderMeshEnvironment(env, cluster).map((object) => ({ object, origin: env.origin })), ...deployments.flat()] },
    { cluster: cluster.name, environment: "platform", namespace: "", objects: renderMeshCluster(cluster, [env]).map((object) => ({ object, origin: cluster.origin })) },
  ];
}

export function inputs({ env, cluster }: Scenario): Inputs {
  return { platform: { repository: "https://example.com/repo.git", revision: "main", gpuProfiles: new Map(), models: new Map(), clusters: new Map([[cluster.name, cluster]]) }, environments: [env] };
}

/** A copy of the overlays with one object (found by kind and name) changed, or removed when `change` returns undefined. */
export function mutate(all: readonly Overlay[], id: { kind: string; name: string; namespace?: string }, change: (o: any) => KubernetesObject | undefined): Overlay[] {
  return all.map((t) => ({
    ...t,
    objects: t.objects.flatMap((i) => {
      const o = i.object;
      if (o.kind !== id.kind || o.metadata.name !== id.name || (id.namespace && o.metadata.namespace !== id.namespace)) return [i];
      const changed = change(cloneJson(i.object));
      return changed ? [{ ...i, object: changed }] : [];
    }),
  }));
}
