import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from "yaml";

export type Segment = string | number;

/**
 * Line and column of the field at `segments` in a parsed YAML node: its key where it has one,
 * else its value; the nearest existing ancestor when the field is absent.
 */
export function locateInYaml(root: unknown, lines: LineCounter, segments: readonly Segment[]): { line: number; col: number } {
  let node: unknown = root;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && Number.isInteger(Number(seg)) && Number(seg) < node.items.length) {
      node = node.items[Number(seg)];
      offset = (node as Node).range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return lines.linePos(offset);
}

/** JSON Pointer (RFC 6901) to segments. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer || pointer === "/") return pointer === "/" ? [""] : [];
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
