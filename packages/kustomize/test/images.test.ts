import { describe, expect, it } from "vitest";
import { containerImages, mapContainerImages, parseImageRef } from "../src/images.ts";

describe("parseImageRef", () => {
  it.each([
    ["nginx", { name: "nginx" }],
    ["nginx:1.27", { name: "nginx", tag: "1.27" }],
    ["ghcr.io/org/app:v1", { name: "ghcr.io/org/app", tag: "v1" }],
    ["registry:5000/app", { name: "registry:5000/app" }],
    ["registry:5000/app:v2", { name: "registry:5000/app", tag: "v2" }],
    [`app@sha256:${"a".repeat(64)}`, { name: "app", digest: `sha256:${"a".repeat(64)}` }],
    [`app:v1@sha256:${"b".repeat(64)}`, { name: "app", tag: "v1", digest: `sha256:${"b".repeat(64)}` }],
  ])("%s", (ref, expected) => {
    expect(parseImageRef(ref)).toEqual(expected);
  });
});

describe("mapContainerImages", () => {
  it("rewrites containers and initContainers at any depth, nothing else", () => {
    const o = {
      image: "top-level-is-not-a-container",
      spec: {
        predictor: { containers: [{ name: "a", image: "x:1" }] },
        template: { spec: { initContainers: [{ name: "b", image: "y:2" }] } },
      },
    };
    mapContainerImages(o, (i) => i.toUpperCase());
    expect(o.image).toBe("top-level-is-not-a-container");
    expect(o.spec.predictor.containers[0]!.image).toBe("X:1");
    expect(o.spec.template.spec.initContainers[0]!.image).toBe("Y:2");
  });
});

describe("containerImages", () => {
  it("lists the images kustomize would rewrite and leaves the object as it was", () => {
    const o = { spec: { predictor: { containers: [{ name: "a", image: "x:1" }, { name: "no-image" }] }, initContainers: [{ image: "y@sha256:0" }] } };
    const before = JSON.stringify(o);
    expect(containerImages(o)).toEqual(["x:1", "y@sha256:0"]);
    expect(JSON.stringify(o)).toBe(before);
  });
});
