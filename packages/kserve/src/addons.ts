import { helmApplication, injectedCaBundles } from "@llm-gitops/argocd";
import type { Cluster } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { deploymentModeAnnotation } from "./mode.ts";

/**
 * KServe's namespace: its CRD chart hard-codes `cert-manager.io/inject-ca-from: kserve/serving-cert`
 * (kserve v0.15.2 and v0.16.0 charts/kserve-crd/templates/serving.kserve.io_inferenceservices.yaml).
 */
export const KSERVE_NAMESPACE = "kserve";

/**
 * KServe from its own charts at the cluster's `kserve.version` (published by
 * .github/workflows/helm-publish.yml as oci://ghcr.io/kserve/charts/{kserve-crd,kserve}, tag
 * v<version>), and cert-manager, which issues its webhook certificate: the kserve chart's
 * templates/certificate.yaml is unconditional at both releases.
 */
export function renderKserveAddons(cluster: Cluster): KubernetesObject[] {
  const { certManager, kserve } = cluster.addons;
  const out: KubernetesObject[] = [];
  if (certManager) {
    out.push(
      helmApplication(cluster, {
        name: "cert-manager",
        chart: "certManager",
        version: certManager.chart,
        namespace: "cert-manager",
        // crds.enabled replaces the deprecated installCRDs (cert-manager v1.19.6 deploy/charts/
        // cert-manager/values.yaml). keep adds helm.sh/resource-policy: keep, which Argo CD honours
        // only when the Application is deleted (argo-cd v3.5.1 controller/appcontroller.go), not
        // when a chart version stops rendering a CRD: such an upgrade needs a manual look.
        values: { crds: { enabled: true, keep: true } },
        valuesFrom: "certManager",
        wave: "crds",
        ignoreDifferences: injectedCaBundles(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], "cert-manager-webhook"),
      }),
    );
  }
  if (kserve) {
    const version = `v${cluster.kserve.version}`;
    out.push(
      helmApplication(cluster, {
        name: "kserve-crd",
        chart: "kserveCrd",
        version,
        namespace: KSERVE_NAMESPACE,
        values: {},
        // Its CRDs carry inject-ca-from, but cainjector writes only into a conversion webhook
        // (cert-manager v1.19.6 pkg/controller/cainjector/injectables.go), which none has.
        wave: "crds",
      }),
      helmApplication(cluster, {
        name: "kserve",
        chart: "kserve",
        version,
        namespace: KSERVE_NAMESPACE,
        values: {
          kserve: {
            controller: {
              // The install default is Serverless/Knative (values.yaml at v0.15.2 and v0.16.0); every
              // InferenceService names its mode anyway, this is what an unannotated one would get.
              deploymentMode: deploymentModeAnnotation("Standard", cluster),
              // No Ingress of KServe's own: Kong is the only way in (InferenceServices are also
              // labelled cluster-local, for a KServe installed otherwise).
              gateway: { disableIngressCreation: true },
            },
          },
        },
        valuesFrom: "kserve",
        wave: "controllers",
        ignoreDifferences: injectedCaBundles(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]),
      }),
    );
  }
  return out;
}
