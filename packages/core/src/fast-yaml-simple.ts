import { addPair, closesLine, isIndicator, OUTSIDE, plainString, quoted, quotedEnd, resolvePlain, type Resolver, type Value } from "./fast-yaml-scalars.ts";

/**
 * The shape nearly every generated manifest has, read in one loop over the text: block mappings
 * and sequences (`- key: v` included), plain keys, plain and one-line quoted scalars, empty flow
 * collections, comment lines. One loop is what V8 makes fast soonest: the block parser
 * (fast-yaml.ts), with a method per construct, spends most of a run of a few thousand small
 * files interpreted or being compiled. Anything else here — a literal, another flow collection,
 * a quoted key, a tab, a marker line, a duplicate key — is OUTSIDE, and the block parser reads
 * the text. Each rule below is the block parser's, which the tests hold this one to
 * (test/fast-yaml-simple.test.ts), and both to the full parser.
 */
export function simpleBlock(text: string, resolver: Resolver): Value | typeof OUTSIDE {
  if (SPECIAL_OR_TAB.test(text)) return OUTSIDE;
  try {
    return new Reader(text, resolver).read();
  } catch (e) {
    if (e === OUTSIDE) return OUTSIDE;
    throw e;
  }
}

/** The block parser's SPECIAL (other line breaks, a BOM, control characters) and a tab, in one pass. */
const SPECIAL_OR_TAB = /[\0-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;

/** Nesting read here; deeper documents are the block parser's (which has its own bound). */
const MAX_DEPTH = 100;

type Container = Record<string, Value> | Value[];

/**
 * One text's reading state. Methods on a class, not closures made per text: V8 then keeps one
 * optimised copy of each for the whole run.
 */
class Reader {
  // The open blocks, innermost last: each one's column, and a mapping's count of pairs (-1: a sequence).
  private readonly blocks: Container[] = [];
  private readonly cols: number[] = [];
  private readonly pairs: number[] = [];
  // A key or dash with nothing after it: its value is the block that follows, or null.
  private pending = -1; // the index in blocks of the mapping or sequence waiting for it
  private pendingKey = "";
  // The next ": " and " #" at or after the offsets asked (which only grow), or -1: one search each
  // serves many lines, so a text where they are rare is not searched once per line.
  private colonAt: number;
  private hashAt: number;

  constructor(
    private readonly text: string,
    private readonly resolver: Resolver,
  ) {
    this.colonAt = text.indexOf(": ");
    this.hashAt = text.indexOf(" #");
  }

  /** Closes the innermost block; a mapping with fewer keys than pairs had a duplicate key. */
  private close(): void {
    const b = this.blocks.pop()!;
    const count = this.pairs.pop()!;
    this.cols.pop();
    if (count > 1 && Object.keys(b).length !== count) throw OUTSIDE;
  }

  /** Gives the pending key or dash its value. */
  private settle(value: Value): void {
    const pending = this.pending;
    const b = this.blocks[pending]!;
    if (this.pairs[pending]! < 0) (b as Value[]).push(value);
    else {
      addPair(b as Record<string, Value>, this.pendingKey, value);
      this.pairs[pending]!++;
    }
    this.pending = -1;
  }

  private open(b: Container, col: number, count: number): void {
    if (this.blocks.length >= MAX_DEPTH) throw OUTSIDE;
    this.blocks.push(b);
    this.cols.push(col);
    this.pairs.push(count);
  }

  /** The first ": " at or after p if it is before the line's end, else -1. */
  private colonSpace(p: number, end: number): number {
    if (this.colonAt >= 0 && this.colonAt < p) this.colonAt = this.text.indexOf(": ", p);
    return this.colonAt >= 0 && this.colonAt + 1 < end ? this.colonAt : -1;
  }

  /** The scalar from offset v to the line's end (or a comment), as the block parser's value() reads it. */
  private scalar(v: number, end: number): Value {
    const text = this.text;
    const c = text.charCodeAt(v);
    if (c === 34 || c === 39) {
      const q = quotedEnd(text, v, end);
      if (q < 0 || !closesLine(text, q, end)) throw OUTSIDE;
      return quoted(text.slice(v, q));
    }
    if ((c === 123 && text.charCodeAt(v + 1) === 125) || (c === 91 && text.charCodeAt(v + 1) === 93)) {
      // An empty flow collection, as generators write one (`status: {}`, `args: []`).
      if (!closesLine(text, v + 2, end)) throw OUTSIDE;
      return c === 123 ? {} : [];
    }
    // A literal, another flow collection, an anchor, a tag…: the block parser's. `-x` is a plain scalar.
    if (isIndicator(c) && !(c === 45 && end > v + 1 && text.charCodeAt(v + 1) !== 32)) throw OUTSIDE;
    if (this.hashAt >= 0 && this.hashAt < v) this.hashAt = text.indexOf(" #", v);
    let stop = this.hashAt >= 0 && this.hashAt + 1 < end ? this.hashAt : end;
    const colon = this.colonSpace(v, end);
    if (colon >= 0 && colon < stop) throw OUTSIDE; // a mapping where a scalar belongs
    while (text.charCodeAt(stop - 1) === 32) stop--;
    if (text.charCodeAt(stop - 1) === 58) throw OUTSIDE;
    return resolvePlain(text.slice(v, stop), false, this.resolver);
  }

  read(): Value {
    const { text, blocks, cols, pairs } = this;
    const n = text.length;
    for (let start = 0; start < n; ) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = n;
      const line = start;
      start = end + 1;
      let p = line;
      while (text.charCodeAt(p) === 32) p++;
      let c = text.charCodeAt(p);
      if (p >= end || c === 35) continue; // blank, or a comment
      if (p === line && (c === 45 || c === 46) && (text.startsWith("---", p) || text.startsWith("...", p))) throw OUTSIDE;
      let col = p - line;
      let dash = c === 45 && (p + 1 === end || text.charCodeAt(p + 1) === 32);

      if (blocks.length === 0) {
        // The document is a mapping at column 0 (it stays open to the end).
        if (col !== 0 || dash) throw OUTSIDE;
        this.open({}, 0, 0);
      } else if (this.pending >= 0) {
        // A nested block: deeper than its key or dash, or a sequence at a key's own column.
        const pending = this.pending;
        const mapping = pairs[pending]! >= 0;
        if (col > cols[pending]! || (col === cols[pending]! && dash && mapping)) {
          const b: Container = dash ? [] : {};
          this.settle(b);
          this.open(b, col, dash ? -1 : 0);
        } else this.settle(null);
      }
      while (cols[cols.length - 1]! > col) this.close();
      if (blocks.length === 0 || cols[cols.length - 1]! !== col) throw OUTSIDE;

      let top = blocks.length - 1;
      if (pairs[top]! < 0 && !dash) {
        // A mapping's value may be a sequence at the key's own column: this line is that mapping's next key.
        if (top === 0 || cols[top - 1] !== col || pairs[top - 1]! < 0) throw OUTSIDE;
        this.close();
        top--;
      }
      if (pairs[top]! < 0) {
        // `- …`: a value, a block below, or a mapping whose keys sit at the column after the dash.
        let q = p + 1;
        while (text.charCodeAt(q) === 32) q++;
        c = text.charCodeAt(q);
        if (q >= end || c === 35) {
          this.pending = top;
          continue;
        }
        if (c === 45 && (q + 1 === end || text.charCodeAt(q + 1) === 32)) throw OUTSIDE; // `- - x`
        if (c === 34 || c === 39) {
          const qe = quotedEnd(text, q, end);
          if (qe > 0 && qe < end && text.charCodeAt(qe) === 58) throw OUTSIDE; // a quoted key
        }
        const entry = c !== 91 && c !== 123 && c !== 34 && c !== 39 && (this.colonSpace(q, end) >= 0 || text.charCodeAt(end - 1) === 58);
        if (!entry) {
          (blocks[top] as Value[]).push(this.scalar(q, end));
          continue;
        }
        const entries: Record<string, Value> = {};
        (blocks[top] as Value[]).push(entries);
        p = q;
        col = q - line;
        dash = false;
        this.open(entries, col, 0);
        top++;
      }
      // `key: value` or `key:`, in the mapping at this column.
      if (dash) throw OUTSIDE; // a sequence where a key belongs
      if (c === 34 || c === 39) throw OUTSIDE; // a quoted key: the block parser's
      let colon = this.colonSpace(p, end);
      if (colon < 0) colon = text.charCodeAt(end - 1) === 58 ? end - 1 : -1;
      if (colon <= p || isIndicator(c) || text.charCodeAt(colon - 1) === 32) throw OUTSIDE;
      const plain = text.slice(p, colon);
      if (plain.includes("#")) throw OUTSIDE;
      let key: string;
      if (plainString(plain)) key = plain;
      else {
        const k = resolvePlain(plain, true, this.resolver);
        key = k === null ? "" : String(k);
      }
      let v = colon + 1;
      while (text.charCodeAt(v) === 32) v++;
      if (v >= end || text.charCodeAt(v) === 35) {
        this.pending = top;
        this.pendingKey = key;
        continue;
      }
      addPair(blocks[top] as Record<string, Value>, key, this.scalar(v, end));
      pairs[top]!++;
    }
    if (blocks.length === 0) throw OUTSIDE; // no content: the block parser's call
    if (this.pending >= 0) this.settle(null);
    const root = blocks[0];
    while (blocks.length > 0) this.close();
    return root;
  }
}

