import { ADDON_LABEL, helmApplication } from "@llm-gitops/argocd";
import type { Cluster } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { adapterRules, type AdapterRule } from "./adapter.ts";

export const ADAPTER_RELEASE = "prometheus-adapter";
export const KEDA_NAMESPACE = "keda";

/**
 * The chart builds `--prometheus-url={{url}}{{if port}}:{{port}}{{end}}{{path}}`
 * (prometheus-community/helm-charts prometheus-adapter-5.3.0 templates/deployment.yaml). No port
 * is "", not null: Argo CD drops nulls from valuesObject (argoproj/argo-cd#16312), and the chart's
 * default 9090 would come back.
 */
export function adapterPrometheus(url: string): { url: string; port: number | ""; path: string } {
  const u = new URL(url);
  return { url: `${u.protocol}//${u.hostname}`, port: u.port ? Number(u.port) : "", path: u.pathname === "/" ? "" : u.pathname };
}

/**
 * prometheus-adapter and KEDA. Our rules go in the adapter chart's `rules.custom`: the chart hashes
 * its rendered ConfigMap into the pod template (checksum/config, prometheus-adapter-5.3.0
 * templates/deployment.yaml), so a rule change rolls the adapter, which reads its rules only at
 * start. `rules.default: false` keeps the served set exactly ours, as `rules.existing` did.
 */
export function renderAutoscalingAddons(cluster: Cluster): KubernetesObject[] {
  const { prometheusAdapter, keda } = cluster.addons;
  const out: KubernetesObject[] = [];
  if (prometheusAdapter) {
    out.push(
      helmApplication(cluster, {
        name: ADAPTER_RELEASE,
        chart: "prometheusAdapter",
        version: prometheusAdapter.chart,
        namespace: cluster.prometheus.adapterNamespace,
        values: { prometheus: adapterPrometheus(cluster.prometheus.url), rules: { default: false, custom: adapterRules() } },
        valuesFrom: "prometheusAdapter",
        wave: "addons",
      }),
    );
  }
  if (keda) {
    out.push(
      helmApplication(cluster, {
        name: "keda",
        chart: "keda",
        version: keda.chart,
        namespace: KEDA_NAMESPACE,
        values: {},
        valuesFrom: "keda",
        wave: "controllers",
        // KEDA's operator rotates its own certificate and patches the CA into its webhook and its
        // APIService (kedacore/keda v2.20.2 pkg/certificates, cert-controller rotator); the chart
        // renders neither (kedacore/charts v2.20.2 keda/templates).
        ignoreDifferences: [
          { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", name: "keda-admission", jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"] },
          { group: "apiregistration.k8s.io", kind: "APIService", name: "v1beta1.external.metrics.k8s.io", jsonPointers: ["/spec/caBundle"] },
        ],
      }),
    );
  }
  return out;
}

/** The rules an adapter Application serves (its chart values), for the adapter contract. */
export function applicationAdapterRules(o: KubernetesObject): AdapterRule[] | undefined {
  if (o.kind !== "Application" || o.metadata.labels?.[ADDON_LABEL] !== ADAPTER_RELEASE) return undefined;
  const values = (o as { spec?: { source?: { helm?: { valuesObject?: { rules?: { custom?: AdapterRule[] } } } } } }).spec?.source?.helm?.valuesObject;
  return values?.rules?.custom ?? [];
}
