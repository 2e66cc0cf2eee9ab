/**
 * List prices llm-gitops prices a fleet with when platform.yaml sets none: USD, on-demand, Linux,
 * no discounts. Every entry names its source and the date of its figure. `verified` marks figures
 * read from the provider's own data: ../shared/DOMAIN.md B8 (us-east-1, checked against AWS's
 * on-demand page by the domain audit), and the price tables AWS's and Azure's Karpenter projects
 * generate from the AWS Price List API and the Azure Retail Prices API (named with their commit;
 * dated by their generation). GCP's figures come from a third-party calculation over the Cloud
 * Billing Catalog and the control-plane fees from pages that name no region: not verified. Set
 * `pricePerHour` in platform.yaml for any figure a budget depends on. Cloud prices change and
 * differ by region, so a lookup matches provider, region and type exactly and never guesses.
 */

export interface ListPrice {
  usd: number;
  /** per node-hour, per GiB-month or per cluster-hour */
  unit: "hour" | "GiB-month";
  source: string;
  /** The date this table states for the figure (ISO). */
  asOf: string;
  verified: boolean;
}

export type Provider = "eks" | "gke" | "aks" | "other";

const DOMAIN_B8 = "../shared/DOMAIN.md B8 (us-east-1 on-demand, Linux), per https://aws.amazon.com/ec2/pricing/on-demand/";
// InitialOnDemandPricesAWS["us-east-1"], "generated at 2026-07-20T13:44:30Z" from the AWS Price List API with
// operatingSystem=Linux, marketoption=OnDemand, tenancy=Shared, preInstalledSw=NA (pkg/providers/pricing/pricing.go).
const AWS_KARPENTER =
  "https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81a9df9301e613f371dac5b4d16bfe/pkg/providers/pricing/zz_generated.pricing_aws.go (us-east-1 on-demand Linux, generated 2026-07-20 from the AWS Price List API)";
// compute.instance.<type>.cost.us-central1.hour of pricing.yml "generated: Thu Jul 30 06:13:17 2026": the sum of the
// GPU, vCPU, memory (and bundled Local SSD) SKUs of the Cloud Billing Catalog, on-demand, no OS licence. A third-party
// calculation, not Google's page. (The newest pricing.yml, 2026-08-20, was too large to read here.)
const GCP_CALCULATOR =
  "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml (us-central1 on-demand, generated 2026-07-30 from the Cloud Billing Catalog; third-party)";
// initialOnDemandPrices["eastus"], "generated at 2026-06-18T03:43:41Z" from the Azure Retail Prices API with
// priceType=Consumption, Windows, Spot and Low Priority meters dropped (pkg/providers/pricing/pricing.go).
const AZURE_KARPENTER =
  "https://github.com/Azure/karpenter-provider-azure/blob/352646f599290c3a6d2f9710fb535a7b288f88ed/pkg/providers/pricing/zz_generated.pricing.go (eastus pay-as-you-go Linux, generated 2026-06-18 from the Azure Retail Prices API)";
const AS_OF = "2026-11-27";

const hour = (usd: number, source: string, verified = false, asOf = AS_OF): ListPrice => ({ usd, unit: "hour", source, asOf, verified });
const aws = (usd: number) => hour(usd, AWS_KARPENTER, true, "2026-07-20");
const azure = (usd: number) => hour(usd, AZURE_KARPENTER, true, "2026-06-18");
const gcp = (usd: number) => hour(usd, GCP_CALCULATOR, false, "2026-07-30");

