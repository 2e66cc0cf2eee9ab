import { helmApplication } from "@llm-gitops/argocd";
import type { Cluster } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";

/** The release name: the kong/ingress chart names its two Kong instances `<release>-controller` and `<release>-gateway`. */
export const KONG_RELEASE = "kong";

/**
 * Kong from the kong/ingress chart (Kong/charts ingress-0.24.0: KIC as `controller`, the proxy as
 * `gateway`, both the kong 3.2.0 chart). The proxy's ServiceAccount is set to the one the Istio
 * principals name, not left to the chart's `<release>-gateway` default, so the two cannot drift
 * apart; the controller runs the KIC release platform.yaml pins (its image tag).
 *
 * Kong's proxy keeps the chart's `traffic.sidecar.istio.io/includeInboundPorts: ""`: its sidecar
 * takes no inbound traffic (clients outside the mesh reach Kong directly) while its calls to the
 * models leave through the sidecar with the proxy's mesh identity (kong 3.2.0 values.yaml
 * podAnnotations; istio/api annotation includeInboundPorts: "an empty list will disable all inbound
 * redirection").
 *
 * The chart generates its admission webhook's certificate at render time (templates/admission-
 * webhook.yaml genCA, with a `lookup` Argo CD cannot do): every render differs. The Secrets and the
 * webhook's CA bundle are therefore compared and synced as they are live, so the pair created on
 * first sync stays consistent.
 */
export function renderKongAddon(cluster: Cluster): KubernetesObject[] {
  const addon = cluster.addons.kong;
  const gw = cluster.gateway;
  if (!addon || !gw) return [];
  const controller = `${KONG_RELEASE}-controller`;
  const redis = gw.rateLimiting.policy === "redis" ? gw.rateLimiting.redis : undefined;
  const password = redis?.passwordEnv && redis.passwordSecret ? { [redis.passwordEnv]: { valueFrom: { secretKeyRef: { name: redis.passwordSecret.name, key: redis.passwordSecret.key } } } } : undefined;
  return [
    helmApplication(cluster, {
      name: KONG_RELEASE,
      chart: "kong",
      version: addon.chart,
      namespace: gw.namespace,
      // With a mesh, our platform overlay creates Kong's namespace labelled for injection first.
      namespaceExists: cluster.mesh !== undefined,
      values: {
        controller: { ingressController: { image: { tag: gw.version }, ingressClass: gw.className } },
        gateway: {
          deployment: { serviceAccount: { create: true, name: gw.serviceAccount } },
          // customEnv reaches the proxy container unprefixed (kong 3.2.0 _helpers.tpl kong.env).
          ...(password ? { customEnv: password } : {}),
        },
      },
      valuesFrom: "kong",
      wave: "addons",
      ignoreDifferences: [
        ...["validation-webhook-ca-keypair", "validation-webhook-keypair"].map((s) => ({ group: "", kind: "Secret", name: `${controller}-${s}`, jsonPointers: ["/data"] })),
        { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", name: `${controller}-${gw.namespace}-validations`, jqPathExpressions: [".webhooks[]?.clientConfig.caBundle"] },
      ],
    }),
  ];
}
