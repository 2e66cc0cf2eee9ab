import { describe, expect, it } from "vitest";
import { controlPlanePrice, instancePrice, priceTable, storagePrice } from "../src/index.ts";

describe("the dated price table", () => {
  it("gives every price a source, a date and an honest verified flag", () => {
    for (const { price } of priceTable()) {
      expect(price.source).toMatch(/https:\/\/|DOMAIN\.md|no managed control plane/);
      expect(price.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // Verified: the audit's figures (DOMAIN.md B8) and the providers' own price-list data.
      expect(price.verified).toBe(price.source.includes("DOMAIN.md B8") || /github\.com\/(aws|Azure)\/karpenter-provider-/.test(price.source));
    }
  });

  it.each([
    // ../shared/DOMAIN.md B8, us-east-1 on-demand
    ["g5.xlarge", 1.006],
    ["g5.2xlarge", 1.212],
    ["g5.4xlarge", 1.624],
    ["c6i.4xlarge", 0.68],
  ])("%s is $%d/h in us-east-1 (DOMAIN.md B8)", (type, usd) => {
    expect(instancePrice("eks", "us-east-1", type)).toMatchObject({ usd, unit: "hour", verified: true });
  });

  it("covers AWS g5/g6/p4d/p5, GCP g2/a2/a3 and Azure NC", () => {
    const items = priceTable().map((r) => r.item);
    for (const family of [/^g5\./, /^g6\./, /^p4d\./, /^p5\./, /^g2-/, /^a2-/, /^a3-/, /^Standard_NC/]) expect(items.some((i) => family.test(i))).toBe(true);
  });

  it("never guesses across regions or providers", () => {
    expect(instancePrice("eks", "eu-west-1", "g5.2xlarge")).toBeUndefined();
    expect(instancePrice("gke", "us-east-1", "g5.2xlarge")).toBeUndefined();
    expect(storagePrice("eks", "us-east-1", "io2")).toBeUndefined();
  });

  it.each([
    ["eks", 0.1],
    ["gke", 0.1],
    ["aks", 0],
    ["other", 0],
  ] as const)("control plane on %s: $%d/h", (provider, usd) => {
    expect(controlPlanePrice(provider).usd).toBe(usd);
  });

  const urls = (source: string) => source.match(/\bhttps?:\/\/[^\s;,)]+/g) ?? [];

  it.each([
    ["eks", ["https://aws.amazon.com/eks/pricing/", "https://www.vantage.sh/blog/amazon-eks-extended-support-cost-kubernetes"]],
    ["gke", ["https://cloud.google.com/kubernetes-engine/pricing?hl=nb"]],
    ["other", []],
  ] as const)("control plane on %s cites %j, unverified", (provider, cited) => {
    expect(urls(controlPlanePrice(provider).source)).toEqual(cited);
    expect(controlPlanePrice(provider).verified).toBe(false);
  });

  it("cites only https pages on the providers' own or named hosts, no lookalike domain", () => {
    const hosts = new Set(["aws.amazon.com", "cloud.google.com", "github.com", "www.vantage.sh"]);
    for (const { price } of priceTable()) for (const u of urls(price.source)) {
      expect(u).toMatch(/^https:\/\//);
      expect(hosts).toContain(new URL(u).host);
    }
  });

  it("gp3 is $0.08 per GiB-month in us-east-1 (DOMAIN.md B8)", () => {
    expect(storagePrice("eks", "us-east-1", "gp3")).toMatchObject({ usd: 0.08, unit: "GiB-month" });
  });
});
