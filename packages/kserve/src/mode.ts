import { atLeast } from "@llm-gitops/core";
import type { Cluster, DeploymentMode } from "@llm-gitops/config";

/**
 * The value of serving.kserve.io/deploymentMode. KServe >= 0.16 names the modes Standard and
 * Knative; earlier releases only know RawDeployment and Serverless. Always written: the default
 * depends on how KServe was installed.
 */
export function deploymentModeAnnotation(mode: DeploymentMode, cluster: Cluster): string {
  const modern = atLeast(cluster.kserve.version, "0.16.0");
  if (mode === "Standard") return modern ? "Standard" : "RawDeployment";
  return modern ? "Knative" : "Serverless";
}
