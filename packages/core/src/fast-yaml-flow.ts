import { addPair, isIndicator, OUTSIDE, quoted, quotedEnd, resolvePlain, type Resolver, type Value } from "./fast-yaml-scalars.ts";

/**
 * A flow collection on one line, as people write small ones in block files
 * (`route: { host: a.example.com }`, `- { name: system, count: 1 }`, `args: [a, b]`): mappings
 * and sequences, nested, of plain and quoted scalars, each key followed by `: `. Anything else —
 * a collection that spans lines, a trailing comma, a key without a value, `a:b`, a pair inside
 * a sequence, an empty entry — is OUTSIDE, and the full parser decides.
 */
export function flowCollection(text: string, p: number, end: number, resolver: Resolver): { value: Value; next: number } {
  const f = new Flow(text, end, resolver);
  const value = f.node(p);
  return { value, next: f.at };
}

// , [ ] { } : # and space, as char codes.
const COMMA = 44;
const OPEN_SEQ = 91;
const CLOSE_SEQ = 93;
const OPEN_MAP = 123;
const CLOSE_MAP = 125;
const COLON = 58;
const HASH = 35;
const SPACE = 32;
const FLOW_END = new Set([COMMA, CLOSE_SEQ, CLOSE_MAP]);
const MAX_DEPTH = 64;

class Flow {
  at = 0;
  constructor(
    private readonly text: string,
    private readonly end: number,
    private readonly resolver: Resolver,
  ) {}

  private code(p = this.at): number {
    return p < this.end ? this.text.charCodeAt(p) : -1;
  }

  private spaces(): void {
    while (this.code() === SPACE) this.at++;
  }

  private depth = 0;

  node(p: number): Value {
    this.at = p;
    this.spaces();
    const c = this.code();
    if (c !== OPEN_MAP && c !== OPEN_SEQ) return this.scalar();
    // Deeper than any manifest nests: the full parser's, which reports it rather than overflowing the stack.
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const value = c === OPEN_MAP ? this.map() : this.seq();
    this.depth--;
    return value;
  }

  private map(): Record<string, Value> {
    const out: Record<string, Value> = {};
    let pairs = 0;
    if (this.opened(CLOSE_MAP)) return out;
    for (;;) {
      const key = this.key();
      const value = this.node(this.at);
      addPair(out, key, value);
      pairs++;
      if (this.separator(CLOSE_MAP)) break;
    }
    if (Object.keys(out).length !== pairs) throw OUTSIDE; // a duplicate key
    return out;
  }

  private seq(): Value[] {
    const out: Value[] = [];
    if (this.opened(CLOSE_SEQ)) return out;
    for (;;) {
      out.push(this.node(this.at));
      if (this.separator(CLOSE_SEQ)) break;
    }
    return out;
  }

  /** Past the opening bracket: true (and past the closing one too) when the collection is empty. */
  private opened(close: number): boolean {
    this.at++;
    this.spaces();
    if (this.code() !== close) return false;
    this.at++;
    return true;
  }

  /** After an entry: `,` and another entry (false), or the closing bracket (true). */
  private separator(close: number): boolean {
    this.spaces();
    const c = this.code();
    this.at++;
    if (c === close) return true;
    if (c !== COMMA) throw OUTSIDE;
    this.spaces();
    if (FLOW_END.has(this.code())) throw OUTSIDE; // an empty entry or a trailing comma
    return false;
  }

  /** A key and its `: `; plain keys resolve as block keys do. */
  private key(): string {
    const start = this.at;
    const c = this.code();
    let key: string;
    if (c === 34 || c === 39) {
      const close = quotedEnd(this.text, start, this.end);
      if (close < 0) throw OUTSIDE;
      key = quoted(this.text.slice(start, close));
      this.at = close;
    } else {
      const plain = this.plain();
      const v = resolvePlain(plain, true, this.resolver);
      key = v === null ? "" : String(v);
    }
    if (this.code() !== COLON || this.code(this.at + 1) !== SPACE) throw OUTSIDE;
    this.at += 2;
    return key;
  }

  private scalar(): Value {
    const c = this.code();
    if (c === 34 || c === 39) {
      const close = quotedEnd(this.text, this.at, this.end);
      if (close < 0) throw OUTSIDE;
      const value = quoted(this.text.slice(this.at, close));
      this.at = close;
      return value;
    }
    return resolvePlain(this.plain(), false, this.resolver);
  }

  /**
   * A plain scalar up to `,` `]` `}` or `: `, trailing spaces cut. Flow indicators inside it, a
   * comment, a `:` before a flow indicator or at its end, or an indicator first: OUTSIDE.
   */
  private plain(): string {
    const { text } = this;
    const start = this.at;
    const first = this.code();
    if (first < 0 || (isIndicator(first) && !(first === 45 && this.code(start + 1) > SPACE && !FLOW_END.has(this.code(start + 1))))) throw OUTSIDE;
    let p = start;
    for (; p < this.end; p++) {
      const c = text.charCodeAt(p);
      if (FLOW_END.has(c)) break;
      if (c === OPEN_SEQ || c === OPEN_MAP) throw OUTSIDE;
      if (c === COLON && (p + 1 >= this.end || text.charCodeAt(p + 1) === SPACE)) break;
      if (c === COLON && FLOW_END.has(text.charCodeAt(p + 1))) throw OUTSIDE;
      if (c === HASH && text.charCodeAt(p - 1) === SPACE) throw OUTSIDE;
    }
    let stop = p;
    while (text.charCodeAt(stop - 1) === SPACE) stop--;
    if (stop === start) throw OUTSIDE;
    this.at = p;
    return text.slice(start, stop);
  }
}
