import type { Problem } from "@llm-gitops/core";
import type { Addons } from "./model.ts";
import type { ClusterInput } from "./schema.ts";
import type { ParsedFile } from "./source.ts";

/**
 * The standalone DCGM exporter chart's Service, released as "dcgm-exporter": labelled
 * app.kubernetes.io/{name,instance} and serving port "metrics" (NVIDIA/dcgm-exporter 4.5.3-4.8.2
 * deployment/templates/_helpers.tpl dcgm-exporter.labels, templates/service.yaml).
 */
export const DCGM_CHART_SERVICE = { labels: { "app.kubernetes.io/name": "dcgm-exporter", "app.kubernetes.io/instance": "dcgm-exporter" }, port: "metrics" } as const;

/**
 * Resolves a cluster's add-ons, pushing combinations that cannot install: an add-on whose
 * settings live elsewhere in the cluster (Kong's namespace, the mesh, the logging pipeline) needs
 * them, KServe's chart needs cert-manager, and each repository's version spelling is its own.
 */
export function resolveAddons(parsed: ParsedFile, name: string, c: ClusterInput, problems: Problem[]): Addons {
  const a = c.addons;
  if (!a) return {};
  const at = (...rest: (string | number)[]) => ["clusters", name, "addons", ...rest];
  const needs = (present: unknown, addon: keyof Addons, setting: string, why: string) => {
    if (a[addon] && !present) problems.push(parsed.problem(at(addon), `needs ${setting} on this cluster (${why}); add it, or remove addons.${addon}`));
  };
  needs(c.gateway, "kong", "gateway.kong", "its namespace, ServiceAccount and controller version");
  needs(c.mesh, "istio", "mesh.istio", "its version, revision and trust domain");
  needs(c.logging, "fluentBit", "logging", "the pipeline Fluent Bit runs and its version");
  needs(c.prometheus.dcgmExporter, "dcgmExporter", "prometheus.dcgmExporter", "the namespace and the Service our ServiceMonitor selects");
  needs(a.certManager, "kserve", "addons.certManager", "KServe's chart issues its webhook certificate through cert-manager");

  const redis = c.gateway?.kong.rateLimiting?.redis;
  if (redis?.passwordSecret && !redis.passwordEnv) {
    problems.push(parsed.problem(["clusters", name, "gateway", "kong", "rateLimiting", "redis", "passwordSecret"], "passwordSecret is the value of passwordEnv, which is not set; set passwordEnv, or remove passwordSecret"));
  }
  if (a.kong && redis?.passwordEnv && !redis.passwordSecret) {
    problems.push(parsed.problem(["clusters", name, "gateway", "kong", "rateLimiting", "redis", "passwordEnv"], `the Kong add-on sets ${redis.passwordEnv} on Kong's proxy from a Secret; name it in passwordSecret ({ name, key })`));
  }
  const d = c.prometheus.dcgmExporter;
  if (a.dcgmExporter && d) {
    const chart: Record<string, string> = DCGM_CHART_SERVICE.labels;
    const off = Object.entries(d.serviceLabels).filter(([k, v]) => chart[k] !== v);
    if (off.length || !Object.keys(d.serviceLabels).length) {
      problems.push(parsed.problem(["clusters", name, "prometheus", "dcgmExporter", "serviceLabels"], `the DCGM exporter chart's Service is labelled ${JSON.stringify(chart)}; set serviceLabels to those so the ServiceMonitor selects it`));
    }
    if ((d.port ?? "gpu-metrics") !== DCGM_CHART_SERVICE.port) {
      problems.push(parsed.problem(["clusters", name, "prometheus", "dcgmExporter", ...(d.port ? ["port"] : [])], `the DCGM exporter chart's Service port is named "${DCGM_CHART_SERVICE.port}"; set port: ${DCGM_CHART_SERVICE.port}`));
    }
  }

  // cert-manager publishes its chart as v1.19.6 (charts.jetstack.io); the others without the v.
  for (const [key, addon] of Object.entries(a) as [keyof Addons, { chart?: string }][]) {
    if (!addon.chart) continue;
    const v = addon.chart.startsWith("v");
    if (key === "certManager" && !v) problems.push(parsed.problem(at(key, "chart"), `cert-manager's chart versions start with v; use v${addon.chart}`));
    if (key !== "certManager" && v) problems.push(parsed.problem(at(key, "chart"), `this chart's versions have no leading v; use ${addon.chart.slice(1)}`));
  }
  // Each add-on as written, its values defaulted to none.
  return Object.fromEntries(Object.entries(a).map(([key, addon]) => [key, { ...addon, values: addon.values ?? {} }])) as Addons;
}
