import { helmApplication, injectedCaBundles } from "@llm-gitops/argocd";
import type { Cluster } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";

/**
 * Istio's base (CRDs, the default validator) and istiod charts at mesh.istio.version, the release
 * whose CRDs validate our policies (istio 1.30.3 manifests/charts/base, istio-control/istio-
 * discovery; published at istio-release.storage.googleapis.com/charts with the release's version).
 *
 * - validationFailurePolicy Fail in both: under `helm template` the charts render Ignore and istiod
 *   flips it to Fail once ready, a field two managers fight over with server-side apply (istio
 *   1.30.3 releasenotes/notes/webhook-failurepolicy-upgrade.yaml recommends Fail for such tools).
 * - istiod patches the webhooks' CA bundles (pkg/webhooks/validation/controller, webhookpatch.go).
 * - meshConfig: the trust domain our principals carry, and metrics merging our PodMonitor relies on
 *   (its default is already true; stated so nobody turns it off alone).
 */
export function renderIstioAddons(cluster: Cluster): KubernetesObject[] {
  const mesh = cluster.mesh;
  if (!cluster.addons.istio || !mesh) return [];
  const global = { istioNamespace: mesh.rootNamespace };
  const base = { validationFailurePolicy: "Fail" };
  const suffix = mesh.revision ? `-${mesh.revision}` : "";
  return [
    helmApplication(cluster, {
      name: "istio-base",
      chart: "istioBase",
      version: mesh.version,
      namespace: mesh.rootNamespace,
      values: { global, base, defaultRevision: mesh.revision ?? "default" },
      wave: "crds",
      ignoreDifferences: injectedCaBundles(["ValidatingWebhookConfiguration"], "istiod-default-validator"),
    }),
    helmApplication(cluster, {
      name: `istiod${suffix}`,
      chart: "istiod",
      version: mesh.version,
      namespace: mesh.rootNamespace,
      values: {
        global,
        base,
        ...(mesh.revision ? { revision: mesh.revision } : {}),
        meshConfig: { trustDomain: mesh.trustDomain, rootNamespace: mesh.rootNamespace, enablePrometheusMerge: true },
      },
      valuesFrom: "istio",
      wave: "controllers",
      ignoreDifferences: injectedCaBundles(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]),
    }),
  ];
}
