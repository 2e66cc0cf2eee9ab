import { describe, expect, it } from "vitest";
import { cluster, testOrigin } from "@llm-gitops/config/testing";
import type { Platform } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";
import { checkProjectKinds, renderArgoCd } from "../src/index.ts";

const platform = { repository: "https://github.com/example-org/llm-platform", revision: "main" } as Platform;
const byKind = (objects: KubernetesObject[], kind: string) => objects.find((o) => o.kind === kind) as KubernetesObject & { spec: Record<string, any> };

describe("Argo CD objects of a cluster", () => {
  const objects = renderArgoCd(cluster("0.16.0", "prod-a"), platform);

  it("an ApplicationSet makes an Application of every overlay directory of the cluster but its own", () => {
    const set = byKind(objects, "ApplicationSet");
    expect(set.metadata).toMatchObject({ name: "llm-prod-a", namespace: "argocd" });
    expect(set.spec.generators).toEqual([
      { git: { repoURL: platform.repository, revision: "main", directories: [{ path: "clusters/prod-a/*" }, { path: "clusters/prod-a/argocd", exclude: true }] } },
    ]);
    expect(set.spec.template.spec).toEqual({
      project: "llm-prod-a",
      source: { repoURL: platform.repository, targetRevision: "main", path: "{{.path.path}}" },
      destination: { name: "prod-a" },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ["ServerSideApply=true", "PruneLast=true"],
        retry: { limit: 5, backoff: { duration: "30s", factor: 2, maxDuration: "10m" } },
      },
    });
    expect(set.spec.template.metadata.finalizers).toEqual(["resources-finalizer.argocd.argoproj.io"]);
    expect(set.spec.template.metadata.annotations).toEqual({ "argocd.argoproj.io/compare-options": "ServerSideDiff=true,IncludeMutationWebhook=true" });
  });

  it("the project admits only this repository and this cluster", () => {
    const project = byKind(objects, "AppProject");
    expect(project.spec.sourceRepos).toEqual([platform.repository]);
    expect(project.spec.destinations).toEqual([{ name: "prod-a", namespace: "*" }]);
  });

  it("a destination given by server URL is used as such", () => {
    const c = { ...cluster("0.16.0", "prod-a"), argocd: { server: "https://10.0.0.1:6443", namespace: "gitops" } };
    const set = byKind(renderArgoCd(c, platform), "ApplicationSet");
    expect(set.metadata.namespace).toBe("gitops");
    expect(set.spec.template.spec.destination).toEqual({ server: "https://10.0.0.1:6443" });
  });

  it("the root Application syncs the cluster's argocd overlay into Argo CD's own namespace", () => {
    const root = objects.find((o) => o.kind === "Application") as KubernetesObject & { spec: Record<string, any> };
    expect(root.metadata.name).toBe("llm-prod-a-root");
    expect(root.spec.source).toEqual({ repoURL: platform.repository, targetRevision: "main", path: "clusters/prod-a/argocd" });
    expect(root.spec.destination).toEqual({ server: "https://kubernetes.default.svc", namespace: "argocd" });
  });
});

describe("the project permits every kind rendered", () => {
  const origin = testOrigin("environments/prod.yaml", "deployments[0]");
  const overlay = (object: KubernetesObject) => [{ cluster: "prod-a", environment: "prod", objects: [{ object, origin }] }];
  it.each([
    ["an InferenceService", { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata: { name: "x" } }, []],
    ["a Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } }, []],
    ["a ClusterRoleBinding", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "x" } }, [
      'ClusterRoleBinding x (rbac.authorization.k8s.io/v1) is not a kind the Argo CD project of cluster "prod-a" permits; add it to @llm-gitops/argocd\'s kind lists',
    ]],
    ["a Service of another group", { apiVersion: "example.com/v1", kind: "Service", metadata: { name: "x" } }, [
      'Service x (example.com/v1) is not a kind the Argo CD project of cluster "prod-a" permits; add it to @llm-gitops/argocd\'s kind lists',
    ]],
  ])("%s", (_, object, messages) => {
    expect(checkProjectKinds(overlay(object as KubernetesObject)).map((p) => p.message)).toEqual(messages);
  });
});
