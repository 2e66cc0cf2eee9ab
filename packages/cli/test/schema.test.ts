import { describe, expect, it } from "vitest";
import { testOrigin } from "@llm-gitops/config/testing";
import type { Truth } from "@llm-gitops/render";
import { projectSchemaOptions, validateTruths } from "../src/schema.ts";
import { MIRROR } from "./repo.ts";

describe("the schema gate on rendered objects", () => {
  it("reports an invalid object at the environment field that produced it", async () => {
    const origin = testOrigin("environments/prod.yaml", "deployments[0]");
    const truth: Truth = {
      cluster: "prod-a",
      environment: "prod",
      namespace: "llm-prod",
      objects: [
        {
          object: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "chat", namespace: "llm-prod" }, spec: { maxUnavailable: 1, selektor: {} } } as never,
          group: "deployments/chat",
          origin,
          component: "kserve",
        },
      ],
    };
    const [r] = await validateTruths([truth], projectSchemaOptions({ LLM_GITOPS_SCHEMA_MIRROR: MIRROR }));
    expect(r).toMatchObject({
      filename: "clusters/prod-a/prod/poddisruptionbudget-llm-prod-chat.yaml",
      status: "statusInvalid",
      origin: { file: "environments/prod.yaml", line: 1, col: 1, path: "deployments[0]" },
      validationErrors: [{ path: "/spec/selektor", msg: "additionalProperties 'selektor' not allowed" }],
    });
  });
});
