import { describe, expect, it } from "vitest";
import type { KubernetesObject } from "@llm-gitops/core";
import { deployment, a10g, testOrigin, cluster } from "@llm-gitops/config/testing";
import type { Deployment } from "@llm-gitops/config";
import { checkAdapterContract, checkScaling } from "../src/checks.ts";
import { adapterRules, renderAdapterConfigMap } from "../src/adapter.ts";
import { renderHpa } from "../src/hpa.ts";
import { renderAutoscalingAddons } from "../src/addons.ts";
import { environment } from "@llm-gitops/config/testing";
import { toYaml } from "@llm-gitops/core";

const base = deployment();
const scaling = (a: Partial<Deployment["autoscaling"]>, over: Partial<Deployment> = {}) =>
  deployment({ ...over, autoscaling: { ...base.autoscaling, ...a } });
const schedule = (s: Partial<NonNullable<Deployment["autoscaling"]["schedule"]>> = {}) => ({
  timezone: "UTC",
  windows: [{ start: "0 7 * * 1-5", end: "0 20 * * 1-5" }],
  offHoursMin: 1,
  ...s,
});
const lines = (d: Deployment) => checkScaling(d).map((p) => `${p.severity ?? "error"} ${p.path}: ${p.message}`);

describe("checkScaling: one scaler, on a signal it can read", () => {
  it.each([
    ["concurrency in Standard mode", scaling({ metric: "concurrency" }), [
      "error deployments[0].autoscaling.metric: concurrency is a Knative (KPA) metric: in Standard mode KServe's HPA accepts only cpu and memory, and our HPA reads vLLM or GPU metrics; use queueDepth, runningRequests, kvCacheUsage, gpuUtilization or gpuEngineActive, or kserve.deploymentMode: Knative",
    ]],
    ["rps in Standard mode", scaling({ metric: "rps" }), [
      "error deployments[0].autoscaling.metric: rps is a Knative (KPA) metric: in Standard mode KServe's HPA accepts only cpu and memory, and our HPA reads vLLM or GPU metrics; use queueDepth, runningRequests, kvCacheUsage, gpuUtilization or gpuEngineActive, or kserve.deploymentMode: Knative",
    ]],
    ["minReplicas 0 where an HPA scales", deployment({ replicas: { min: 0, max: 4 } }), [
      "error deployments[0].replicas.min: must be >= 1 in Standard mode: an HPA never scales to zero (KServe clamps minReplicas to 1) and nothing would hold requests while a GPU node starts; use kserve.deploymentMode: Knative to scale to zero, or autoscaling.schedule to shrink off-hours",
    ]],
    ["scale to zero at night in Standard mode", scaling({ scaler: "keda", schedule: schedule({ offHoursMin: 0 }) }), [
      "error deployments[0].autoscaling.schedule.offHoursMin: must be >= 1 in Standard mode: at zero replicas nothing holds requests, and the first one waits minutes for a GPU node and the image; keep 1, or use kserve.deploymentMode: Knative",
    ]],
    ["an off-hours floor above the daytime minimum", scaling({ scaler: "keda", schedule: schedule({ offHoursMin: 5 }) }), [
      "error deployments[0].autoscaling.schedule.offHoursMin: must be <= replicas.min (3): it is the floor outside the windows",
    ]],
    ["an unknown time zone", scaling({ scaler: "keda", schedule: schedule({ timezone: "Mars/Olympus" }) }), [
      'error deployments[0].autoscaling.schedule.timezone: unknown time zone "Mars/Olympus"; use an IANA name such as America/New_York or UTC',
    ]],
    ["a malformed cron window", scaling({ scaler: "keda", schedule: schedule({ windows: [{ start: "7am", end: "0 20 * * 1-5" }] }) }), [
      'error deployments[0].autoscaling.schedule.windows.0.start: "7am" is not a cron expression KEDA accepts; use five fields: minute hour day-of-month month day-of-week, e.g. 0 7 * * 1-5 or 0 7 * * Mon-Fri',
    ]],
    ["vLLM metrics in Knative mode", scaling({ metric: "queueDepth", scaler: "knative" }, { deploymentMode: "Knative" }), [
      "error deployments[0].autoscaling.metric: Knative's autoscaler (KPA) scales on concurrency or rps only, not queueDepth; use one of those, or kserve.deploymentMode: Standard to scale on vLLM or GPU metrics",
    ]],
    ["a schedule in Knative mode", scaling({ metric: "concurrency", scaler: "knative", schedule: schedule() }, { deploymentMode: "Knative" }), [
      "error deployments[0].autoscaling.schedule: in Knative mode the KPA owns scaling and would fight a KEDA schedule; remove the schedule (minReplicas 0 already scales to zero when idle) or use kserve.deploymentMode: Standard",
    ]],
    ["GPU utilisation (a warning with the better signal)", scaling({ metric: "gpuUtilization", target: 80 }), [
      "warning deployments[0].autoscaling.metric: GPU utilisation is a poor load signal for vLLM: it reads near 100% with a single request in flight and says nothing about waiting users; queueDepth (vllm:num_requests_waiting) scales on exactly that",
    ]],
    ["GPU utilisation on a MIG profile", scaling({ metric: "gpuUtilization", target: 80 }, { gpuProfile: { ...a10g, name: "a100-1g-10gb", mig: true } }), [
      'error deployments[0].autoscaling.metric: DCGM reports GPU utilisation as 0 on MIG slices, so "a100-1g-10gb" would never scale up; use queueDepth (vllm:num_requests_waiting)',
    ]],
  ])("rejects %s", (_, d, expected) => {
    expect(lines(d)).toEqual(expected);
  });

  it.each([
    ["the default queue-depth HPA", deployment()],
    ["a KEDA schedule", scaling({ scaler: "keda", schedule: schedule() })],
    ["Knative scale to zero on concurrency", scaling({ metric: "concurrency", scaler: "knative" }, { deploymentMode: "Knative", replicas: { min: 0, max: 3 } })],
  ])("accepts %s", (_, d) => {
    expect(lines(d)).toEqual([]);
  });
});

