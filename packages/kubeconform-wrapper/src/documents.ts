import { LineCounter, parseAllDocuments } from "yaml";
import { locateInYaml, pointerSegments } from "@llm-gitops/core";
import type { Resource } from "./types.ts";

/**
 * Splits a YAML stream into documents that can point back at their fields. Duplicate keys are
 * an error only in strict mode, as with kubeconform; otherwise the last one wins.
 */
export function parseDocuments(filename: string, text: string, strict: boolean): Resource[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: strict, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  return docs.map((doc, index) => {
    const locate = (pointer: string) => locateInYaml(doc.contents, lines, pointerSegments(pointer));
    const err = doc.errors[0];
    if (err) {
      const pos = lines.linePos(err.pos[0]);
      const what = err.code === "DUPLICATE_KEY" ? `line ${pos.line}: ${err.message.split("\n")[0]}` : err.message.split("\n")[0];
      return { filename, index, object: undefined, parseError: { message: `error unmarshalling resource: ${what}`, ...pos }, locate };
    }
    return { filename, index, object: doc.contents === null ? null : doc.toJS({ maxAliasCount: 100 }), locate };
  });
}

/** Objects held in memory (a fresh render) as resources, each with where it came from. */
export function memoryResources(items: readonly { filename: string; object: unknown; origin?: Resource["origin"] }[]): Resource[] {
  return items.map((item, index) => ({ filename: item.filename, index, object: item.object, ...(item.origin ? { origin: item.origin } : {}) }));
}
