import { checkAddonSources, checkAddonValues, checkProjectKinds, renderArgoCd } from "@llm-gitops/argocd";
import { checkAdapterContract, checkScalerSwitch, checkScaling, renderAutoscaling, renderAutoscalingAddons, renderAutoscalingCluster } from "@llm-gitops/autoscaling";
import { renderLogging, renderLoggingAddons } from "@llm-gitops/fluent-bit";
import { renderImageFiles } from "@llm-gitops/image";
import { checkMesh, renderIstioAddons, renderMeshCluster, renderMeshDeployment, renderMeshEnvironment } from "@llm-gitops/istio";
import { checkGateway, checkGatewayDeployment, renderGatewayCluster, renderGatewayDeployment, renderGatewayEnvironment, renderKongAddon } from "@llm-gitops/kong";
import { checkModeTransitions, checkServing, checkSharedCapacity, renderKserveAddons, renderServing, renderServingEnvironment } from "@llm-gitops/kserve";
import { renderDcgmAddon, renderMonitoring, renderMonitoringCluster } from "@llm-gitops/observability";
import type { Component } from "./component.ts";
import { namespaceComponent } from "./namespace.ts";

/** Every component, in no particular order: output is sorted, so adding one changes nothing else. */
export const COMPONENTS: readonly Component[] = [
  namespaceComponent,
  {
    name: "kserve",
    environment: ({ environment }) => renderServingEnvironment(environment),
    deployment: ({ environment, cluster }, d) => renderServing(environment, cluster, d),
    argocd: ({ cluster }) => renderKserveAddons(cluster),
    checkDeployment: ({ inputs, environment }, d) => checkServing(inputs.platform, environment, d),
    check: (_, inputs) =>
      [...inputs.platform.clusters.values()].flatMap((c) => checkSharedCapacity(c, inputs.environments.filter((e) => e.clusters.includes(c)))),
    transition: ({ cluster, truth, before }) =>
      checkModeTransitions(cluster, before, truth.objects.map((r) => ({ object: r.object, at: r.origin.at(["kserve", "deploymentMode"]) }))),
  },
  {
    name: "observability",
    environment: ({ environment, cluster }) => renderMonitoring(environment, cluster),
    cluster: ({ cluster }) => renderMonitoringCluster(cluster),
    argocd: ({ cluster, inputs }) => renderDcgmAddon(cluster, inputs.platform),
  },
  { name: "fluent-bit", cluster: ({ cluster }) => renderLogging(cluster), argocd: ({ cluster }) => renderLoggingAddons(cluster) },
  {
    name: "autoscaling",
    deployment: ({ environment, cluster }, d) => renderAutoscaling(environment, cluster, d),
    cluster: ({ cluster }) => renderAutoscalingCluster(cluster),
    argocd: ({ cluster }) => renderAutoscalingAddons(cluster),
    checkDeployment: (_, d) => checkScaling(d),
    check: (truths) =>
      checkAdapterContract(
        truths.map((t) => ({ cluster: t.cluster, objects: t.objects.map((r) => ({ object: r.object, at: r.origin.at(["autoscaling", "metric"]) })) })),
      ),
    transition: ({ truth, before }) => checkScalerSwitch(before, truth.objects.map((r) => ({ object: r.object, at: r.origin.at(["autoscaling", "schedule"]) }))),
  },
  {
    name: "istio",
    environment: ({ environment, cluster }) => renderMeshEnvironment(environment, cluster),
    deployment: ({ environment, cluster }, d) => renderMeshDeployment(environment, cluster, d),
    cluster: ({ cluster, environments }) => renderMeshCluster(cluster, environments),
    argocd: ({ cluster }) => renderIstioAddons(cluster),
    check: (truths, inputs) => checkMesh(truths, inputs),
  },
  {
    name: "kong",
    environment: ({ environment, cluster }) => renderGatewayEnvironment(environment, cluster),
    deployment: ({ environment, cluster }, d) => renderGatewayDeployment(environment, cluster, d),
    cluster: ({ cluster, environments }) => renderGatewayCluster(cluster, environments),
    argocd: ({ cluster }) => renderKongAddon(cluster),
    checkDeployment: ({ environment }, d) => checkGatewayDeployment(environment, d),
    check: (truths, inputs) => checkGateway(truths, inputs),
  },
  { name: "argocd", argocd: ({ inputs, cluster }) => renderArgoCd(cluster, inputs.platform), check: (truths, inputs) => [...checkProjectKinds(truths), ...checkAddonSources(truths), ...checkAddonValues(truths, inputs)] },
  { name: "image", files: (inputs) => renderImageFiles(inputs) },
];
