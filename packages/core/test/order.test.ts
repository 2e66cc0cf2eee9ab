import { describe, expect, it } from "vitest";
import { isDns1123Label, predictorName, predictorPodLabels } from "../src/names.ts";
import type { KubernetesObject } from "../src/object.ts";
import { objectFileName, sortObjects } from "../src/order.ts";

const obj = (kind: string, name: string, namespace?: string, apiVersion = "v1"): KubernetesObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

describe("sortObjects", () => {
  it("orders by kind rank, unknown kinds last by name, then namespace and name", () => {
    const sorted = sortObjects([
      obj("Zebra", "z"),
      obj("InferenceService", "b", "ns", "serving.kserve.io/v1beta1"),
      obj("ServiceAccount", "b", "ns"),
      obj("Alpaca", "a"),
      obj("ServiceAccount", "a", "ns"),
      obj("Namespace", "ns"),
    ]);
    expect(sorted.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/ns",
      "ServiceAccount/a",
      "ServiceAccount/b",
      "InferenceService/b",
      "Alpaca/a",
      "Zebra/z",
    ]);
  });

  it("names files by kind, namespace when set, and name", () => {
    expect(objectFileName(obj("ConfigMap", "rules", "monitoring"))).toBe("configmap-monitoring-rules.yaml");
    expect(objectFileName(obj("InferenceService", "chat"))).toBe("inferenceservice-chat.yaml");
  });
});

describe("names", () => {
  it.each([
    ["qwen-chat", true],
    ["a", true],
    ["0abc", true],
    ["Qwen", false],
    ["a_b", false],
    ["-a", false],
    ["a-", false],
    ["a".repeat(63), true],
    ["a".repeat(64), false],
  ])("isDns1123Label(%s) = %s", (s, ok) => {
    expect(isDns1123Label(s)).toBe(ok);
  });

  it("agrees with KServe's predictor naming and pod labels", () => {
    expect(predictorName("qwen-chat")).toBe("qwen-chat-predictor");
    expect(predictorPodLabels("qwen-chat")).toEqual({ "serving.kserve.io/inferenceservice": "qwen-chat", component: "predictor" });
  });
});
