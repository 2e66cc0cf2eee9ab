import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from "kubernetes-types/networking/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { Cluster, Environment } from "@llm-gitops/config";
import { INFERENCESERVICE_LABEL, VLLM_PORT, type Typed } from "@llm-gitops/core";
import { gatewayCalls, inferencePort, ISTIOD_XDS_PORT, KNATIVE_NAMESPACE, managedLabels, metricsPort, placed, QUEUE_METRICS_PORT } from "./types.ts";

/** Set by the control plane on every namespace, valued with its name (Kubernetes >= 1.22, network-policies.md). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
const inNamespace = (name: string): LabelSelector => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: name } });
/** Every predictor pod KServe creates carries this label (core predictorPodLabels). */
export const PREDICTOR_PODS: LabelSelector = { matchExpressions: [{ key: INFERENCESERVICE_LABEL, operator: "Exists" }] };
const tcp = (...ports: number[]): NetworkPolicyPort[] => [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ protocol: "TCP", port }));

function policy(env: Environment, name: string, spec: NonNullable<NetworkPolicy["spec"]>): Typed<NetworkPolicy> {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: env.namespace, labels: managedLabels() }, spec };
}

const ingress = (env: Environment, name: string, from: NetworkPolicyPeer[], ports: NetworkPolicyPort[]) =>
  policy(env, name, { podSelector: PREDICTOR_PODS, policyTypes: ["Ingress"], ingress: [{ from, ports }] });

/**
 * The serving namespace's NetworkPolicies, mesh or not: deny everything, then let through DNS, Kong
 * (to the Standard-mode pods of a routed environment), Knative's activator and autoscaler (Knative
 * mode), Prometheus, and the sidecar's istiod connection. Policies are additive: a selected pod
 * takes the union of their rules.
 *
 * No egress for models: storage `image` is pulled by the kubelet and `pvc` is mounted by the node,
 * neither from the pod's network namespace (vLLM also runs with HF_HUB_OFFLINE=1). Kubelet probes
 * need no rule either: "traffic to and from the node where a Pod is running is always allowed"
 * (kubernetes/website content/en/docs/concepts/services-networking/network-policies.md).
 */
export function networkPolicies(env: Environment, cluster: Cluster): Typed<NetworkPolicy>[] {
  const deployments = placed(env, cluster);
  if (deployments.length === 0) return [];
  const modes = new Set(deployments.map((d) => d.deploymentMode));
  const policies = [
    policy(env, "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy(env, "allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: inNamespace("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
    }),
    ingress(env, "allow-prometheus", [{ namespaceSelector: inNamespace(cluster.prometheus.namespace) }], tcp(metricsPort(cluster))),
  ];
  const called = deployments.filter((d) => gatewayCalls(env, cluster, d));
  if (cluster.gateway && called.length) {
    // Kong calls Standard-mode pods on vLLM's port; Knative-mode pods (which it must not bypass) are left out.
    const knative = deployments.filter((d) => !called.includes(d)).map((d) => d.name).sort();
    const pods = knative.length ? { matchExpressions: [...PREDICTOR_PODS.matchExpressions!, { key: INFERENCESERVICE_LABEL, operator: "NotIn", values: knative }] } : PREDICTOR_PODS;
    const from = [{ namespaceSelector: inNamespace(cluster.gateway.namespace) }];
    policies.push(policy(env, "allow-gateway", { podSelector: pods, policyTypes: ["Ingress"], ingress: [{ from, ports: tcp(VLLM_PORT) }] }));
  }
  if (modes.has("Knative")) {
    // The activator forwards and probes on queue-proxy's port; the autoscaler scrapes 9090 (types.ts).
    policies.push(ingress(env, "allow-knative-serving", [{ namespaceSelector: inNamespace(KNATIVE_NAMESPACE) }], tcp(inferencePort("Knative"), QUEUE_METRICS_PORT)));
  }
  if (cluster.mesh) {
    // istiod's pods carry app: istiod and istio.io/rev: <revision or "default"> (istio 1.30.3
    // manifests/charts/istio-control/istio-discovery/templates/deployment.yaml).
    const istiod = { app: "istiod", ...(cluster.mesh.revision ? { "istio.io/rev": cluster.mesh.revision } : {}) };
    policies.push(
      policy(env, "allow-mesh-control-plane", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: inNamespace(cluster.mesh.rootNamespace), podSelector: { matchLabels: istiod } }], ports: tcp(ISTIOD_XDS_PORT) }],
      }),
    );
  }
  return policies;
}
