import type { DiffResult } from "./revisions.ts";
import { changeLines, overlayTitle, summaryGroups } from "./text.ts";

/** GitHub refuses comments longer than this. */
export const COMMENT_LIMIT = 65_536;
/** Room kept for the heading, notes and closing tags around what is budgeted. */
const MARGIN = 2_000;
const MAX_SUMMARY_LINES = 200;

/** Text from pull requests in Markdown/HTML: no tags, links, mentions or emphasis can be forged. */
export const escapeMarkdown = (s: string) =>
  s.replace(/([\\`*_[\]{}#|~!])/g, "\\$1").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "&#64;");

/** A fence longer than any run of backticks inside, so the block cannot be closed early. */
const fence = (body: string) => "`".repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((m) => m[0].length + 1)));

export interface MarkdownOptions {
  /** Where the full diff was written, named in the comment when it had to be cut. */
  fullDiffPath?: string;
  /** Length limit (default: GitHub's comment limit); Infinity for the full diff. */
  limit?: number;
}

/** A PR comment: heading, summary bullets, then one collapsible block per overlay, cut to fit. */
export function formatMarkdown(result: DiffResult, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const head = [`## llm-gitops diff: \`${result.base}\` → \`${result.head}\``, ""];
  for (const n of result.notes.slice(0, 21)) head.push(`> ${escapeMarkdown(n.slice(0, 400))}`, "");
  const groups = summaryGroups(result);
  if (!result.overlays.length) head.push("No changes to the rendered objects.");
  else if (!groups.length) head.push("Nothing a reviewer must weigh: no capacity, model, route, access, mTLS, redaction or scaler change.");
  let shown = 0;
  for (const g of groups) {
    head.push(`**${g.title}**`, "");
    for (const l of g.lines) if (shown++ < MAX_SUMMARY_LINES) head.push(`- ${escapeMarkdown(l.slice(0, 600))}`);
    head.push("");
  }
  if (shown > MAX_SUMMARY_LINES) head.push(`_${shown - MAX_SUMMARY_LINES} more summary lines cut._`, "");
  const where = options.fullDiffPath ? `the full diff is in \`${escapeMarkdown(options.fullDiffPath.slice(0, 200))}\`` : "run `llm-gitops diff` with `--out FILE` for the full diff";
  const top = head.join("\n");
  // Each overlay gets an equal share of what is left, so one huge overlay cannot hide the others.
  const share = Math.floor((limit - top.length - MARGIN) / Math.max(1, result.overlays.length));
  let cut = 0;
  const blocks = result.overlays.map((o) => {
    const lines = o.changes.flatMap(changeLines);
    let body = lines.join("\n");
    if (body.length > share) {
      let size = 0;
      const kept = lines.filter((l) => (size += l.length + 1) <= share - 200);
      body = [...kept, `… ${lines.length - kept.length} more lines cut to fit a GitHub comment; ${options.fullDiffPath ? `see ${options.fullDiffPath.slice(0, 200)}` : "run with --out FILE for all"}`].join("\n");
      cut++;
    }
    const f = fence(body);
    return `<details><summary>${escapeMarkdown(overlayTitle(o))}</summary>\n\n${f}diff\n${body}\n${f}\n\n</details>`;
  });
  const tail = cut ? [`\n_Cut to fit a GitHub comment (${cut} overlay${cut === 1 ? "" : "s"} truncated); ${where}._`] : [];
  return [top, ...blocks, ...tail].join("\n");
}
