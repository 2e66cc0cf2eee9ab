import type { ConfigMap } from "kubernetes-types/core/v1";
import type { Cluster } from "@llm-gitops/config";
import { MANAGED_BY, toYaml, type KubernetesObject, type Typed } from "@llm-gitops/core";
import { renderLoggingAddon } from "./addon.ts";
import { fluentBitConfig } from "./config.ts";

export { fluentBitConfig, TAG, DB_PATH, type FluentBitConfig } from "./config.ts";
export { outputSection, lokiEndpoint, type Section } from "./output.ts";
export { redactionLua, luaString, REDACT_CALL, MAX_DEPTH, MAX_STRING } from "./lua.ts";
export { PROMPT_KEYS, SECRET_KEYS, PLATFORM_SCHEMA_KEYS, TEXT_MARKERS, normalizeKey } from "./keys.ts";

/** The ConfigMap's name and its one key (Fluent Bit picks the YAML format by the .yaml extension). */
export const FLUENT_BIT_CONFIGMAP = "llm-gitops-fluent-bit";
export const FLUENT_BIT_CONFIG_KEY = "fluent-bit.yaml";

/**
 * Once per cluster that ships logs: the Fluent Bit configuration, to be mounted by the cluster's
 * Fluent Bit DaemonSet and started with `-c <mount>/fluent-bit.yaml` (fluent/fluent-bit v3.2.10
 * src/config_format/flb_config_format.c picks YAML by the .yaml/.yml extension).
 */
export function renderLogging(cluster: Cluster): KubernetesObject[] {
  const logging = cluster.logging;
  if (!logging) return [];
  const cm: Typed<ConfigMap> = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: FLUENT_BIT_CONFIGMAP,
      namespace: logging.fluentBit.namespace,
      labels: { "app.kubernetes.io/managed-by": MANAGED_BY, "app.kubernetes.io/part-of": "fluent-bit" },
    },
    data: { [FLUENT_BIT_CONFIG_KEY]: toYaml(fluentBitConfig(cluster, logging)) },
  };
  return [cm];
}

/** The Fluent Bit add-on, on the ConfigMap above. */
export function renderLoggingAddons(cluster: Cluster): KubernetesObject[] {
  return renderLoggingAddon(cluster, FLUENT_BIT_CONFIGMAP, FLUENT_BIT_CONFIG_KEY);
}
