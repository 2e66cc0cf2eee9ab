import { atLeast, problemAt as error, type KubernetesObject, type Problem } from "@llm-gitops/core";
import type { Cluster, Location } from "@llm-gitops/config";

const MODE = "serving.kserve.io/deploymentMode";
/** The real mode behind each value KServe reads from the annotation (0.16 renamed the legacy two). */
const REAL_MODE: Record<string, string> = { RawDeployment: "Standard", Standard: "Standard", Serverless: "Knative", Knative: "Knative" };

const modeOf = (o: KubernetesObject) => o.metadata.annotations?.[MODE];

/**
 * InferenceService updates KServe would reject on the live cluster, found by comparing the
 * committed tree (what Argo CD has applied) with the fresh render. Verified at the tags:
 * - from 0.15.1 the validating webhook refuses any update whose annotation differs from the
 *   stored status.deploymentMode (inference_service_validation.go validateDeploymentMode), so a
 *   real mode change (Standard ↔ Knative) always needs a new service;
 * - services created before 0.16 store `RawDeployment`/`Serverless`. 0.16.0 reconciles such a
 *   status as Knative (predictor.go compares with `Standard`) and refuses the renamed annotation;
 *   0.17 and 0.18 rewrite the annotation to the new name and then refuse every update; 0.19.0
 *   normalises the stored mode before comparing (constants.ParseDeploymentMode).
 */
export function checkModeTransitions(
  cluster: Cluster,
  before: readonly KubernetesObject[],
  after: readonly { object: KubernetesObject; at: Location }[],
): Problem[] {
  const problems: Problem[] = [];
  for (const { object, at } of after) {
    if (object.kind !== "InferenceService") continue;
    const old = before.find((o) => o.kind === "InferenceService" && o.metadata.name === object.metadata.name && o.metadata.namespace === object.metadata.namespace);
    const from = old && modeOf(old);
    const to = modeOf(object);
    if (!from || !to || from === to) continue;
    const name = `InferenceService "${object.metadata.name}" on cluster "${cluster.name}"`;
    const recreate = "recreate it: rename the deployment (Argo CD creates the new service and prunes the old), or remove it in one change and add it back in the next";
    if (REAL_MODE[from] !== REAL_MODE[to]) {
      problems.push(error(at, `${name} would change from ${from} to ${to} mode, which KServe refuses for an existing service (update rejected: deploymentMode cannot be changed); ${recreate}`));
    } else if (!atLeast(cluster.kserve.version, "0.19.0")) {
      problems.push(
        error(
          cluster.origin.at(["kserve", "version"]),
          `${name} was created with deploymentMode ${from}, which KServe ${cluster.kserve.version} can no longer update (0.16.0 reconciles that stored mode as Knative; 0.17-0.18 rewrite the annotation to ${to} and then reject every update); upgrade the cluster straight to KServe 0.19.0 or newer (it compares the normalised mode) before setting kserve.version, or ${recreate}`,
        ),
      );
    }
  }
  return problems;
}
