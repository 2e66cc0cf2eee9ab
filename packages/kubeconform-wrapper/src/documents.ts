import { isAlias, LineCounter, parseAllDocuments, visit, type Document } from "yaml";
import { locateInYaml, pointerSegments } from "@llm-gitops/core";
import { quote, sanitizeMessage } from "./excerpt.ts";
import type { Resource } from "./types.ts";

/** More expansions than this of aliases in one document is an alias bomb (billion laughs). */
const MAX_ALIAS_COUNT = 100;

/**
 * Splits a YAML stream into documents that can point back at their fields. Duplicate keys are
 * an error only in strict mode, as with kubeconform; otherwise the last one wins. Nothing a
 * file holds throws: each broken document becomes a located parse error.
 */
export function parseDocuments(filename: string, text: string, strict: boolean): Resource[] {
  const lines = new LineCounter();
  // logLevel "error": the parser's warnings would print input (a stringified key) on stderr.
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: strict, prettyErrors: false, logLevel: "error" });
  if (!Array.isArray(docs)) return [];
  return docs.map((doc, index) => {
    const locate = (pointer: string) => locateInYaml(doc.contents, lines, pointerSegments(pointer));
    const broken = (message: string, offset: number): Resource => ({ filename, index, object: undefined, parseError: { message: `error unmarshalling resource: ${message}`, ...lines.linePos(offset) }, locate });
    const err = doc.errors[0];
    if (err) {
      const what = sanitizeMessage(err.message);
      return broken(err.code === "DUPLICATE_KEY" ? `line ${lines.linePos(err.pos[0]).line}: ${what}` : what, err.pos[0]);
    }
    if (doc.contents === null) return { filename, index, object: null, locate };
    try {
      return { filename, index, object: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), locate };
    } catch (e) {
      return aliasError(doc, e as Error, broken);
    }
  });
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

/** Objects held in memory (a fresh render) as resources, each with where it came from. */
export function memoryResources(items: readonly { filename: string; object: unknown; origin?: Resource["origin"] }[]): Resource[] {
  return items.map((item, index) => ({ filename: item.filename, index, object: item.object, ...(item.origin ? { origin: item.origin } : {}) }));
}
