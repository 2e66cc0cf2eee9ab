import { describe, expect, it } from "vitest";
import type { KubernetesObject } from "@llm-gitops/core";
import { cluster, testOrigin } from "@llm-gitops/config/testing";
import { checkModeTransitions } from "../src/transitions.ts";

const isvc = (mode: string, name = "qwen-chat"): KubernetesObject => ({
  apiVersion: "serving.kserve.io/v1beta1",
  kind: "InferenceService",
  metadata: { name, namespace: "llm-prod", annotations: { "serving.kserve.io/deploymentMode": mode } },
});
const at = testOrigin().at(["kserve", "deploymentMode"]);
const check = (version: string, from: string, to: string) =>
  checkModeTransitions(cluster(version), [isvc(from)], [{ object: isvc(to), at }]).map((p) => `${p.path}: ${p.message}`);

describe("checkModeTransitions: updates KServe would refuse on the live cluster", () => {
  it.each([
    // v0.16.0 reconciles a stored RawDeployment as Knative and refuses the renamed annotation
    // (validateDeploymentMode compares with status); 0.17-0.18 normalise only the annotation.
    ["0.16.0", "RawDeployment", "Standard"],
    ["0.17.1", "RawDeployment", "Standard"],
    ["0.18.1", "Serverless", "Knative"],
  ])("KServe %s: %s → %s", (version, from, to) => {
    expect(check(version, from, to)).toEqual([
      `clusters["prod-a"].kserve.version: InferenceService "qwen-chat" on cluster "prod-a" was created with deploymentMode ${from}, which KServe ${version} can no longer update (0.16.0 reconciles that stored mode as Knative; 0.17-0.18 rewrite the annotation to ${to} and then reject every update); upgrade the cluster straight to KServe 0.19.0 or newer (it compares the normalised mode) before setting kserve.version, or recreate it: rename the deployment (Argo CD creates the new service and prunes the old), or remove it in one change and add it back in the next`,
    ]);
  });

  it("refuses a real mode change on every version", () => {
    expect(check("0.19.0", "Standard", "Knative")).toEqual([
      'deployments[0].kserve.deploymentMode: InferenceService "qwen-chat" on cluster "prod-a" would change from Standard to Knative mode, which KServe refuses for an existing service (update rejected: deploymentMode cannot be changed); recreate it: rename the deployment (Argo CD creates the new service and prunes the old), or remove it in one change and add it back in the next',
    ]);
  });

  it.each([
    ["the same value", "0.16.0", "Standard", "Standard"],
    ["a rename on KServe 0.19, which normalises the stored mode", "0.19.0", "RawDeployment", "Standard"],
  ])("accepts %s", (_, version, from, to) => {
    expect(check(version, from, to)).toEqual([]);
  });

  it("ignores services that are new, or gone", () => {
    expect(checkModeTransitions(cluster("0.16.0"), [], [{ object: isvc("Standard"), at }])).toEqual([]);
    expect(checkModeTransitions(cluster("0.16.0"), [isvc("RawDeployment", "old")], [{ object: isvc("Standard"), at }])).toEqual([]);
  });
});
