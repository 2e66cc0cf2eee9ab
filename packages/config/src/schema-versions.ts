import { Type } from "@sinclair/typebox";
import { FullVersion, Strict } from "./schema-kit.ts";

/**
 * The releases a cluster runs that no other setting names (platform.yaml
 * `clusters.<name>.versions`). KServe, Istio, Kong and the Gateway API keep their own fields
 * (kserve.version, mesh.istio.version, gateway.kong.version, gateway.kong.gatewayApiVersion).
 * The schema gate validates the cluster's objects against the schemas of exactly these releases.
 */
export const VersionsSchema = Type.Object(
  {
    kubernetes: Type.Optional(FullVersion("Kubernetes release of the cluster's API server: its core schemas validate the objects (default 1.33.1)", "1.33.1")),
    keda: Type.Optional(FullVersion("KEDA release installed (default: addons.keda.chart, else 2.20.2)", "2.20.2")),
    argocd: Type.Optional(FullVersion("Argo CD release that deploys here: its CRDs validate Applications and AppProjects (default 3.5.1)", "3.5.1")),
    prometheusOperator: Type.Optional(FullVersion("prometheus-operator release: its CRDs validate PodMonitors, ServiceMonitors and PrometheusRules (default 0.93.0)", "0.93.0")),
  },
  { ...Strict, description: "releases the cluster runs that no other field names; the schema gate validates against exactly these" },
);
