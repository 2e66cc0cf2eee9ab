import type { ObjectChange, OverlayDiff } from "./objects.ts";
import type { DiffResult } from "./revisions.ts";
import { TOPICS } from "./summary.ts";

const SIGN = { added: "+", removed: "-", changed: "~" } as const;

/** `~ apps/Deployment llm-dev/qwen-chat` */
export const objectLine = (c: ObjectChange) => `${SIGN[c.change]} ${c.group ? `${c.group}/` : ""}${c.kind} ${c.namespace ? `${c.namespace}/` : ""}${c.name}`;

/** An object and its field changes, one line each. */
export const changeLines = (c: ObjectChange): string[] => [
  objectLine(c),
  ...c.fields.map((f) => `    ${f.path}: ${f.before === undefined ? `(added) ${f.after}` : f.after === undefined ? `${f.before} (removed)` : `${f.before} → ${f.after}`}`),
];

export const overlayTitle = (o: OverlayDiff) => {
  const count = (k: ObjectChange["change"]) => o.changes.filter((c) => c.change === k).length;
  const status = o.status === "changed" ? "" : ` (overlay ${o.status})`;
  return `${o.cluster}/${o.environment}${status}: ${count("added")} added, ${count("removed")} removed, ${count("changed")} changed`;
};

/** The summary grouped by topic: lines of `- overlay: text`; empty topics left out. */
export function summaryGroups(result: DiffResult): { title: string; lines: string[] }[] {
  return TOPICS.flatMap((t) => {
    const lines = result.summary.filter((l) => l.topic === t.id).map((l) => (l.overlay ? `${l.overlay}: ${l.text}` : l.text));
    return lines.length ? [{ title: t.title, lines }] : [];
  });
}

/** For a terminal: notes, the summary, then every overlay's changes. */
export function formatText(result: DiffResult): string {
  const out = [`diff ${result.base} → ${result.head}`, ...result.notes.map((n) => `note: ${n}`), ""];
  const groups = summaryGroups(result);
  if (!result.overlays.length) out.push("no changes to the rendered objects");
  else if (!groups.length) out.push("summary: nothing a reviewer must weigh (no capacity, model, route, access, mTLS, redaction or scaler change)");
  for (const g of groups) out.push(`${g.title}:`, ...g.lines.map((l) => `  - ${l}`));
  for (const o of result.overlays) out.push("", overlayTitle(o), ...o.changes.flatMap(changeLines).map((l) => `  ${l}`));
  return out.join("\n");
}
