import { describe, expect, it } from "vitest";
import { summarize, waiversChanged } from "../src/index.ts";
import { isvc, obj } from "./objects.ts";

const KEY = "waiver.llm-gitops.io/image-digest-in-production";
const waived = (reason: string) => {
  const o = isvc("qwen-chat");
  return { ...o, metadata: { ...o.metadata, annotations: { [KEY]: reason, "other/annotation": "x" } } };
};

describe("waiversChanged", () => {
  it.each([
    ["unchanged", [waived("r")], [waived("r")], []],
    ["no waivers", [isvc("qwen-chat")], [isvc("qwen-chat", { min: 2 })], []],
    ["granted", [isvc("qwen-chat")], [waived("tags until the registry signs digests")], ['"InferenceService qwen-chat": waives "image-digest-in-production" ("tags until the registry signs digests")']],
    ["withdrawn", [waived("r")], [isvc("qwen-chat")], ['"InferenceService qwen-chat": no longer waives "image-digest-in-production"']],
    ["object removed with its waiver", [waived("r")], [], ['"InferenceService qwen-chat": no longer waives "image-digest-in-production"']],
    ["reason changed", [waived("r")], [waived("s")], ['"InferenceService qwen-chat": waiver of "image-digest-in-production" now says "s"']],
    ["another kind", [], [obj("networking.k8s.io/v1", "Ingress", "api", { metadata: { annotations: { "waiver.llm-gitops.io/route-tls": "internal CA" } } })], ['"Ingress api": waives "route-tls" ("internal CA")']],
  ])("%s", (_, before, after, lines) => {
    expect(waiversChanged(before, after)).toEqual(lines);
  });

  it("is a topic of the summary", () => {
    const lines = summarize([{ cluster: "c", environment: "prod", objects: [isvc("qwen-chat")] }], [{ cluster: "c", environment: "prod", objects: [waived("r")] }]);
    expect(lines.filter((l) => l.topic === "waivers")).toEqual([{ topic: "waivers", overlay: "c/prod", text: '"InferenceService qwen-chat": waives "image-digest-in-production" ("r")' }]);
  });
});