// What KEDA's cron scaler accepts: robfig/cron v3's standard five-field parser without
// descriptors (parser.go getRange/parseIntOrName, spec.go bounds; keda cron_scaler.go Validate).
describe("checkScaling: schedule windows are crons KEDA accepts", () => {
  const window = (start: string, end = "0 20 * * 1-5") => lines(scaling({ scaler: "keda", schedule: schedule({ windows: [{ start, end }] }) }));
  it.each([
    "0 7 * * 1-5",
    "0 7 * * Mon-Fri",
    "0 7 * * mon-fri",
    "0 7 * * MON,WED,FRI",
    "0 7 * JAN-jun Sun",
    "30 6 1,15 * *",
    "*/15 8-18 * * 1-5",
    "0 7 ? * 1-5",
    "5/10 * * * *",
    "0 0 1 dec sat",
    "  0 7 * * 1-5  ",
  ])("accepts %j", (start) => {
    expect(window(start)).toEqual([]);
  });

  const refused = (why: string) => `error deployments[0].autoscaling.schedule.windows.0.start: ${why}; use five fields: minute hour day-of-month month day-of-week, e.g. 0 7 * * 1-5 or 0 7 * * Mon-Fri`;
  it.each([
    ["0 7 * * Mon-Fry", '"0 7 * * Mon-Fry" is not a cron expression KEDA accepts (day-of-week: "Fry" is neither a number nor a name (sun, mon, tue, wed, thu, fri, sat))'],
    ["0 7 * * 1-7", '"0 7 * * 1-7" is not a cron expression KEDA accepts (day-of-week: "1-7" is outside 0-6 (Sunday is 0))'],
    ["0 7 * * Monday", '"0 7 * * Monday" is not a cron expression KEDA accepts (day-of-week: "Monday" is neither a number nor a name (sun, mon, tue, wed, thu, fri, sat))'],
    ["60 7 * * *", '"60 7 * * *" is not a cron expression KEDA accepts (minute: "60" is outside 0-59)'],
    ["0 24 * * *", '"0 24 * * *" is not a cron expression KEDA accepts (hour: "24" is outside 0-23)'],
    ["0 7 0 * *", '"0 7 0 * *" is not a cron expression KEDA accepts (day-of-month: "0" is outside 1-31)'],
    ["0 7 * 13 *", '"0 7 * 13 *" is not a cron expression KEDA accepts (month: "13" is outside 1-12)'],
    ["0 7 * Mon *", '"0 7 * Mon *" is not a cron expression KEDA accepts (month: "Mon" is neither a number nor a name (jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec))'],
    ["0 20-7 * * *", '"0 20-7 * * *" is not a cron expression KEDA accepts (hour: "20-7" runs backwards)'],
    ["*/0 * * * *", '"*/0 * * * *" is not a cron expression KEDA accepts (minute: the step of "*/0" must be at least 1)'],
    ["0 7 * * 1-2-3", '"0 7 * * 1-2-3" is not a cron expression KEDA accepts (day-of-week: "1-2-3" has more than one \'-\')'],
    ["0 7 * * 1/2/3", '"0 7 * * 1/2/3" is not a cron expression KEDA accepts (day-of-week: "1/2/3" has more than one \'/\')'],
    ["0 7 * * L", '"0 7 * * L" is not a cron expression KEDA accepts (day-of-week: "L" is neither a number nor a name (sun, mon, tue, wed, thu, fri, sat))'],
    ["0 0 7 * * 1-5", '"0 0 7 * * 1-5" is not a cron expression KEDA accepts'],
    ["@daily", '"@daily" is not a cron expression KEDA accepts (KEDA accepts no @descriptors)'],
    ["0 7 * * 1-5\nevil", '"0 7 * * 1-5\\nevil" is not a cron expression KEDA accepts'],
  ])("refuses %j, saying why", (start, why) => {
    expect(window(start)).toEqual([refused(why)]);
  });

  it("refuses a window that closes when it opens, as KEDA does", () => {
    expect(window("0 7 * * 1-5", "0 7 * * 1-5")).toEqual([
      "error deployments[0].autoscaling.schedule.windows.0.end: is the same as start: KEDA refuses a window that closes when it opens; set the time it should close",
    ]);
  });
});

