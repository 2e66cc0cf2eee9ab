import type { Deployment, Location } from "@llm-gitops/config";
import type { Phase } from "./packing.ts";
import { knownTimeZone, openShare } from "./schedule.ts";

/**
 * Replicas over a month at three levels. Inside the schedule's windows (all month without one)
 * the floor is replicas.min; the expected level sits `load.utilisation` of the way to
 * replicas.max; outside the windows KEDA lowers the floor to offHoursMin (the load trigger can
 * still add replicas, which the expected level does not count). The max level is replicas.max
 * all month: the most the deployment can cost.
 */
export interface ReplicaPlan {
  min: Phase[];
  expected: Phase[];
  max: Phase[];
  /** Share of the month inside the windows (1 without a schedule). */
  openShare: number;
  /** Why the schedule could not be counted, located at its windows or its time zone; it is then counted as always open. */
  unsupported?: { at: Location; message: string };
}

export function replicaPlan(d: Deployment): ReplicaPlan {
  const { min, max } = d.replicas;
  const expected = min + (d.load?.utilisation ?? 0) * (max - min);
  const schedule = d.autoscaling.scaler === "keda" ? d.autoscaling.schedule : undefined;
  const always = (r: number): Phase[] => [{ share: 1, replicas: r }];
  if (!schedule) return { min: always(min), expected: always(expected), max: always(max), openShare: 1 };
  const alwaysOpen = (field: string, message: string): ReplicaPlan => ({
    min: always(min),
    expected: always(expected),
    max: always(max),
    openShare: 1,
    unsupported: { at: d.origin.at(["autoscaling", "schedule", field]), message },
  });
  if (!knownTimeZone(schedule.timezone)) {
    return alwaysOpen("timezone", `unknown time zone "${schedule.timezone}", so KEDA cannot place the windows; cost counts the deployment at its in-window replicas all month (an upper bound)`);
  }
  const share = openShare(schedule.windows);
  if (share === undefined) {
    return alwaysOpen("windows", "a window restricts day of month or month, so its weekly hours vary; cost counts the deployment at its in-window replicas all month (an upper bound)");
  }
  const off = Math.min(schedule.offHoursMin, min);
  const split = (inside: number): Phase[] => [
    { share, replicas: inside },
    { share: 1 - share, replicas: off },
  ];
  return { min: split(min), expected: split(expected), max: always(max), openShare: share };
}
