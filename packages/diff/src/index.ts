export { clip, fieldChanges, HIDDEN, MAX_VALUE, type FieldChange } from "./fields.ts";
export { diffObjects, diffOverlays, overlayKey, type ObjectChange, type Overlay, type OverlayDiff } from "./objects.ts";
export * as rules from "./rules.ts";
export { summarize, refusedLines, TOPICS, type SummaryLine, type TopicId } from "./summary.ts";
export { diffRevisions, type DiffResult, type Revision } from "./revisions.ts";
export { formatText, summaryGroups } from "./text.ts";
export { COMMENT_LIMIT, escapeMarkdown, formatMarkdown, type MarkdownOptions } from "./markdown.ts";
export { waiversChanged } from "./waivers.ts";
