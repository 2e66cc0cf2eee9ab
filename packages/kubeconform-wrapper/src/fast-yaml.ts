import { fastParser } from "@llm-gitops/core";
import { PARSE } from "./yaml-options.ts";

export { OUTSIDE, plainString } from "@llm-gitops/core";

/** One-document block YAML read as Kubernetes reads it (YAML 1.1, go-yaml's numbers): core's fast path. */
export const parseFast = fastParser(PARSE);
