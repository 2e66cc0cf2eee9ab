import { expect } from "vitest";
import type { Result } from "../src/types.ts";

/**
 * Where the builtin engine and kubeconform v0.7.0 differ on purpose: one file under
 * test/fixtures/parity/differ/ each, both engines' verdicts ("kind name status"), why, and what
 * else to check. Where they differ, the builtin engine follows the API server (and kubectl).
 */
export interface Difference {
  file: string;
  why: string;
  builtin: string[];
  kubeconform: string[];
  check?: (builtin: Result[], kubeconform: Result[]) => void;
}

const msgOf = (results: Result[], name: string) => results.find((r) => r.name === name)?.msg ?? "";

export const DIFFERENCES: Difference[] = [
  {
    file: "differ/byte-format.yaml",
    why: "format byte: the API server decodes []byte fields as base64; kubeconform asserts no format of a core schema ($schema http://json-schema.org/schema# is the latest draft, where formats only annotate)",
    builtin: ["Secret not-base64 statusInvalid"],
    kubeconform: ["Secret not-base64 statusValid"],
    check: (ours) => expect(ours[0]!.validationErrors).toEqual([expect.objectContaining({ path: "/data/token", msg: "'not base64!' is not valid byte" })]),
  },
  {
    file: "differ/cel.yaml",
    why: "x-kubernetes-validations (CEL) rules are evaluated, as the API server does; kubeconform ignores them",
    builtin: ["KongPlugin config-and-config-from statusInvalid", "HTTPRoute bad-path-type statusInvalid"],
    kubeconform: ["KongPlugin config-and-config-from statusValid", "HTTPRoute bad-path-type statusInvalid"],
    check: (ours, theirs) => {
      expect(ours[0]!.validationErrors.map((e) => e.msg)).toEqual(["Using both config and configFrom fields is not allowed."]);
      // The enum error both report; the CEL rule on the same path only here.
      expect(msgOf(ours, "bad-path-type")).toContain(msgOf(theirs, "bad-path-type").replace(/^.*#' /, ""));
    },
  },
  {
    file: "differ/format-wording.yaml",
    why: "formats both engines check fail both; kubeconform adds Go's parse error (': decimal must be between 0 and 255'). A core kind's date-time is checked here only (as the API server decodes metav1.Time)",
    builtin: ["Gateway bad-ipv4 statusInvalid", "Namespace bad-date-time statusInvalid"],
    kubeconform: ["Gateway bad-ipv4 statusInvalid", "Namespace bad-date-time statusValid"],
    check: (ours, theirs) => {
      expect(msgOf(ours, "bad-ipv4")).toContain("'10.0.0.300' is not valid ipv4");
      expect(msgOf(theirs, "bad-ipv4")).toContain("'10.0.0.300' is not valid ipv4: decimal must be between 0 and 255");
    },
  },
  {
    file: "differ/json-patch.yaml",
    why: "a kustomize JSON 6902 patch file is checked as RFC 6902 operations; kubeconform cannot read a list as a resource",
    builtin: ["JSONPatch  statusValid"],
    kubeconform: ["  statusError"],
  },
  {
    file: "differ/kustomization.yaml",
    why: "kustomization files are checked against SchemaStore's schema; kubeconform has none for them",
    builtin: ["Kustomization  statusValid"],
    kubeconform: ["Kustomization  statusError"],
  },
  {
    file: "differ/kustomize-builtin.yaml",
    why: "kustomize builtin plugin configurations (apiVersion builtin) are no Kubernetes resources: skipped",
    builtin: ["NamespaceTransformer ns statusSkipped"],
    kubeconform: ["NamespaceTransformer ns statusError"],
  },
  {
    file: "differ/list-kinds.yaml",
    why: "any *List kind whose items is an array is its items, as kubectl applies it; kubeconform expands kind List only (pkg/resource/resource.go) and has no schema for ConfigMapList",
    builtin: ["ConfigMap in-list-valid statusValid", "ConfigMap in-list-invalid statusInvalid"],
    kubeconform: ["ConfigMapList  statusError"],
  },
  {
    file: "differ/list-not-array.yaml",
    why: "a List whose items is no array is an error; kubeconform decodes no item and reports the file as empty, hiding it",
    builtin: ["List  statusError"],
    kubeconform: ["  statusEmpty"],
  },
  {
    file: "differ/long-input.yaml",
    why: "input quoted in a message is cut at 40 characters (messages reach CI logs); kubeconform quotes it whole",
    builtin: ["Namespace long-unknown-field statusInvalid"],
    kubeconform: ["Namespace long-unknown-field statusInvalid"],
    check: (ours, theirs) => {
      expect(ours[0]!.validationErrors[0]!.msg).toBe("additional properties 'anUnknownFieldWithAVeryLongNameOfMoreTha…' not allowed");
      expect(theirs[0]!.validationErrors[0]!.msg).toBe("additional properties 'anUnknownFieldWithAVeryLongNameOfMoreThanFortyCharacters' not allowed");
    },
  },
  {
    file: "differ/merge-override.yaml",
    why: "a key after a merge key overrides the merged value (YAML's rule; kubectl converts without strict mode); go-yaml v2's strict mode, used by kubeconform -strict, calls it a duplicate",
    builtin: ["ConfigMap merge-override statusValid"],
    kubeconform: ["ConfigMap merge-override statusError"],
  },
  {
    file: "differ/nullable.yaml",
    why: "nullable: true admits null, as the API server does; kubeconform's JSON Schema library knows no nullable",
    builtin: ["VirtualService null-credentials statusValid"],
    kubeconform: ["VirtualService null-credentials statusInvalid"],
  },
  {
    file: "differ/split.yaml",
    why: "documents split at YAML's markers, as kubectl does; kubeconform splits at any line starting with --- and drops that line",
    builtin: ["ConfigMap split statusInvalid"],
    kubeconform: ["ConfigMap split statusValid"],
  },
  {
    file: "differ/yaml-errors.yaml",
    why: "YAML either parser refuses is an error in both; the words are each parser's own (and located here)",
    builtin: ["  statusError", "  statusError"],
    kubeconform: ["  statusError", "ConfigMap key statusError"],
    check: (ours) => expect(ours.map((r) => [r.line, r.msg])).toEqual([[5, expect.stringMatching(/^error unmarshalling resource: /)], [11, "error unmarshalling resource: line 11: Map keys must be unique"]]),
  },
];
