import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import { ADAPTER_RULES_CONFIGMAP, problemAt as at, type KubernetesObject, type Problem } from "@llm-gitops/core";
import type { Deployment, Location } from "@llm-gitops/config";
import { readAdapterRules, ruleMetricName, ruleSeries } from "./adapter.ts";

const KPA_METRICS = ["concurrency", "rps"];

/** The mode/metric/scaler contract: one scaler, on a signal that scaler can read. */
export function checkScaling(d: Deployment): Problem[] {
  const { autoscaling: a, replicas } = d;
  const metricAt = d.origin.at(["autoscaling", "metric"]);
  const problems: Problem[] = [];
  if (d.deploymentMode === "Knative") {
    if (!KPA_METRICS.includes(a.metric)) {
      problems.push(at(metricAt, `Knative's autoscaler (KPA) scales on concurrency or rps only, not ${a.metric}; use one of those, or kserve.deploymentMode: Standard to scale on vLLM or GPU metrics`));
    }
    if (a.schedule) {
      problems.push(at(d.origin.at(["autoscaling", "schedule"]), "in Knative mode the KPA owns scaling and would fight a KEDA schedule; remove the schedule (minReplicas 0 already scales to zero when idle) or use kserve.deploymentMode: Standard"));
    }
    return problems;
  }
  if (KPA_METRICS.includes(a.metric)) {
    problems.push(at(metricAt, `${a.metric} is a Knative (KPA) metric: in Standard mode KServe's HPA accepts only cpu and memory, and our HPA reads vLLM or GPU metrics; use queueDepth, runningRequests, kvCacheUsage, gpuUtilization or gpuEngineActive, or kserve.deploymentMode: Knative`));
  }
  if (replicas.min === 0) {
    problems.push(at(d.origin.at(["replicas", "min"]), "must be >= 1 in Standard mode: an HPA never scales to zero (KServe clamps minReplicas to 1) and nothing would hold requests while a GPU node starts; use kserve.deploymentMode: Knative to scale to zero, or autoscaling.schedule to shrink off-hours"));
  }
  if (a.schedule) {
    const floorAt = d.origin.at(["autoscaling", "schedule", "offHoursMin"]);
    if (a.schedule.offHoursMin === 0) {
      problems.push(at(floorAt, "must be >= 1 in Standard mode: at zero replicas nothing holds requests, and the first one waits minutes for a GPU node and the image; keep 1, or use kserve.deploymentMode: Knative"));
    } else if (a.schedule.offHoursMin > replicas.min) {
      problems.push(at(floorAt, `must be <= replicas.min (${replicas.min}): it is the floor outside the windows`));
    }
    if (!isTimeZone(a.schedule.timezone)) {
      problems.push(at(d.origin.at(["autoscaling", "schedule", "timezone"]), `unknown time zone "${a.schedule.timezone}"; use an IANA name such as America/New_York or UTC`));
    }
    a.schedule.windows.forEach((w, i) => {
      for (const key of ["start", "end"] as const) {
        if (!isCron(w[key])) {
          problems.push(at(d.origin.at(["autoscaling", "schedule", "windows", i, key]), `"${w[key]}" is not a cron expression; use five fields: minute hour day-of-month month day-of-week, e.g. 0 7 * * 1-5`));
        }
      }
    });
  }
  if (a.metric === "gpuUtilization") {
    if (d.gpuProfile.mig) {
      problems.push(at(metricAt, `DCGM reports GPU utilisation as 0 on MIG slices, so "${d.gpuProfile.name}" would never scale up; use queueDepth (vllm:num_requests_waiting)`));
    } else {
      problems.push(at(metricAt, "GPU utilisation is a poor load signal for vLLM: it reads near 100% with a single request in flight and says nothing about waiting users; queueDepth (vllm:num_requests_waiting) scales on exactly that", "warning"));
    }
  }
  return problems;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const isCron = (expr: string) => {
  const fields = expr.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => CRON_FIELD.test(f));
};

export interface ClusterObjects {
  cluster: string;
  objects: readonly { object: KubernetesObject; at: Location }[];
}

/**
 * Cross-resource contract: every metric an HPA asks the custom metrics API for is served by
 * exactly one prometheus-adapter rule of the adapter ConfigMap rendered for the same cluster.
 */
export function checkAdapterContract(clusters: readonly ClusterObjects[]): Problem[] {
  const byCluster = new Map<string, { object: KubernetesObject; at: Location }[]>();
  for (const c of clusters) byCluster.set(c.cluster, [...(byCluster.get(c.cluster) ?? []), ...c.objects]);
  const problems: Problem[] = [];
  for (const [cluster, objects] of byCluster) {
    const configMaps = objects.filter(({ object: o }) => o.kind === "ConfigMap" && o.metadata.name === ADAPTER_RULES_CONFIGMAP);
    const rules = configMaps.flatMap(({ object }) => readAdapterRules(object as { data?: Record<string, string> }));
    for (const { object, at: loc } of objects) {
      if (object.kind !== "HorizontalPodAutoscaler") continue;
      const hpa = object as HorizontalPodAutoscaler & KubernetesObject;
      for (const metric of hpa.spec?.metrics ?? []) {
        const name = metric.pods?.metric.name ?? metric.object?.metric.name ?? metric.external?.metric.name;
        if (!name) continue;
        const serving = rules.filter((r) => ruleMetricName(r, ruleSeries(r)) === name).length;
        if (serving !== 1) {
          problems.push(at(loc, `HorizontalPodAutoscaler "${hpa.metadata.name}" reads metric "${name}", which ${serving} prometheus-adapter rules serve on cluster "${cluster}" (ConfigMap ${ADAPTER_RULES_CONFIGMAP}); it must be exactly one`));
        }
      }
    }
  }
  return problems;
}
