import { describe, expect, it } from "vitest";
import type { Cluster, Inputs } from "@llm-gitops/config";
import { cluster, meshCluster, testOrigin } from "@llm-gitops/config/testing";
import type { Truth } from "@llm-gitops/render";
import { clusterSchemaOptions, projectSchemaOptions, validateTruths } from "../src/schema.ts";
import { MIRROR } from "./repo.ts";

describe("the schema gate on rendered objects", () => {
  it("reports an invalid object at the environment field that produced it", async () => {
    const origin = testOrigin("environments/prod.yaml", "deployments[0]");
    const truth: Truth = {
      cluster: "prod-a",
      environment: "prod",
      namespace: "llm-prod",
      objects: [
        {
          object: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "chat", namespace: "llm-prod" }, spec: { maxUnavailable: 1, selektor: {} } } as never,
          group: "deployments/chat",
          origin,
          component: "kserve",
        },
      ],
    };
    const [r] = await validateTruths([truth], projectSchemaOptions({ LLM_GITOPS_SCHEMA_MIRROR: MIRROR }));
    expect(r).toMatchObject({
      filename: "clusters/prod-a/prod/poddisruptionbudget-llm-prod-chat.yaml",
      status: "statusInvalid",
      origin: { file: "environments/prod.yaml", line: 1, col: 1, path: "deployments[0]" },
      validationErrors: [{ path: "/spec", msg: "additional properties 'selektor' not allowed" }],
    });
  });
});

describe("clusters are validated against the CRDs of the releases they run", () => {
  const at = testOrigin("environments/platform.yaml", 'clusters["prod-a"]');
  const truth = (object: object): Truth => ({
    cluster: "prod-a",
    environment: "prod",
    namespace: "llm-prod",
    objects: [{ object: object as never, group: "environment", origin: at, component: "istio" }],
  });
  const inputs = (c: Cluster) => ({ platform: { clusters: new Map([[c.name, c]]) } }) as unknown as Inputs;
  const options = projectSchemaOptions({ LLM_GITOPS_SCHEMA_MIRROR: MIRROR });

  it("pins the CRD files of the cluster's releases (KServe, Istio, Gateway API, KEDA, Argo CD, prometheus-operator), in that order", () => {
    const raw = "https://raw.githubusercontent.com";
    expect(clusterSchemaOptions(options, meshCluster("prod-a", "gateway-api")).schemaLocations).toEqual([
      `${raw}/kserve/kserve/v0.16.0/config/crd/full/serving.kserve.io_inferenceservices.yaml`,
      `${raw}/istio/istio/1.30.3/manifests/charts/base/files/crd-all.gen.yaml`,
      `${raw}/kubernetes-sigs/gateway-api/v1.6.1/config/crd/standard/gateway.networking.k8s.io_gatewayclasses.yaml`,
      `${raw}/kubernetes-sigs/gateway-api/v1.6.1/config/crd/standard/gateway.networking.k8s.io_gateways.yaml`,
      `${raw}/kubernetes-sigs/gateway-api/v1.6.1/config/crd/standard/gateway.networking.k8s.io_httproutes.yaml`,
      `${raw}/kedacore/keda/v2.20.2/config/crd/bases/keda.sh_scaledobjects.yaml`,
      `${raw}/kedacore/keda/v2.20.2/config/crd/bases/keda.sh_triggerauthentications.yaml`,
      `${raw}/argoproj/argo-cd/v3.5.1/manifests/crds/application-crd.yaml`,
      `${raw}/argoproj/argo-cd/v3.5.1/manifests/crds/applicationset-crd.yaml`,
      `${raw}/argoproj/argo-cd/v3.5.1/manifests/crds/appproject-crd.yaml`,
      `${raw}/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml`,
      `${raw}/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml`,
      `${raw}/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml`,
      "default",
      "catalog",
    ]);
    // No mesh and no Kong: no Istio or Gateway API files.
    expect(clusterSchemaOptions(options, cluster("0.16.0", "prod-a")).schemaLocations).toHaveLength(11);
  });

  // istio 1.30.3 crd-all.gen.yaml, PeerAuthentication: "portLevelMtls requires selector".
  it.each([
    ["STRICT namespace-wide", { mtls: { mode: "STRICT" } }, "statusValid", []],
    ["port-level mTLS without a selector", { mtls: { mode: "STRICT" }, portLevelMtls: { "8080": { mode: "PERMISSIVE" } } }, "statusInvalid", ["portLevelMtls requires selector"]],
  ])("a PeerAuthentication with %s is %s under the cluster's Istio CRD", async (_, spec, status, messages) => {
    const object = { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: "llm-prod" }, spec };
    const [r] = await validateTruths([truth(object)], options, inputs(meshCluster("prod-a")));
    expect(r!.status).toBe(status);
    expect((r!.validationErrors ?? []).map((e) => e.msg)).toEqual(messages);
  });
});
