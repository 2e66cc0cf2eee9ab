import { InputError, type Problem } from "@llm-gitops/core";
import { PLATFORM_FILE } from "./defaults.ts";
import { environmentName, loadEnvironment } from "./environment.ts";

/** environments/platform.yaml, or .yml, in any case of the extension. */
const isPlatformFile = (path: string) => path.startsWith("environments/") && environmentName(path) === "platform" && /\.ya?ml$/i.test(path);
import type { Environment, Inputs } from "./model.ts";
import { loadPlatform } from "./platform.ts";
import type { SourceFile } from "./source.ts";

/**
 * Loads environments/: platform.yaml plus one file per environment. Pure: the caller reads the
 * files. Throws an InputError listing every problem in every file at once.
 */
export function loadInputs(files: readonly SourceFile[]): Inputs {
  const problems: Problem[] = [];
  const platformFile = files.find((f) => isPlatformFile(f.path));
  if (!platformFile) {
    problems.push({ file: PLATFORM_FILE, line: 1, col: 1, path: "", message: "file not found; create it with gpuProfiles, models and clusters" });
  }
  const platform = platformFile && loadPlatform(platformFile, problems);
  const envFiles = files.filter((f) => f !== platformFile).sort((a, b) => a.path.localeCompare(b.path));
  if (envFiles.length === 0) {
    problems.push({ file: "environments/", line: 1, col: 1, path: "", message: "no environment files; add one such as environments/dev.yaml" });
  }
  const environments: Environment[] = [];
  for (const f of envFiles) {
    const env = loadEnvironment(f, platform, problems);
    if (env) environments.push(env);
  }
  checkNamespaces(environments, problems);
  for (const env of environments) checkReservedNamespace(env, problems);
  if (problems.length || !platform) throw new InputError(problems);
  return { platform, environments };
}

/**
 * Namespaces llm-gitops must not own: Kubernetes' own, and those of the add-ons the platform
 * runs on (a Namespace object in git would let Argo CD prune or relabel them).
 */
const RESERVED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease", "istio-system", "knative-serving", "kserve", "keda", "cert-manager", "argocd", "gpu-operator"];

/** The namespaces a cluster's own settings give its add-ons, with what each one is. */
function addOnNamespaces(c: Environment["clusters"][number]): [string, string][] {
  return [
    [c.prometheus.adapterNamespace, "the prometheus-adapter namespace"],
    [c.prometheus.namespace, "the Prometheus namespace"],
    ...(c.mesh ? [[c.mesh.rootNamespace, "the Istio root namespace"] as [string, string]] : []),
    ...(c.gateway ? [[c.gateway.namespace, "the Kong namespace"] as [string, string]] : []),
    ...(c.logging ? [[c.logging.fluentBit.namespace, "the Fluent Bit namespace"] as [string, string]] : []),
    ...(c.grafana ? [[c.grafana.namespace, "the Grafana namespace"] as [string, string]] : []),
    ...(c.prometheus.dcgmExporter ? [[c.prometheus.dcgmExporter.namespace, "the DCGM exporter namespace"] as [string, string]] : []),
  ];
}

function checkReservedNamespace(env: Environment, problems: Problem[]): void {
  const addOn = env.clusters.flatMap((c) => addOnNamespaces(c).filter(([ns]) => ns === env.namespace).map(([, what]) => `${what} of cluster "${c.name}"`))[0];
  if (RESERVED_NAMESPACES.includes(env.namespace) || addOn) {
    const whose = addOn ?? "a namespace of Kubernetes or of a cluster add-on";
    problems.push({ file: env.file, ...env.namespaceAt, path: "namespace", message: `"${env.namespace}" is ${whose}, which llm-gitops must not own; use a namespace of the environment's own such as llm-${env.name}` });
  }
}

/** Two environments may not share a namespace on the same cluster: their objects would collide. */
function checkNamespaces(environments: readonly Environment[], problems: Problem[]): void {
  const owner = new Map<string, Environment>();
  for (const env of environments) {
    for (const c of env.clusters) {
      const key = `${c.name}/${env.namespace}`;
      const other = owner.get(key);
      if (other) {
        problems.push({
          file: env.file, ...env.namespaceAt, path: "namespace",
          message: `namespace "${env.namespace}" is also used by environment "${other.name}" on cluster "${c.name}"; give each environment its own namespace`,
        });
      } else owner.set(key, env);
    }
  }
}
