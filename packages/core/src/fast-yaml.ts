import { Document, type DocumentOptions, type ParseOptions, type ScalarTag, type SchemaOptions } from "yaml";
import { flowCollection } from "./fast-yaml-flow.ts";
import { addPair, closesLine, isIndicator, OUTSIDE, quoted, quotedEnd, resolvePlain, type Resolver, type Value } from "./fast-yaml-scalars.ts";
import { simpleBlock, warmUp } from "./fast-yaml-simple.ts";

export { OUTSIDE, plainString } from "./fast-yaml-scalars.ts";

/** The `yaml` package's options a fast parser reads like: its version, schema and custom tags. */
export type FastParseOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * The block-style YAML that generators and people write for Kubernetes — one document, block
 * mappings and sequences, single-line plain and quoted scalars, `|` and `|-` literals, flow
 * collections on one line (fast-yaml-flow.ts) — parsed straight into plain data, about ten
 * times faster than the full parser with its syntax tree. Anything else (anchors, tags, flow
 * collections over lines, folded or multi-line scalars, several documents, tabs, duplicate or
 * merge keys, non-finite numbers, deep nesting) is OUTSIDE, and the full parser decides. Two
 * layers: one loop for the commonest shape (fast-yaml-simple.ts), then the block parser below.
 * Scalars resolve through the full parser's own tags for `options`, so a value means the same
 * on every path; the tests hold them equal over fuzzed and real documents (test/fast-yaml.test.ts,
 * test/fast-yaml-simple.test.ts, packages/kubeconform-wrapper/test/fast-yaml.test.ts).
 */
export function fastParser(options: FastParseOptions = {}, only?: "simple" | "block"): (text: string) => Value | typeof OUTSIDE {
  // The full parser's own scalar tags, in its order (compose-scalar.js, findScalarTagByTest).
  const tags = new Document(null, options).schema.tags as ScalarTag[];
  const resolver: Resolver = {
    options,
    value: tags.filter((t) => t.default === true && t.test && !("collection" in t && t.collection)),
    key: tags.filter((t) => (t.default === true || t.default === "key") && t.test && !("collection" in t && t.collection)),
    seen: new Map(),
  };
  // One layer alone (the tests hold each to the full parser): the one-loop reader of the common
  // shape (fast-yaml-simple.ts), or the block parser below.
  if (only === "block") return (text) => block(text, resolver);
  // The one-loop layer is warmed on its first text (fast-yaml-simple.ts, warmUp), not when made:
  // a command that parses nothing pays nothing.
  let warm = false;
  const read = only === "simple" ? simpleBlock : parse;
  return (text) => {
    if (!warm) {
      warm = true;
      warmUp(resolver);
    }
    return read(text, resolver);
  };
}

/** The common shape in one loop first; the block parser for the rest. */
function parse(text: string, resolver: Resolver): Value | typeof OUTSIDE {
  const simple = simpleBlock(text, resolver);
  if (simple !== OUTSIDE) return simple;
  return block(text, resolver);
}

function block(text: string, resolver: Resolver): Value | typeof OUTSIDE {
  const lines = scanLines(text);
  if (lines === OUTSIDE) return OUTSIDE;
  try {
    const p = new Parser(text, lines, resolver);
    p.skip();
    if (p.at >= lines.count || lines.indents[p.at] !== 0 || p.isDash(p.at, 0)) throw OUTSIDE;
    const value = p.map(0);
    p.skip();
    if (p.at < lines.count) throw OUTSIDE;
    return value;
  } catch (e) {
    if (e === OUTSIDE) return OUTSIDE;
    throw e;
  }
}

/** The text's lines as offsets: where each starts and ends (its newline) and its indentation. */
interface Lines {
  count: number;
  starts: number[];
  ends: number[];
  indents: number[];
  /** The lines with a tab, if any. */
  tabbed: Set<number> | undefined;
}

