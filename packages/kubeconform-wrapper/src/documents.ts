import { isAlias, LineCounter, parseAllDocuments, visit, type Document } from "yaml";
import { locateInYaml, pointerSegments } from "@llm-gitops/core";
import { quote, sanitizeMessage } from "./excerpt.ts";
import type { Resource } from "./types.ts";
import { OUTSIDE, parseFast } from "./fast-yaml.ts";
import { PARSE } from "./yaml-options.ts";

export { goNumber } from "./yaml-options.ts";

/** More expansions than this of aliases in one document is an alias bomb (billion laughs). */
const MAX_ALIAS_COUNT = 100;

/**
 * kubeconform's documents (pkg/resource/stream.go, SplitYAMLDocument at v0.7.0): the text between
 * "\n---" separators, each line holding one dropped. One with nothing but blanks, comments,
 * markers or a null is kubeconform's statusEmpty (pkg/validator/validator.go); kubectl skips those.
 * Read from a file, zero-length ones are dropped (pkg/resource/files.go, findResourcesInReader);
 * from stdin they are kept (FromStream).
 */
function emptyTokens(text: string, stream: boolean): number[] {
  const empties: number[] = [];
  const blank = (s: string) => (s.length === 0 ? stream : s.split("\n").every((l) => /^\s*(#.*)?$|^(---|\.\.\.)(\s.*)?$|^(---\s+)?(~|null|Null|NULL)\s*(#.*)?$/.test(l)));
  let start = 0;
  for (;;) {
    const sep = text.indexOf("\n---", start);
    if (sep < 0) {
      if (start < text.length && blank(text.slice(start))) empties.push(start);
      return empties;
    }
    const eol = text.indexOf("\n", sep + 4);
    if (blank(text.slice(start, sep))) empties.push(start);
    if (eol < 0) return empties;
    start = eol + 1;
  }
}

/**
 * Splits a YAML stream into documents that can point back at their fields, List kinds expanded
 * into their items. Duplicate keys are an error only in strict mode, as with kubeconform;
 * otherwise the last one wins. Nothing a file holds throws: each broken document becomes a
 * located parse error. A file without any resource is one empty resource, as in kubeconform
 * (pkg/resource/files.go); `stream` is stdin, which has no such rule.
 */
export function parseDocuments(filename: string, text: string, strict: boolean, stream = false): Resource[] {
  // Most files are one plain block document: parsed fast, located (the full parse) only when reported.
  const fast = stream ? OUTSIDE : parseFast(text);
  if (fast !== OUTSIDE) {
    const one: Resource = { filename, index: 0, object: fast, locate: lazyLocator(text) };
    return listItems(fast) ? expandLists([one]).map((r, index) => ({ ...r, index })) : [one];
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...PARSE, lineCounter: lines, uniqueKeys: strict });
  if (!Array.isArray(docs)) return [];
  const parsed = docs.map((doc) => {
    const locate = (pointer: string) => locateInYaml(doc.contents, lines, pointerSegments(pointer));
    const broken = (message: string, offset: number): Resource => ({ filename, index: 0, object: undefined, parseError: { message: `error unmarshalling resource: ${message}`, ...lines.linePos(offset) }, locate });
    const err = doc.errors[0];
    const at = doc.range[0];
    if (err) {
      const what = sanitizeMessage(err.message);
      return { at, res: [broken(err.code === "DUPLICATE_KEY" ? `line ${lines.linePos(err.pos[0]).line}: ${what}` : what, err.pos[0])] };
    }
    try {
      const object = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
      const bad = nonFinite(object);
      if (bad) return { at, res: [broken(`error converting YAML to JSON: json: unsupported value: ${bad}`, doc.range[0])] };
      return { at, res: object === null || object === undefined ? [] : expandLists([{ filename, index: 0, object, locate }]) };
    } catch (e) {
      return { at, res: [aliasError(doc, e as Error, broken)] };
    }
  });
  const empties = emptyTokens(text, stream).map((at) => ({ at, res: [{ filename, index: 0, object: null } as Resource] }));
  const all = [...parsed, ...empties].sort((a, b) => a.at - b.at).flatMap((d) => d.res);
  if (all.length === 0 && !stream) all.push({ filename, index: 0, object: null });
  return all.map((r, index) => ({ ...r, index }));
}

/** Locates pointers in a one-document text, parsing it fully on the first call. */
function lazyLocator(text: string): (pointer: string) => { line: number; col: number } {
  let locate: ((pointer: string) => { line: number; col: number }) | undefined;
  return (pointer) => {
    if (!locate) {
      const lines = new LineCounter();
      const [doc] = parseAllDocuments(text, { ...PARSE, lineCounter: lines }) as Document[];
      locate = (p) => locateInYaml(doc!.contents, lines, pointerSegments(p));
    }
    return locate(pointer);
  };
}

/** JSON has no Infinity or NaN: sigs.k8s.io/yaml fails such a document (json.Marshal), as does kubectl. */
function nonFinite(root: unknown): string | undefined {
  const stack = [root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    if (v && typeof v === "object") stack.push(...Object.values(v));
  }
  return undefined;
}

/**
 * Aliases fail only when resolved (toJS): an alias to an anchor not defined before it, or more
 * expansions than MAX_ALIAS_COUNT. Located at the first offending alias, in go-yaml's words.
 */
function aliasError(doc: Document, e: Error, broken: (message: string, offset: number) => Resource): Resource {
  const seen = new Set<string>();
  let undefinedAlias: { source: string; offset: number } | undefined;
  let firstAlias: number | undefined;
  try {
    visit(doc, (_key, node) => {
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor) seen.add(anchor);
      if (!isAlias(node)) return;
      const offset = node.range?.[0] ?? 0;
      firstAlias ??= offset;
      if (!seen.has(node.source)) {
        undefinedAlias = { source: node.source, offset };
        return visit.BREAK;
      }
    });
  } catch {
    // Too deep to walk: the message stays, located at the document.
  }
  const start = doc.range?.[0] ?? 0;
  if (e.message.startsWith("Unresolved alias")) {
    return broken(`unknown anchor ${quote(undefinedAlias?.source ?? "")} referenced`, undefinedAlias?.offset ?? firstAlias ?? start);
  }
  if (e.message.startsWith("Excessive alias count")) {
    return broken(`aliases expand to more than ${MAX_ALIAS_COUNT} copies (an alias bomb?); repeat the values instead`, firstAlias ?? start);
  }
  // Anything else the conversion refuses (a structure too deep to convert) is this document's error.
  return broken(sanitizeMessage(e.message), start);
}

/**
 * A list kind (v1 List, ConfigMapList, …) whose items is an array stands for its items, as kubectl
 * reads it (it applies each item) and as kubeconform does for kind List (pkg/resource/resource.go,
 * Resources): each item is a resource of the same file, with its own kind and name.
 */
export function expandLists(resources: readonly Resource[]): Resource[] {
  return resources.flatMap((res) => {
    const items = listItems(res.object);
    if (!items) return [res];
    return items.map((item, i) => ({ ...res, object: item ?? null, ...(res.locate ? { locate: (p: string) => res.locate!(`/items/${i}${p}`) } : {}) }));
  });
}

/** The items of a list kind, or undefined for any other document. */
function listItems(object: unknown): unknown[] | undefined {
  const o = object as { kind?: unknown; items?: unknown } | null;
  if (!o || typeof o !== "object" || Array.isArray(o) || typeof o.kind !== "string" || !Array.isArray(o.items)) return undefined;
  return o.kind.endsWith("List") || o.kind.toLowerCase() === "list" ? o.items : undefined;
}

/** Objects held in memory (a fresh render) as resources, each with where it came from; Lists expanded. */
export function memoryResources(items: readonly { filename: string; object: unknown; origin?: Resource["origin"] }[]): Resource[] {
  return expandLists(items.map((item, index) => ({ filename: item.filename, index, object: item.object, ...(item.origin ? { origin: item.origin } : {}) })));
}
