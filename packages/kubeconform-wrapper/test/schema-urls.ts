import { PINNED } from "../src/pins.ts";
import type { Download } from "../src/cache.ts";

/**
 * Every upstream file the tests read, with its sha256: the pinned releases (src/pins.ts) and the
 * unpinned files tests use as kubeconform does (the catalog, kubernetes-json-schema's master,
 * SchemaStore). The test setup downloads them into the schema cache on a machine without
 * ../shared/crds. The unpinned ones are known by their moving-branch URLs (what the catalog
 * location and kubeconform name) but fetched from the commit ../shared/crds/PROVENANCE.md took
 * them from, so an upstream change on the branch cannot break a fresh machine's tests.
 */
const CATALOG = "https://raw.githubusercontent.com/datreeio/CRDs-catalog/main";
const MASTER = "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone-strict";
const SCHEMASTORE = "https://json.schemastore.org";

/** PROVENANCE.md: catalog main @ 7b1e26ef; kubernetes-json-schema per file; SchemaStore 03af011c. */
const AT_COMMIT: Record<string, (name: string) => string> = {
  [CATALOG]: (name) => `https://raw.githubusercontent.com/datreeio/CRDs-catalog/7b1e26ef9deea49293714d204c1a2270aab1178f/${name}`,
  [MASTER]: (name) => {
    const commit = { "horizontalpodautoscaler-autoscaling-v2.json": "5f1fa4f7908afc9b6641c62d282a4a22437626e1", "ingress-networking-v1.json": "1360e239a56dcf2e5c7f99e61ccbaca1ea07036a" }[name] ?? "491f6d0bac338516572de67fbd5ec4c510f7e657";
    return `https://raw.githubusercontent.com/yannh/kubernetes-json-schema/${commit}/master-standalone-strict/${name}`;
  },
  [SCHEMASTORE]: () => "https://raw.githubusercontent.com/SchemaStore/schemastore/03af011cacf2cb8c88abc529bdfca5f44f2cfad9/src/schemas/json/kustomization.json",
};

