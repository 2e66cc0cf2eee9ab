/**
 * How messages quote input. Manifests arrive in pull requests and results are printed in CI
 * logs (with secrets in the environment): a message may carry at most a short, escaped piece
 * of a value, never a file's content, and never a control character that forges an output line.
 */
export const EXCERPT_CHARS = 40;

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const HAS_CONTROL = new RegExp(CONTROL.source);

/** Control characters as `\n`, `\u0000`…: one visible line whatever the input. */
export function escapeControls(text: string): string {
  // JSON.stringify escapes only C0 controls; DEL, C1 and the separators get \u escapes here.
  return text.replace(CONTROL, (c) => (c < " " ? JSON.stringify(c).slice(1, -1) : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/** At most `max` characters (after escaping), marked with … when cut. */
export function clip(value: string, max = EXCERPT_CHARS): string {
  if (value.length <= max && !HAS_CONTROL.test(value)) return value; // nothing to escape or cut
  const chars = [...escapeControls(value)];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max).join("")}…`;
}

/** A value quoted for a message: `"…"`, clipped and escaped. */
export function quote(value: unknown, max = EXCERPT_CHARS): string {
  const text = typeof value === "string" ? value : String(value);
  const chars = [...text];
  if (chars.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(chars.slice(0, max).join("")).slice(0, -1)}…"`;
}

/**
 * A third-party message (the YAML parser's, the JSON Schema compiler's) whose words may quote
 * input (an unknown tag, an alias name, a directive): its first line, every long word clipped,
 * the whole bounded.
 */
export function sanitizeMessage(message: string, max = 160): string {
  const line = escapeControls(message.split(/\r?\n/, 1)[0] ?? "");
  return clip(line.replace(/\S{41,}/g, (word) => clip(word)), max);
}

/** A JSON pointer fit for printing: each segment clipped (keys come from the input). */
export function clipPointer(pointer: string): string {
  return pointer
    .split("/")
    .map((segment) => clip(segment))
    .join("/");
}