/**
 * A document that takes every common branch of the loop above. Read once before the first real
 * text (warmUp), it leaves V8 type feedback on each: otherwise V8 optimises the loop on the first
 * files (often all alike), and a branch that later files take first (a scalar list item, a
 * comment after a value) throws the optimised code away to compile it again, at tens of
 * milliseconds a time (measured with --trace-deopt on a validate run).
 */
export const WARM_UP = `# a comment line
kind: Sample # a comment after a value
metadata:
  name: warm-up
  labels:
    app.kubernetes.io/name: "double"
    single: 'quoted'
  annotations:
spec:
  replicas: 1
  ratio: 0.5
  enabled: true
  nothing: null
  list:
    - plain
    - --flag=value
    - "8080"
    - 2
    - key: value
      other: 1
    - nested:
        - deeper
    -
      after: dash
    - key: value
    - after an entry
    - key: "quoted"
    - after a quoted value
    - 'single'
    - x # comment
    - {}
    - []
  sameColumn:
  - item
  empty:
  none: {}
  noItems: []
  1: numeric key
last: value
`;

/**
 * Reads WARM_UP twice: V8 records feedback only once a function has run for a while (its
 * feedback vector is allocated lazily), which may be partway through the first read. With the
 * caller's own resolver (a copy would be an object of another shape, which V8 would see as a
 * second kind of resolver); the values it remembers are what its texts would give anyway.
 */
export function warmUp(resolver: Resolver): void {
  for (let i = 0; i < 2; i++) simpleBlock(WARM_UP, resolver);
}
