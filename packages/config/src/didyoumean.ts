import { closest, distance } from "fastest-levenshtein";

/** The nearest candidate when it is close enough to be a likely typo, else undefined. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  // Edit distance is quadratic: a long value is no typo of a short name.
  if (candidates.length === 0 || input.length > 100) return undefined;
  const lower = input.toLowerCase();
  const best = closest(input, [...candidates]);
  const limit = Math.max(2, Math.floor(Math.max(input.length, best.length) / 3));
  const near = distance(lower, best.toLowerCase());
  // A name cut short or run on (qwen2.5-7b → qwen2.5-7b-awq) is meant, unless a typo of
  // another is nearer: --output-dri is --output-dir, not --output.
  const extended = candidates.filter((c) => c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()));
  if (extended.length === 1 && !(near <= limit && near < distance(lower, extended[0]!.toLowerCase()))) return extended[0];
  return near <= limit ? best : undefined;
}

/** ` did you mean "x"?` or ` expected one of: a, b` — the tail of an "unknown …" message. */
export function suggestion(input: string, candidates: readonly string[]): string {
  const best = didYouMean(input, candidates);
  if (best) return `; did you mean "${best}"?`;
  if (candidates.length === 0) return "";
  return `; expected one of: ${[...candidates].sort().join(", ")}`;
}