/**
 * One pass over the text. OUTSIDE for other line breaks, a BOM or control characters, several
 * documents (a `---` or `...` line after the first), a directive, or content after a leading `---`.
 */
function scanLines(text: string): Lines | typeof OUTSIDE {
  if (SPECIAL.test(text) || text.startsWith("...") || text.charCodeAt(0) === 37 /* % */) return OUTSIDE;
  const starts: number[] = [];
  const ends: number[] = [];
  const indents: number[] = [];
  let tabbed: Set<number> | undefined;
  const n = text.length;
  let tab = text.indexOf("\t");
  for (let start = 0; ; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = n;
    let p = start;
    while (text.charCodeAt(p) === 32) p++;
    let indent = p - start;
    const first = text.charCodeAt(start); // most lines start with a space or a letter: no marker to look for
    if ((first === 45 && text.startsWith("---", start)) || (first === 46 && start > 0 && text.startsWith("...", start))) {
      // Only a bare start marker, as the first line: an empty line.
      if (start > 0 || end > 3) return OUTSIDE;
      indent = 3;
    }
    if (tab >= 0 && tab < end) {
      (tabbed ??= new Set()).add(starts.length);
      tab = text.indexOf("\t", end);
    }
    starts.push(start);
    ends.push(end);
    indents.push(indent);
    if (end >= n) return { count: starts.length, starts, ends, indents, tabbed };
    start = end + 1;
  }
}

