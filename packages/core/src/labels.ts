export const MANAGED_BY = "llm-gitops";

/** The recommended app.kubernetes.io labels, in one place so every component agrees. */
export function standardLabels(opts: { name: string; instance: string; component: string }): Record<string, string> {
  return {
    "app.kubernetes.io/component": opts.component,
    "app.kubernetes.io/instance": opts.instance,
    "app.kubernetes.io/managed-by": MANAGED_BY,
    "app.kubernetes.io/name": opts.name,
    "app.kubernetes.io/part-of": MANAGED_BY,
  };
}
