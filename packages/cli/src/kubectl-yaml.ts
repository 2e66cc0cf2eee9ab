import { Document, isScalar, parseDocument, Scalar, stringify, visit } from "yaml";
import type { KubernetesObject } from "@llm-gitops/core";

/**
 * kustomize's default ("legacy") output order, which `kubectl kustomize` applies: these kinds
 * first and last in this order, every other kind between them, ties broken by group_version_kind
 * and then by namespace|name (kubernetes-sigs/kustomize api/internal/builtins/SortOrderTransformer.go,
 * legacyIDSorter; the lists are marked "DO NOT CHANGE" there).
 */
const ORDER_FIRST = [
  ...["Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole"],
  ...["RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume"],
  ...["PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget"],
];
const ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

const rank = (kind: string) => {
  const first = ORDER_FIRST.indexOf(kind);
  if (first >= 0) return first - ORDER_FIRST.length;
  const last = ORDER_LAST.indexOf(kind);
  return last >= 0 ? last + 1 : 0;
};

/** legacyGVKSortString: group_version_kind, with ~G, ~V, ~K for what is missing. */
function gvk(o: KubernetesObject): string {
  const slash = o.apiVersion.indexOf("/");
  const [group, version] = slash < 0 ? ["", o.apiVersion] : [o.apiVersion.slice(0, slash), o.apiVersion.slice(slash + 1)];
  return `${group || "~G"}_${version || "~V"}_${o.kind || "~K"}`;
}

// Go compares strings bytewise; for the ASCII of names and kinds that is JavaScript's `<`.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function kustomizeOrder<T extends KubernetesObject>(objects: readonly T[]): T[] {
  return [...objects].sort((a, b) => {
    const [ga, gb] = [gvk(a), gvk(b)];
    if (ga !== gb) return rank(a.kind) - rank(b.kind) || compare(ga, gb);
    const id = (o: KubernetesObject) => `${o.metadata.namespace || "~X"}|${o.metadata.name || "~N"}`;
    return compare(id(a), id(b));
  });
}

/**
 * Characters go-yaml's emitter prints as they are (yamlprivateh.go is_printable): not those
 * outside the Basic Multilingual Plane, which it escapes (\U0001F600) in double quotes.
 */
const UNPRINTABLE = /[^\n\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD]|\uFEFF/u;

/** The timestamps go-yaml resolves (resolve.go allowedTimestampFormats); YAML 1.1's are wider. */
const TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:[Tt]\d\d?:\d\d?:\d\d?(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)| \d\d?:\d\d?:\d\d?(?:\.\d{1,9})?)?$/;

/** A string a YAML 1.1 or 1.2 reader would take for something else (yes, on, 1.5, 0o7, 12:30, null): go-yaml double-quotes it. */
function readsAsNonString(s: string): boolean {
  // Numbers, times and .inf start so; null and booleans are at most five letters: skip the parse.
  if (s.length > 5 && !/^[-+.\d~]/.test(s)) return false;
  return (["1.1", "1.2"] as const).some((version) => {
    const doc = parseDocument(s, { version });
    const node = doc.contents;
    if (doc.errors.length || !isScalar(node) || node.tag || node.anchor) return false;
    return node.value instanceof Date ? TIMESTAMP.test(s) : typeof node.value !== "string";
  });
}

/** go-yaml v3's style for a string (encode.go stringv); the emitter quotes a plain one that cannot stay plain. */
function styleOf(s: string): Scalar.Type {
  if (s.includes("\n")) return UNPRINTABLE.test(s) ? Scalar.QUOTE_DOUBLE : Scalar.BLOCK_LITERAL;
  if (/^(---|\.\.\.)( |$)/.test(s)) return Scalar.QUOTE_SINGLE; // a document marker; toString would double-quote it
  if (s === "" || UNPRINTABLE.test(s) || readsAsNonString(s)) return Scalar.QUOTE_DOUBLE;
  // Where plain is impossible go-yaml single-quotes, doubling any ' inside (toString's singleQuote
  // would switch to double quotes for those).
  if (s.includes("'") && /^["']/.test(stringify(s, { lineWidth: 0 }))) return Scalar.QUOTE_SINGLE;
  return Scalar.PLAIN;
}

/**
 * One object as kubectl kustomize prints it (kyaml, go-yaml v3): keys sorted, sequences not
 * indented under their key, strings styled and long lines folded as go-yaml does. The show test
 * holds it byte for byte to kubectl's output for every overlay and for a catalogue of awkward strings.
 */
export function kubectlYaml(object: KubernetesObject): string {
  const doc = new Document(object, { sortMapEntries: true, aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string") node.type = styleOf(node.value);
    },
  });
  const text = doc.toString({ indentSeq: false, lineWidth: 0, minContentWidth: 0, singleQuote: true });
  // Only double-quoted scalars hold characters beyond the BMP (UNPRINTABLE): escaped as go-yaml
  // does, before folding counts the columns they take.
  return foldLines(text.replace(/[\u{10000}-\u{10FFFF}]/gu, (c) => `\\U${c.codePointAt(0)!.toString(16).toUpperCase().padStart(8, "0")}`));
}

/** `indent- - key: value`, a value's start and the indent a folded continuation takes. */
const LINE = /^( *(?:- )*)((?:'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^'"\s-](?:[^:]|:(?! ))*?|-[^\s](?:[^:]|:(?! ))*?):(?: |$))?(.*)$/s;

/**
 * go-yaml's folding (emitterc.go, yaml_emitter_write_plain/single/double_quoted_scalar): at a
 * single space met once the line is past 80 columns, the line breaks and continues at the
 * value's indent. toString cannot do it: it folds before a word would pass the width.
 */
function foldLines(text: string): string {
  const out: string[] = [];
  let block = -1; // inside a block scalar: lines indented deeper than this belong to it
  for (const line of text.split("\n")) {
    const indent = line.length - line.trimStart().length;
    if (block >= 0 && (line.trim() === "" || indent > block)) {
      out.push(line);
      continue;
    }
    block = -1;
    const [, lead = "", key, value = ""] = LINE.exec(line) ?? [];
    const start = [...lead].length + (key ? [...key].length : 0);
    if (/^[|>][-+0-9]*$/.test(value)) block = key ? [...lead].length : start - 2;
    const kind = value.startsWith("'") ? "single" : value.startsWith('"') ? "double" : "plain";
    out.push(start + [...value].length > 81 && value.includes(" ") ? lead + (key ?? "") + fold(value, start, key ? [...lead].length + 2 : start, kind) : line);
  }
  return out.join("\n");
}

function fold(value: string, start: number, indent: number, kind: "plain" | "single" | "double"): string {
  const chars = [...value];
  let out = "";
  let column = start;
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === " ") {
      const inside = kind === "plain" || (i > 1 && i < chars.length - 2); // never a quoted value's first or last character
      const nextSpace = chars[i + 1] === " ";
      if (!spaces && column > 80 && inside && (kind === "double" || !nextSpace)) {
        out += `\n${" ".repeat(indent)}${nextSpace ? "\\" : ""}`; // a double-quoted value escapes the space that follows
        column = indent + (nextSpace ? 1 : 0);
        spaces = true;
        continue;
      }
      spaces = true;
    } else spaces = false;
    out += chars[i];
    column++;
  }
  return out;
}