describe("checkAdapterContract: every HPA metric has exactly one adapter rule", () => {
  const at = testOrigin().at(["autoscaling", "metric"]);
  const hpa = renderHpa(environment(), deployment())! as KubernetesObject;
  const withRules = (rules: unknown[]): KubernetesObject => {
    const cm = renderAdapterConfigMap(cluster());
    return { ...cm, data: { "config.yaml": toYaml({ rules }) } } as KubernetesObject;
  };
  const check = (cm: KubernetesObject) =>
    checkAdapterContract([
      { cluster: "prod-a", objects: [{ object: hpa, at }] },
      { cluster: "prod-a", objects: [{ object: cm, at }] },
    ]).map((p) => p.message);

  it("passes with the rendered rules", () => {
    expect(check(renderAdapterConfigMap(cluster()) as KubernetesObject)).toEqual([]);
  });

  it("fails when no rule serves the metric", () => {
    expect(check(withRules(adapterRules().slice(1)))).toEqual([
      'HorizontalPodAutoscaler "qwen-chat-autoscaler" reads metric "vllm_num_requests_waiting", which 0 prometheus-adapter rules serve on cluster "prod-a" (ConfigMap llm-gitops-adapter-rules or the values of the prometheus-adapter add-on); it must be exactly one',
    ]);
  });

  it("fails when two rules serve the metric", () => {
    const [first] = adapterRules();
    expect(check(withRules([...adapterRules(), { ...first, name: { matches: "^vllm:num_requests_waiting$", as: "vllm_num_requests_waiting" } }]))).toEqual([
      'HorizontalPodAutoscaler "qwen-chat-autoscaler" reads metric "vllm_num_requests_waiting", which 2 prometheus-adapter rules serve on cluster "prod-a" (ConfigMap llm-gitops-adapter-rules or the values of the prometheus-adapter add-on); it must be exactly one',
    ]);
  });

  it("reads the rules of a prometheus-adapter add-on as it reads the ConfigMap", () => {
    const c = { ...cluster(), addons: { prometheusAdapter: { chart: "5.3.0", values: {} } } };
    const [app] = renderAutoscalingAddons(c);
    expect(check(app!)).toEqual([]);
    const broken = structuredClone(app!) as KubernetesObject & { spec: { source: { helm: { valuesObject: { rules: { custom: unknown[] } } } } } };
    broken.spec.source.helm.valuesObject.rules.custom = adapterRules().slice(1);
    expect(check(broken)).toHaveLength(1);
  });

  it("looks only at the rules of the same cluster", () => {
    expect(
      checkAdapterContract([
        { cluster: "prod-a", objects: [{ object: hpa, at }] },
        { cluster: "prod-b", objects: [{ object: renderAdapterConfigMap(cluster()) as KubernetesObject, at }] },
      ]),
    ).toHaveLength(1);
  });
});