const EXTRAS: [string, string, string][] = [
  [SCHEMASTORE, "kustomization.json", "2a537e511b46ae56161648dc3940576574c80c94b3ea3510fa13f152db49a157"],
  [CATALOG, "argoproj.io/application_v1alpha1.json", "99c37877b0626eaf21f42f70f4fc432a4b820de548d88ed90cc75381adf5192c"],
  [CATALOG, "argoproj.io/applicationset_v1alpha1.json", "8377e243914da95a594f772f002e0609856f657ec2bb483b99e57e8c3679ae71"],
  [CATALOG, "argoproj.io/appproject_v1alpha1.json", "5b3f7b75f59e5821d06cedc6b0667b3f5a0d5efd2c9b6cb606cd4da40755a121"],
  [CATALOG, "configuration.konghq.com/kongclusterplugin_v1.json", "bda65deb1a6bcdaaf18043bdb7e47d854f15873bf8df1df7806bcedc4d7274c7"],
  [CATALOG, "configuration.konghq.com/kongconsumer_v1.json", "3bfc484b03889722d621e47104b27124f3583120ea8df89171e9f75bbc0c28e2"],
  [CATALOG, "configuration.konghq.com/kongconsumergroup_v1beta1.json", "458912cbb9abee03d2dec3b73edbcb02e994c7134182b0e2249c3e43913ec71a"],
  [CATALOG, "configuration.konghq.com/kongingress_v1.json", "16b7f0b52758bad40bd88e89e050ada642a8c7e16c57af2cee57ac0cb6dde699"],
  [CATALOG, "configuration.konghq.com/kongplugin_v1.json", "77baf826712c380d77a8a191dfd42c98cff642e3e0ebc9ca95e6a5e101276760"],
  [CATALOG, "configuration.konghq.com/kongupstreampolicy_v1beta1.json", "314ff2d25f8d4578ed5f2b372a1e3c956a4de39525e78164cddf1d3bb2ccb97e"],
  [CATALOG, "gateway.networking.k8s.io/gateway_v1.json", "85575b3a7d79416f8b09658cf6a3f9a6b79544bbf10c4c465c78bdaab1ea0364"],
  [CATALOG, "gateway.networking.k8s.io/gateway_v1beta1.json", "376efdde1f1ee4fcf1a2abe2669e6047a8827a3ede5df76c74b14f5f95eea40b"],
  [CATALOG, "gateway.networking.k8s.io/gatewayclass_v1.json", "55ac5a206d83a21bd8bb177b0fa76402d10d867c63d46c5a75fbfff5f811a7e7"],
  [CATALOG, "gateway.networking.k8s.io/gatewayclass_v1beta1.json", "9f59ba8a9af097e988f426d6e29042055fa8dcf0832e1c7b749bc500d817334d"],
  [CATALOG, "gateway.networking.k8s.io/httproute_v1.json", "e5692e62edd9b8a14bd2527d0a732e174a649131aa4d47159737dc6527c59ca5"],
  [CATALOG, "gateway.networking.k8s.io/httproute_v1beta1.json", "e5692e62edd9b8a14bd2527d0a732e174a649131aa4d47159737dc6527c59ca5"],
  [CATALOG, "keda.sh/scaledobject_v1alpha1.json", "f0e0801dd04d22c875ab14b2de908143d0b293430b8c2d5d71bafcf1a4e05b4e"],
  [CATALOG, "keda.sh/triggerauthentication_v1alpha1.json", "6dc3be31e2517d33c178015e0a943c281ab9eedaa55701ef2eadddaf7b169c36"],
  [CATALOG, "monitoring.coreos.com/podmonitor_v1.json", "a33fd47f73be948090327c6d2076f4739217111e1caf8a2999a5562c59eade9c"],
  [CATALOG, "monitoring.coreos.com/prometheusrule_v1.json", "9cd71d75b714b541a0be960b46bd961dbf1f0106071381cd88f54dfe80b8bd9d"],
  [CATALOG, "monitoring.coreos.com/servicemonitor_v1.json", "8978f86e2a7cb281a9ca7bc30d857e0553666658dfe062078c51e99d3f20cd14"],
  [CATALOG, "networking.istio.io/destinationrule_v1.json", "332a84cc29b45551d9aa6d4282c108c4d99ff6d4fa62848ad74221226737b691"],
  [CATALOG, "networking.istio.io/destinationrule_v1alpha3.json", "332a84cc29b45551d9aa6d4282c108c4d99ff6d4fa62848ad74221226737b691"],
  [CATALOG, "networking.istio.io/destinationrule_v1beta1.json", "332a84cc29b45551d9aa6d4282c108c4d99ff6d4fa62848ad74221226737b691"],
  [CATALOG, "networking.istio.io/sidecar_v1.json", "448b89cf1c1a1965475e5888f3f3c7dade49c92ecbe2157d9935c5a37c0f9ab7"],
  [CATALOG, "networking.istio.io/sidecar_v1alpha3.json", "448b89cf1c1a1965475e5888f3f3c7dade49c92ecbe2157d9935c5a37c0f9ab7"],
  [CATALOG, "networking.istio.io/sidecar_v1beta1.json", "448b89cf1c1a1965475e5888f3f3c7dade49c92ecbe2157d9935c5a37c0f9ab7"],
  [CATALOG, "networking.istio.io/virtualservice_v1.json", "ea15f5cb9aecbddaf722a05b0c2897381e8fd1d376fcaa0d4439d2de1f1c9264"],
  [CATALOG, "networking.istio.io/virtualservice_v1alpha3.json", "ea15f5cb9aecbddaf722a05b0c2897381e8fd1d376fcaa0d4439d2de1f1c9264"],
  [CATALOG, "networking.istio.io/virtualservice_v1beta1.json", "ea15f5cb9aecbddaf722a05b0c2897381e8fd1d376fcaa0d4439d2de1f1c9264"],
  [CATALOG, "security.istio.io/authorizationpolicy_v1.json", "fbcb75e9ef6cd0f8ca184c16dea7a29f540cb8b883012770b25e79f1357967b0"],
  [CATALOG, "security.istio.io/authorizationpolicy_v1beta1.json", "fbcb75e9ef6cd0f8ca184c16dea7a29f540cb8b883012770b25e79f1357967b0"],
  [CATALOG, "security.istio.io/peerauthentication_v1.json", "709036474de0fb0a939163bb1eaf014e3f83f65b9971cd505e08b7104aacbace"],
  [CATALOG, "security.istio.io/peerauthentication_v1beta1.json", "709036474de0fb0a939163bb1eaf014e3f83f65b9971cd505e08b7104aacbace"],
  [CATALOG, "security.istio.io/requestauthentication_v1.json", "2c58b53c10ee174d968567cb544dc548fcd6f1674ccc85dbb507d6681667b0e2"],
  [CATALOG, "security.istio.io/requestauthentication_v1beta1.json", "2c58b53c10ee174d968567cb544dc548fcd6f1674ccc85dbb507d6681667b0e2"],
  [CATALOG, "serving.kserve.io/clusterservingruntime_v1alpha1.json", "c05aa0e203f117d404b26220fb8b763abd16bf6dad227bf5d8787f6b0bbf76f9"],
  [CATALOG, "serving.kserve.io/inferenceservice_v1beta1.json", "9e38c997f6aa8de5ca83af2553900b1ff449d8a4a1c6b2937f8d385b607975d3"],
  [CATALOG, "serving.kserve.io/servingruntime_v1alpha1.json", "c05aa0e203f117d404b26220fb8b763abd16bf6dad227bf5d8787f6b0bbf76f9"],
  [MASTER, "configmap-v1.json", "e2a23fd242fdb514c750d5bc1445f4e80b97b08352f892c856ee1d2a3be17e48"],
  [MASTER, "horizontalpodautoscaler-autoscaling-v2.json", "ff29aa9bf546bb22eff2192824c5f02158b7aab2df2b00d4a1156e9ebb97d92a"],
  [MASTER, "ingress-networking-v1.json", "ba939261b4f4bd321974c11e9c818a0a13fa3b6e8a547038983e518c49d280c5"],
  [MASTER, "limitrange-v1.json", "4cdb87dc695c96225f2f98673a004fbf0724d11a109f20a6aa1cb22e3efd8bbe"],
  [MASTER, "namespace-v1.json", "7974696e7b5832cdcf9eb63d57dada762fd8a3ece3200b800e352d6dbd58b800"],
  [MASTER, "persistentvolumeclaim-v1.json", "2cdc633c7118dbca74c491b36dff4d2ccf0eda2e673a0347bd606ab0bf7c2d22"],
  [MASTER, "resourcequota-v1.json", "6f407363f085e81beb2ac5836073c3bd255cba020277bf180e96621fc5de0eef"],
  [MASTER, "secret-v1.json", "137c74a5192f6f024951eb987916b0d6fec5f0252ad368fa10f5e208fde9ab97"],
  [MASTER, "service-v1.json", "1dd1df2ef6a85b9212889272bc949ce791c444d7c7e906bea716aed6d4dd5a42"],
  [MASTER, "serviceaccount-v1.json", "769a132bf122ea425f19d9f65945f846ad58bb14ff6a521725503b033e127d1d"],
];

export const TEST_DOWNLOADS: readonly Download[] = [
  ...[...PINNED.values()].map(({ url, sha256 }) => ({ url, sha256 })),
  ...EXTRAS.map(([base, name, sha256]) => ({ url: `${base}/${name}`, sha256, from: AT_COMMIT[base]!(name) })),
];
