/**
 * The upstream schema and CRD files of each release a cluster may run, by URL, with the sha256
 * of their bytes: a schema is read (from a mirror, the cache or the network) only if it hashes to
 * this. Hashes are of the upstream files at these tags (../shared/crds/PROVENANCE.md lists the
 * commit and git blob of each). To support another release, add its files here.
 */

export type Project = "kubernetes" | "kserve" | "keda" | "istio" | "gatewayApi" | "argocd" | "prometheusOperator";

export interface PinnedFile {
  url: string;
  sha256: string;
  /** API groups of the CRDs a CRD file holds: lookups of other groups skip the file unread. */
  groups?: readonly string[];
}

export const PROJECT_NAMES: Record<Project, string> = {
  kubernetes: "Kubernetes",
  kserve: "KServe",
  keda: "KEDA",
  istio: "Istio",
  gatewayApi: "Gateway API",
  argocd: "Argo CD",
  prometheusOperator: "prometheus-operator",
};

const RAW = "https://raw.githubusercontent.com";
const pin = (dir: string, groups: readonly string[] | undefined, files: [string, string][]): PinnedFile[] =>
  files.map(([name, sha256]) => ({ url: `${dir}/${name}`, sha256, ...(groups ? { groups } : {}) }));

/** yannh/kubernetes-json-schema: one strict, standalone JSON Schema per core kind and release (the kinds llm-gitops renders or reads). */
const K8S_1_33_1 = pin(`${RAW}/yannh/kubernetes-json-schema/master/v1.33.1-standalone-strict`, undefined, [
  ["apiservice-apiregistration-v1.json", "da57df9a196682ca1502feeeda7eb9f7861433d47702a0589cf93f80fcd92847"],
  ["clusterrole-rbac-v1.json", "0777f91c4fa08bd3989b6db8c59dad0429a63dec8f59e883ff55c947a14d0d5f"],
  ["clusterrolebinding-rbac-v1.json", "e2d0471b444cf7ea4fd69d7eba1b16e06215503bfbc650450c2b6ad9b40f863c"],
  ["configmap-v1.json", "e0eaddebd677c08aa092b2da2264d86ac4fc34eed112b9fac2945b3f00c1e9b1"],
  ["cronjob-batch-v1.json", "935e47c2ea166bdefe5f74e562a96a69a387f23d2feb95722c06466915a4d898"],
  ["customresourcedefinition-apiextensions-v1.json", "c6e5b3152dd5d0d60f1e3010f777393d3b1f1839b512ab98b9d851f01ec23ae6"],
  ["deployment-apps-v1.json", "8a4163cd36194edf94abdedff96b5bd8f612f76818a2a3767b35d1c72b8a7868"],
  ["horizontalpodautoscaler-autoscaling-v2.json", "613e60f54bc1d70776eb3e75fbdbc2f1250b5c1a92c88f54846c5fabd02f6f3e"],
  ["ingress-networking-v1.json", "4e0f63ad84c2bf22565e489d1f4b885ddaa9f6bf7cff1ddd562553760afe4d79"],
  ["job-batch-v1.json", "4d80238a95af71e5f7d29edb5a00c40c8a7f7ffe9aab64ba884262b563fe45c6"],
  ["limitrange-v1.json", "de9bfabf9ea0bff36b71e5e686d3ecce5246b098061f39a70549f82f8f03acd7"],
  ["namespace-v1.json", "324fae677b98d1a6d54340db0c334d053e8ffbafceb3f73326e41de2610d5843"],
  ["networkpolicy-networking-v1.json", "68f66caa6cb28841e7ab6b2b1cf5ac56085d50730a3813e538dd9204529b5b04"],
  ["persistentvolumeclaim-v1.json", "80c8a28ccf546b79da8efe17f91c4a70ab047b4ccbc68c3b8543aa92d30cc5af"],
  ["poddisruptionbudget-policy-v1.json", "da73f50ad0264d73f668eecaa9959da65afe2846602a7a5c8fd51f7799d6a258"],
  ["priorityclass-scheduling-v1.json", "e9e6a95c984a39cfed9e5b2d7d55fb0f6f5511dffe508afc27db77238bce8f7f"],
  ["resourcequota-v1.json", "9546ed313e622ea84a0ab1ec7ef7e683f05acfbfe97beb746f0b5be6407691df"],
  ["role-rbac-v1.json", "dfe8fb03b1642f985b57b12edd1727b6867c13ed4b6761ef81bdd51b1d236711"],
  ["rolebinding-rbac-v1.json", "87ab620d0adddcd2803b92357fce2854af752326df8c5408a7588aae98b3031d"],
  ["secret-v1.json", "de761ccb06bd1d2c641fb57397f61b68e7ff53a384f0817ce40e5ded8cee86f3"],
  ["service-v1.json", "8bf019854daed511e7c174896a898173fa65d88ec5937c687a37303d4cc9351b"],
  ["serviceaccount-v1.json", "8193d6c3561475c6d3d5c44e1faedb1df53905373d904bc17015694326d659cf"],
]);

/** kserve/kserve config/crd/full/ (the CRDs with full OpenAPI schemas, not config/crd/minimal/). */
const kserve = (tag: string, files: [string, string][]) => pin(`${RAW}/kserve/kserve/${tag}/config/crd/full`, ["serving.kserve.io"], files);
const ISVC = "serving.kserve.io_inferenceservices.yaml";

