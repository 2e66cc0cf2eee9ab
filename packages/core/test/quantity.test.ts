import { describe, expect, it } from "vitest";
import { formatQuantity, parseQuantity } from "../src/quantity.ts";
import { compareVersions } from "../src/version.ts";

describe("parseQuantity", () => {
  it.each([
    ["6", 6],
    ["500m", 0.5],
    ["7910m", 7.91],
    ["24Gi", 24 * 2 ** 30],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["100M", 1e8],
    ["1e3", 1000],
    [8, 8],
  ] as const)("%s", (q, n) => {
    expect(parseQuantity(q)).toBeCloseTo(n, 9);
  });

  it.each(["", "Gi", "1GB", "1.2.3", "abc"])("rejects %j", (q) => {
    expect(() => parseQuantity(q)).toThrow("not a Kubernetes quantity");
  });
});

describe("formatQuantity", () => {
  it.each([
    [2, "2"],
    [0.75, "750m"],
    [0.8, "800m"],
    [80, "80"],
    [1.5, "1500m"],
  ])("%s → %s", (n, q) => {
    expect(formatQuantity(n)).toBe(q);
    expect(parseQuantity(q)).toBeCloseTo(n, 9);
  });
});

describe("compareVersions", () => {
  it.each([
    ["0.10.2", "0.9", 1],
    ["0.11", "0.11.0", 0],
    ["0.10.2", "0.11", -1],
    ["1.0", "0.99.9", 1],
  ] as const)("%s vs %s", (a, b, c) => {
    expect(compareVersions(a, b)).toBe(c);
  });
});