/** Instance prices by provider and region, then instance type. GPUs per node in the comment. */
const INSTANCES: Record<string, Record<string, ListPrice>> = {
  "eks/us-east-1": {
    "g5.xlarge": hour(1.006, DOMAIN_B8, true), // 1 × A10G 24 GB
    "g5.2xlarge": hour(1.212, DOMAIN_B8, true), // 1 × A10G
    "g5.4xlarge": hour(1.624, DOMAIN_B8, true), // 1 × A10G
    "g5.12xlarge": aws(5.672), // 4 × A10G
    "g5.48xlarge": aws(16.288), // 8 × A10G
    "g6.xlarge": aws(0.8048), // 1 × L4 24 GB
    "g6.2xlarge": aws(0.9776), // 1 × L4 (the README's example figure)
    "g6.12xlarge": aws(4.6016), // 4 × L4
    "g6.48xlarge": aws(13.3504), // 8 × L4
    // 8 × A100 40 GB. Was 32.7726, the price before AWS's mid-2025 P4/P5 cut (Karpenter's table of 2024-12-02 has
    // 32.7726; its tables from 2025-07-07 on have 21.957642).
    "p4d.24xlarge": aws(21.957642),
    // 8 × H100 80 GB. AWS cut P5 on-demand prices in mid-2025: Karpenter's table of 2024-12-02 has 98.32, its tables
    // from 2025-07-07 to 2026-07-20 have 55.04. Third-party pages of 2026 still quote $98.32 or other figures
    // (e.g. $80.62); none is a price list, so they are not used here.
    "p5.48xlarge": aws(55.04),
    "c6i.4xlarge": hour(0.68, DOMAIN_B8, true), // 16 vCPU / 32 GiB, the reference's CPU pool
  },
  "gke/us-central1": {
    // GCP bills these machine types as one bundle of GPUs, vCPUs and memory. g2-standard-8 and a2-ultragpu-1g keep
    // their four decimals, which agree with the calculator's longer figures.
    "g2-standard-8": gcp(0.8536), // 1 × L4 (calculator: 0.853624271)
    "a2-highgpu-1g": gcp(3.673385), // 1 × A100 40 GB (was 3.6731)
    "a2-ultragpu-1g": gcp(5.0688), // 1 × A100 80 GB (calculator: 5.06879789)
    // 8 × H100 80 GB, with its bundled 6,000 GiB Local SSD (calculator: 88.4899999; was 88.2503). Unchanged in the
    // calculator since 2024-10; third-party pages of 2026 claim far lower A3 prices (~$33/h, ~$3/GPU-hour) without
    // citing a price list: the least certain entry here.
    "a3-highgpu-8g": gcp(88.49),
  },
  "aks/eastus": {
    Standard_NC4as_T4_v3: azure(0.526), // 1 × T4 16 GB
    Standard_NC24ads_A100_v4: azure(3.673), // 1 × A100 80 GB
    Standard_NC40ads_H100_v5: azure(6.98), // 1 × H100 NVL 94 GB
  },
};

/** Managed control-plane fees per cluster-hour (standard support; extended support costs more). */
const CONTROL_PLANE: Record<Provider, ListPrice> = {
  // ../shared/DOMAIN.md A15 (M): the reference architecture leaves it out. $0.10 per cluster-hour in standard support
  // ($0.60 in extended support, from April 2024) per AWS's EKS pricing page and, as a secondary source, Vantage's blog;
  // neither names a region. https://aws.amazon.com/eks/pricing/ itself was not readable here: not verified.
  eks: hour(0.1, "https://aws.amazon.com/eks/pricing/ (standard support; secondary: https://www.vantage.sh/blog/amazon-eks-extended-support-cost-kubernetes; ../shared/DOMAIN.md A15)"),
  // "Standard edition ... Priced at $0.10 per cluster per hour" (undated page); the free tier's $74.40 monthly credit
  // per billing account (zonal and Autopilot clusters only) is not applied.
  gke: hour(0.1, "https://cloud.google.com/kubernetes-engine/pricing?hl=nb (cluster management fee; the free tier credit is not applied)"),
  // The Free tier: "Free cluster management". The Standard tier (with an uptime SLA) has a per-cluster-hour fee, $0.10
  // as remembered; the docs link to the Azure pricing page for it and no readable source here states it.
  aks: hour(0, "https://github.com/MicrosoftDocs/azure-aks-docs/blob/035e9d10dcdf9ba42d07fd28c54752b72d2bb3e4/articles/aks/free-standard-pricing-tiers.md (Free tier; ms.date 2024-06-07)"),
  other: hour(0, "no managed control plane assumed; set cost.controlPlanePerHour"),
};

/** Block storage per GiB-month (the providers bill binary gigabytes as "GB"). */
const STORAGE: Record<string, Record<string, ListPrice>> = {
  "eks/us-east-1": {
    gp3: { usd: 0.08, unit: "GiB-month", source: "../shared/DOMAIN.md B8, per https://aws.amazon.com/ebs/pricing/ (3000 IOPS / 125 MB/s included)", asOf: AS_OF, verified: true },
  },
};

export const instancePrice = (provider: Provider, region: string, instanceType: string): ListPrice | undefined => INSTANCES[`${provider}/${region}`]?.[instanceType];
export const storagePrice = (provider: Provider, region: string, storageClass: string): ListPrice | undefined => STORAGE[`${provider}/${region}`]?.[storageClass];
export const controlPlanePrice = (provider: Provider): ListPrice => CONTROL_PLANE[provider];

/** Every entry of the table, for the report's price appendix and the tests. */
export function priceTable(): { key: string; item: string; price: ListPrice }[] {
  const rows = [...Object.entries(INSTANCES), ...Object.entries(STORAGE)].flatMap(([key, items]) => Object.entries(items).map(([item, price]) => ({ key, item, price })));
  return [...rows, ...Object.entries(CONTROL_PLANE).map(([key, price]) => ({ key, item: "control plane", price }))];
}