export const PINS: Record<Project, Record<string, readonly PinnedFile[]>> = {
  kubernetes: { "1.33.1": K8S_1_33_1 },
  kserve: {
    "0.15.2": kserve("v0.15.2", [[ISVC, "43bcb3aef9c6308135ef122f48800230058b710eae98c26ff03da29940525e4e"]]),
    "0.16.0": kserve("v0.16.0", [[ISVC, "7b57068f8bb0baa394c14bef83421a53a7be8e13335c31a4e55e32d9f549adb0"]]),
    "0.20.0": kserve("v0.20.0", [
      [ISVC, "57c3bf13f77de94678bf2ae3748056ec071ad2b9e88d6a28f44fb4710758fcff"],
      ["serving.kserve.io_servingruntimes.yaml", "380a3e1e1444cef9b8b88819596692728868205a2147dc66423be469a4a7bbb1"],
      ["serving.kserve.io_clusterservingruntimes.yaml", "c6f6bbb1b4b11afd1e38bd6d7255a8795b86efa2b7d14946ccff9d23592e6846"],
    ]),
  },
  // kedacore/keda config/crd/bases/.
  keda: {
    "2.20.2": pin(`${RAW}/kedacore/keda/v2.20.2/config/crd/bases`, ["keda.sh"], [
      ["keda.sh_scaledobjects.yaml", "af35555862a83933b074af14ad439c4b4ceabaf4daa3e9338e9b23e36d308d80"],
      ["keda.sh_triggerauthentications.yaml", "275307b4cb19ca8f0f506a879282aa4c67587ac16ec757f494d6585c5c185d65"],
    ]),
  },
  // istio/istio manifests/charts/base/files/crd-all.gen.yaml: every CRD the base chart installs.
  istio: {
    "1.30.3": pin(`${RAW}/istio/istio/1.30.3/manifests/charts/base/files`, ["extensions.istio.io", "networking.istio.io", "security.istio.io", "telemetry.istio.io"], [
      ["crd-all.gen.yaml", "dcb43ff6b9af2f629b80b6a82597f5a91db259c757e66cc5353ac007da28351a"],
    ]),
  },
  // kubernetes-sigs/gateway-api config/crd/standard/ (the standard channel).
  gatewayApi: {
    "1.6.1": pin(`${RAW}/kubernetes-sigs/gateway-api/v1.6.1/config/crd/standard`, ["gateway.networking.k8s.io"], [
      ["gateway.networking.k8s.io_gatewayclasses.yaml", "53710048ba26f8620eed59d5e51b157ecf040daf5c6eef31a4b991e0808c4be5"],
      ["gateway.networking.k8s.io_gateways.yaml", "25b885f5870b8fff1ae82efa2628b2761cef3745900c2aecf8fb76629a01255a"],
      ["gateway.networking.k8s.io_httproutes.yaml", "a424a0d6c953b162e71d1d97bb7e75012d8f1ac264e7274f2763d1b96ab39852"],
    ]),
  },
  // argoproj/argo-cd manifests/crds/.
  argocd: {
    "3.5.1": pin(`${RAW}/argoproj/argo-cd/v3.5.1/manifests/crds`, ["argoproj.io"], [
      ["application-crd.yaml", "5dde0e229249b6b707beb98674c1deae3949d5c319a6c45b9f5a80c99618e40c"],
      ["applicationset-crd.yaml", "7d282054f41ca2b71a22bab04a8caf0000e07e53a62432e6ea292dae5ab4f07d"],
      ["appproject-crd.yaml", "ab225266944322750136f1198d93786e4a79a0e43c8d149abfba44da30a3eac8"],
    ]),
  },
  // prometheus-operator/prometheus-operator example/prometheus-operator-crd/ (the kinds llm-gitops renders).
  prometheusOperator: {
    "0.93.0": pin(`${RAW}/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd`, ["monitoring.coreos.com"], [
      ["monitoring.coreos.com_podmonitors.yaml", "45a93443daa687d3654f7e9631909ff7edcdf3ec09c5e60251b74aa2722aee5d"],
      ["monitoring.coreos.com_servicemonitors.yaml", "a99047972c9dd7679ce2050b9968e8a08773492e671b3e17abd476d42aa78a32"],
      ["monitoring.coreos.com_prometheusrules.yaml", "78be98554b9c8506ab2b4f4feb91c5f3a56e536a0a510f3a8e876a459970d56d"],
    ]),
  },
};

/** A release the table has no files for: validating against anything else would be a guess. */
export class UnknownPinnedVersion extends Error {
  constructor(
    readonly project: Project,
    readonly version: string,
  ) {
    const known = Object.keys(PINS[project]);
    super(`${PROJECT_NAMES[project]} ${version} has no pinned schemas (known: ${known.join(", ")}); use one of those, or pin its files in kubeconform-wrapper/src/pins.ts`);
  }
}

/** The files of one release; throws UnknownPinnedVersion for a release the table does not know. */
export function pinnedFiles(project: Project, version: string): readonly PinnedFile[] {
  const files = Object.hasOwn(PINS[project], version) ? PINS[project][version] : undefined;
  if (!files) throw new UnknownPinnedVersion(project, version);
  return files;
}

/** Every pinned file by URL. */
export const PINNED: ReadonlyMap<string, PinnedFile> = new Map(
  Object.values(PINS).flatMap((versions) => Object.values(versions).flatMap((files) => files.map((f) => [f.url, f] as const))),
);