/** Other line breaks, a BOM or control characters (a tab aside). */
const SPECIAL = /[\0-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;

/**
 * Where `needle` next occurs at or after an offset, for offsets that only grow: one search
 * serves every later offset up to what it found, so a text is searched once however many lines
 * ask (no quadratic scan when a line lacks it).
 */
function finder(text: string, needle: string): (from: number) => number {
  let from = 0;
  let found = text.indexOf(needle);
  return (p) => {
    if (p < from || (found >= 0 && p > found)) {
      from = p;
      found = text.indexOf(needle, p);
    }
    return found;
  };
}

/** Nesting the fast path follows; deeper documents are the full parser's. */
const MAX_DEPTH = 128;

/** Positions are offsets into the text; a line's end is its newline (or the text's end). */
class Parser {
  at = 0;
  /** Where the value starts after the key `key()` read last. */
  after = 0;
  private readonly count: number;
  private readonly starts: number[];
  private readonly ends: number[];
  private readonly indents: number[];
  private readonly tabbed: Set<number> | undefined;
  private readonly colonSpaces: (from: number) => number;
  private readonly comments: (from: number) => number;

  constructor(
    private readonly text: string,
    lines: Lines,
    private readonly resolver: Resolver,
  ) {
    this.count = lines.count;
    this.starts = lines.starts;
    this.ends = lines.ends;
    this.indents = lines.indents;
    this.tabbed = lines.tabbed;
    this.colonSpaces = finder(text, ": ");
    this.comments = finder(text, " #");
  }

  /** Past blank and comment lines; a tab outside a literal's content is OUTSIDE. */
  skip(): void {
    while (this.at < this.count) {
      const i = this.at;
      if (this.tabbed?.has(i)) throw OUTSIDE;
      if (!this.restIsBlank(this.starts[i]! + this.indents[i]!, this.ends[i]!)) return;
      this.at++;
    }
  }

  /** The next content line's indentation, or -1 at the end. */
  private next(): number {
    this.skip();
    return this.at < this.count ? this.indents[this.at]! : -1;
  }

  isDash(i: number, col: number): boolean {
    return this.dashAt(this.starts[i]! + col, this.ends[i]!);
  }

  private dashAt(p: number, end: number): boolean {
    return this.text.charCodeAt(p) === 45 && (p + 1 === end || this.text.charCodeAt(p + 1) === 32);
  }

  /** Blank, or a comment, from p to the line's end. */
  private restIsBlank(p: number, end: number): boolean {
    while (this.text.charCodeAt(p) === 32) p++;
    return p >= end || this.text.charCodeAt(p) === 35;
  }

  /** The first ": " in [p, end), or -1. */
  private colonSpace(p: number, end: number): number {
    const k = this.colonSpaces(p);
    return k >= 0 && k + 1 < end ? k : -1;
  }

  map(n: number): Record<string, Value> {
    const out: Record<string, Value> = {};
    let pairs = 0;
    while (this.next() === n) {
      const i = this.at;
      if (this.isDash(i, n)) throw OUTSIDE; // a sequence where a key belongs
      const key = this.key(i, this.starts[i]! + n);
      const value = this.value(i, this.after, n, true);
      addPair(out, key, value);
      pairs++;
    }
    if (this.at < this.count && this.indents[this.at]! > n) throw OUTSIDE;
    // Fewer keys than pairs: a duplicate key, strict mode's error or last-wins, the full parser's call.
    if (pairs > 1 && Object.keys(out).length !== pairs) throw OUTSIDE;
    return out;
  }

  seq(n: number): Value[] {
    const out: Value[] = [];
    while (this.next() === n && this.isDash(this.at, n)) {
      const i = this.at;
      const start = this.starts[i]!;
      const end = this.ends[i]!;
      let c = Math.min(start + n + 1, end);
      while (this.text.charCodeAt(c) === 32) c++;
      if (this.restIsBlank(c, end)) {
        this.at++;
        out.push(this.nested(n, false));
      } else if (this.dashAt(c, end)) throw OUTSIDE;
      else if (this.isEntry(c, end)) {
        this.indents[i] = c - start; // `- key: v`: a mapping whose keys sit at that column
        out.push(this.map(c - start));
      } else out.push(this.value(i, c, n, false));
    }
    if (this.at < this.count && this.indents[this.at]! > n) throw OUTSIDE;
    return out;
  }

  private depth = 0;

  /** The block under a key or a dash at column n, or null when none follows. */
  private nested(n: number, inMap: boolean): Value {
    // Deeper than any manifest nests: the full parser's, which reports it rather than overflowing the stack.
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const value = this.block(n, inMap);
    this.depth--;
    return value;
  }

  private block(n: number, inMap: boolean): Value {
    const i = this.next();
    if (i > n) return this.isDash(this.at, i) ? this.seq(i) : this.map(i);
    // A mapping's value may be a sequence at the key's own column.
    if (inMap && i === n && this.isDash(this.at, n)) return this.seq(n);
    return null;
  }

  private isEntry(p: number, end: number): boolean {
    const q = this.text.charCodeAt(p);
    if (q === 91 || q === 123) return false; // a flow collection: value() reads it
    if (q === 34 || q === 39) {
      const close = quotedEnd(this.text, p, end);
      return close > 0 && close < end && this.text.charCodeAt(close) === 58;
    }
    return this.colonSpace(p, end) >= 0 || this.text.charCodeAt(end - 1) === 58;
  }

  /** The key at offset p of line i; `after` is set past its colon. */
  private key(i: number, p: number): string {
    const { text } = this;
    const end = this.ends[i]!;
    const q = text.charCodeAt(p);
    let key: string;
    let colon: number;
    if (q === 34 || q === 39) {
      const close = quotedEnd(text, p, end);
      if (close < 0 || close >= end || text.charCodeAt(close) !== 58 || (close + 1 < end && text.charCodeAt(close + 1) !== 32)) throw OUTSIDE;
      key = quoted(text.slice(p, close));
      colon = close;
    } else {
      colon = this.colonSpace(p, end);
      if (colon < 0) colon = text.charCodeAt(end - 1) === 58 ? end - 1 : -1;
      const plain = colon < 0 ? "" : text.slice(p, colon);
      if (!plain || isIndicator(plain.charCodeAt(0)) || plain.includes("#") || plain.endsWith(" ")) throw OUTSIDE;
      const v = resolvePlain(plain, true, this.resolver);
      key = v === null ? "" : String(v);
    }
    this.after = colon + 1;
    return key;
  }

  /** The value from offset p of line i, which belongs to a node at column n. */
  private value(i: number, p: number, n: number, inMap: boolean): Value {
    const { text } = this;
    const end = this.ends[i]!;
    while (text.charCodeAt(p) === 32) p++;
    if (p >= end || text.charCodeAt(p) === 35) {
      this.at++;
      return this.nested(n, inMap);
    }
    const c = text.charCodeAt(p);
    this.at++;
    if (c === 124 /* | */) return this.literal(text.slice(p, end), n);
    if (c === 34 || c === 39) {
      const close = quotedEnd(text, p, end);
      if (close < 0 || !closesLine(text, close, end)) throw OUTSIDE;
      return quoted(text.slice(p, close));
    }
    if (c === 91 || c === 123) {
      const { value, next } = flowCollection(text, p, end, this.resolver);
      if (!closesLine(text, next, end)) throw OUTSIDE;
      return value;
    }
    if (isIndicator(c) && !(c === 45 && end > p + 1 && text.charCodeAt(p + 1) !== 32)) throw OUTSIDE;
    // Up to a comment; ": " before it, or ":" at the end, is a mapping where a scalar belongs.
    const hash = this.comments(p);
    let stop = hash >= 0 && hash + 1 < end ? hash : end;
    const colon = this.colonSpace(p, end);
    if (colon >= 0 && colon < stop) throw OUTSIDE;
    while (text.charCodeAt(stop - 1) === 32) stop--;
    if (text.charCodeAt(stop - 1) === 58) throw OUTSIDE;
    return resolvePlain(text.slice(p, stop), false, this.resolver);
  }

  /** `|` or `|-` under a node at column n: the lines indented past n, as written. */
  private literal(header: string, n: number): string {
    if (!/^\|-? *$/.test(header)) throw OUTSIDE;
    const { starts, ends, indents, text } = this;
    const start = this.at;
    let m = -1;
    let last = start; // one past the last line with content
    for (let i = start; i < this.count; i++) {
      const length = ends[i]! - starts[i]!;
      if (indents[i] === length) {
        if (m >= 0 && length > m) throw OUTSIDE; // spaces that are content: not worth the subtlety
        continue;
      }
      if (m < 0) {
        if (indents[i]! <= n) break;
        m = indents[i]!;
        for (let k = start; k < i; k++) if (ends[k]! - starts[k]! > m) throw OUTSIDE; // leading spaces past m: an error
      } else if (indents[i]! < m) {
        if (indents[i]! > n) throw OUTSIDE;
        break;
      }
      last = i + 1;
    }
    this.at = last;
    if (m < 0) return "";
    const body: string[] = [];
    for (let i = start; i < last; i++) body.push(indents[i] === ends[i]! - starts[i]! ? "" : text.slice(starts[i]! + m, ends[i]));
    return body.join("\n") + (header.startsWith("|-") ? "" : "\n");
  }
}

/**
 * A stream of documents split at `---` lines, each read by `parse`; OUTSIDE when any is (the full
 * parser then reads the whole stream). A `---` at the start of a line always ends a document in
 * valid YAML: block content is indented. Blank and comment-only pieces hold no document, as the
 * full parser's null documents hold nothing.
 */
export function fastDocuments(parse: (text: string) => Value | typeof OUTSIDE, text: string): Value[] | typeof OUTSIDE {
  if (/^(\.\.\.|%)/m.test(text)) return OUTSIDE;
  const out: Value[] = [];
  for (const piece of text.split(/^---$/m)) {
    if (piece.split("\n").every((l) => /^[ ]*(#.*)?$/.test(l))) continue;
    const value = parse(piece);
    if (value === OUTSIDE) return OUTSIDE;
    out.push(value);
  }
  return out;
}
