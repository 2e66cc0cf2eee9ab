import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import { ADAPTER_RULES_CONFIGMAP, excerpt, problemAt as at, type KubernetesObject, type Problem } from "@llm-gitops/core";
import type { Deployment, Location } from "@llm-gitops/config";
import { readAdapterRules, ruleMetricName, ruleSeries } from "./adapter.ts";
import { applicationAdapterRules } from "./addons.ts";

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
      const where = (key: "start" | "end") => d.origin.at(["autoscaling", "schedule", "windows", i, key]);
      const bad = (["start", "end"] as const).filter((key) => {
        const why = cronProblem(w[key]);
        if (why !== undefined) problems.push(at(where(key), `${excerpt(w[key])} is not a cron expression KEDA accepts${why ? ` (${why})` : ""}; use five fields: minute hour day-of-month month day-of-week, e.g. 0 7 * * 1-5 or 0 7 * * Mon-Fri`));
        return why !== undefined;
      });
      // KEDA's cron scaler refuses a window whose start and end are the same text (cronMetadata.Validate).
      if (bad.length === 0 && w.start === w.end) problems.push(at(where("end"), "is the same as start: KEDA refuses a window that closes when it opens; set the time it should close"));
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

/** Whether ICU knows the zone; a formatter costs tens of microseconds, and deployments share a few zones. */
function isTimeZone(tz: string): boolean {
  let known = timeZones.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    if (timeZones.size < 1000) timeZones.set(tz, known);
  }
  return known;
}

const timeZones = new Map<string, boolean>();

/**
 * The cron fields KEDA accepts. Its cron scaler checks start and end with robfig/cron v3's
 * `cron.NewParser(Minute | Hour | Dom | Month | Dow)` (kedacore/keda pkg/scalers/cron_scaler.go):
 * the standard parser (ParseStandard) without @descriptors. As robfig/cron v3.0.1 parser.go
 * getRange and parseIntOrName read a field: a comma list of `*` or `?`, a number or a name, or
 * `low-high`, each with an optional `/step`; names (jan-dec, sun-sat) in any case; bounds from
 * spec.go, so day of week is 0-6 (Sunday is 0; 7 is refused).
 */
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const CRON_FIELDS = [
  { field: "minute", min: 0, max: 59 },
  { field: "hour", min: 0, max: 23 },
  { field: "day-of-month", min: 1, max: 31 },
  { field: "month", min: 1, max: 12, names: MONTHS, first: 1 },
  { field: "day-of-week", min: 0, max: 6, names: DAYS, first: 0 },
] as const;
type CronField = (typeof CRON_FIELDS)[number];

/** Why KEDA would refuse a cron expression ("" when the shape is wrong), or undefined when it is accepted. */
export function cronProblem(expr: string): string | undefined {
  const fields = expr.trim().split(/\s+/).filter(Boolean);
  if (fields[0]?.startsWith("@")) return "KEDA accepts no @descriptors";
  if (fields.length !== 5) return "";
  for (const [i, f] of CRON_FIELDS.entries()) {
    // robfig/cron splits with strings.FieldsFunc: empty list items are skipped, not refused.
    const items = fields[i]!.split(",").filter(Boolean);
    if (items.length === 0) return `the ${f.field} field lists nothing`;
    for (const item of items) {
      const why = cronRange(item, f);
      if (why) return `${f.field}: ${why}`;
    }
  }
  return undefined;
}

function cronRange(item: string, f: CronField): string | undefined {
  const [range = "", step, extra] = item.split("/");
  if (extra !== undefined) return `${excerpt(item)} has more than one '/'`;
  const [low = "", high, more] = range.split("-");
  if (more !== undefined) return `${excerpt(item)} has more than one '-'`;
  const star = low === "*" || low === "?";
  const start = star ? f.min : cronValue(low, f);
  let end = star ? f.max : high === undefined ? start : cronValue(high, f);
  const by = step === undefined ? 1 : cronValue(step);
  for (const [v, text] of [[start, low], [end, high], [by, step]] as const) {
    if (v === undefined) return `${excerpt(text)} is neither a number nor ${"names" in f ? `a name (${f.names.join(", ")})` : "*"}`;
  }
  if (step !== undefined && high === undefined) end = f.max; // "N/step" runs from N to the maximum
  if (start! < f.min || end! > f.max) return `${excerpt(item)} is outside ${f.min}-${f.max}${f.field === "day-of-week" ? " (Sunday is 0)" : ""}`;
  if (start! > end!) return `${excerpt(item)} runs backwards`;
  if (by === 0) return `the step of ${excerpt(item)} must be at least 1`;
  return undefined;
}

const cronValue = (text: string, f?: CronField): number | undefined => {
  const named = f && "names" in f ? (f.names as readonly string[]).indexOf(text.toLowerCase()) : -1;
  if (named >= 0 && f && "first" in f) return named + f.first;
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
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
    const rules = [
      ...configMaps.flatMap(({ object }) => readAdapterRules(object as { data?: Record<string, string> })),
      ...objects.flatMap(({ object }) => applicationAdapterRules(object) ?? []),
    ];
    for (const { object, at: loc } of objects) {
      if (object.kind !== "HorizontalPodAutoscaler") continue;
      const hpa = object as HorizontalPodAutoscaler & KubernetesObject;
      for (const metric of hpa.spec?.metrics ?? []) {
        const name = metric.pods?.metric.name ?? metric.object?.metric.name ?? metric.external?.metric.name;
        if (!name) continue;
        const serving = rules.filter((r) => ruleMetricName(r, ruleSeries(r)) === name).length;
        if (serving !== 1) {
          problems.push(at(loc, `HorizontalPodAutoscaler "${hpa.metadata.name}" reads metric "${name}", which ${serving} prometheus-adapter rules serve on cluster "${cluster}" (ConfigMap ${ADAPTER_RULES_CONFIGMAP} or the values of the prometheus-adapter add-on); it must be exactly one`));
        }
      }
    }
  }
  return problems;
}
