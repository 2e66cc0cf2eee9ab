import type { Problem } from "@llm-gitops/core";
import { DEFAULTS } from "./defaults.ts";
import type { ClusterVersions } from "./model.ts";
import type { ClusterInput } from "./schema.ts";
import type { ParsedFile } from "./source.ts";

/**
 * Every release a cluster runs, in one place: `versions` with its defaults, and the fields that
 * already name a release. The KEDA chart's version is the KEDA release (kedacore/charts
 * keda/Chart.yaml: version = appVersion), so addons.keda.chart is the KEDA version when
 * versions.keda is not set, and must agree with it when both are.
 */
export function resolveVersions(parsed: ParsedFile, name: string, c: ClusterInput, problems: Problem[]): ClusterVersions {
  const v = c.versions ?? {};
  const chart = c.addons?.keda?.chart;
  if (v.keda !== undefined && chart !== undefined && chart.replace(/^v/, "") !== v.keda) {
    problems.push(
      parsed.problem(["clusters", name, "versions", "keda"], `KEDA ${v.keda} here, but addons.keda.chart installs ${chart} (the KEDA chart's version is the KEDA release); make them equal, or drop versions.keda`),
    );
  }
  const d = DEFAULTS.versions;
  return {
    kubernetes: v.kubernetes ?? d.kubernetes,
    kserve: c.kserve.version,
    keda: v.keda ?? chart?.replace(/^v/, "") ?? d.keda,
    argocd: v.argocd ?? d.argocd,
    prometheusOperator: v.prometheusOperator ?? d.prometheusOperator,
    ...(c.mesh ? { istio: c.mesh.istio.version } : {}),
    ...(c.gateway ? { kong: c.gateway.kong.version, gatewayApi: c.gateway.kong.gatewayApiVersion ?? DEFAULTS.gateway.gatewayApiVersion } : {}),
  };
}
