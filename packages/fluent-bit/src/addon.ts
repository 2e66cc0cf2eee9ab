import { helmApplication } from "@llm-gitops/argocd";
import type { Cluster } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { DB_PATH } from "./config.ts";

/** Where the chart mounts `existingConfigMap` (fluent/helm-charts fluent-bit-0.48.10 templates/_pod.tpl, fixed). */
export const CHART_CONFIG_DIR = "/fluent-bit/etc/conf";

/**
 * Fluent Bit from fluent/helm-charts running our pipeline: the chart mounts our ConfigMap instead of
 * its own and starts Fluent Bit on the YAML file (its default args name fluent-bit.conf). Hot
 * reload, because with an existing ConfigMap the chart's checksum/config hashes nothing and a
 * changed pipeline would otherwise wait for the next restart (fluent-bit-0.48.10 daemonset.yaml,
 * values.yaml hotReload: a sidecar POSTs /api/v2/reload on change). It runs on every node,
 * GPU nodes included: the serving pods' logs are the ones that must pass redaction.
 */
export function renderLoggingAddon(cluster: Cluster, configMap: string, configKey: string): KubernetesObject[] {
  const addon = cluster.addons.fluentBit;
  const logging = cluster.logging;
  if (!addon || !logging) return [];
  const stateDir = DB_PATH.slice(0, DB_PATH.lastIndexOf("/"));
  return [
    helmApplication(cluster, {
      name: "fluent-bit",
      chart: "fluentBit",
      version: addon.chart,
      namespace: logging.fluentBit.namespace,
      values: {
        image: { tag: logging.fluentBit.version },
        existingConfigMap: configMap,
        args: ["--workdir=/fluent-bit/etc", `--config=${CHART_CONFIG_DIR}/${configKey}`],
        hotReload: { enabled: true },
        tolerations: [{ operator: "Exists" }],
        // The tail input's offsets (DB_PATH) survive restarts on the node, so no line is read twice.
        extraVolumes: [{ name: "state", hostPath: { path: stateDir, type: "DirectoryOrCreate" } }],
        extraVolumeMounts: [{ name: "state", mountPath: stateDir }],
      },
      valuesFrom: "fluentBit",
      wave: "addons",
    }),
  ];
}
