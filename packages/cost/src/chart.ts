/** A small horizontal bar chart as an SVG string: typed data in, escaped text, fixed geometry. */

export interface Bar {
  label: string;
  /** Monthly USD (expected); `max` drawn as a lighter bar behind it when given. */
  value: number;
  max?: number;
}

/** USD with thousands separators and cents, independent of the machine's locale: $12,148.80 */
export function usd(n: number): string {
  const [whole, frac] = (Math.round(Math.abs(n) * 100) / 100).toFixed(2).split(".");
  return `${n < 0 ? "-" : ""}$${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}

/** Text from environments/ in XML: no markup, entity or attribute can be forged. */
export const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

const WIDTH = 640;
const LABEL = 110;
/** Room for "$37,850.20 (max $37,850.20)" at 12 px. */
const AMOUNT = 190;
const ROW = 28;
const TOP = 36;
const fixed = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

export function costChart(bars: readonly Bar[], title: string): string {
  const scale = Math.max(1, ...bars.map((b) => Math.max(b.value, b.max ?? 0)));
  const span = WIDTH - LABEL - AMOUNT;
  const height = TOP + bars.length * ROW + 12;
  const rows = bars.map((b, i) => {
    const y = TOP + i * ROW;
    const label = escapeXml(b.label.slice(0, 24));
    const ceiling = b.max !== undefined && b.max > b.value ? `<rect x="${LABEL}" y="${y}" width="${fixed((b.max / scale) * span)}" height="20" fill="#c6dbef"><title>at replicas.max: ${usd(b.max)}</title></rect>` : "";
    return [
      `<text x="${LABEL - 8}" y="${y + 15}" text-anchor="end">${label}</text>`,
      ceiling,
      `<rect x="${LABEL}" y="${y}" width="${fixed((Math.max(0, b.value) / scale) * span)}" height="20" fill="#2171b5"><title>${label}: ${usd(b.value)}</title></rect>`,
      `<text x="${WIDTH - AMOUNT + 8}" y="${y + 15}">${usd(b.value)}${b.max !== undefined ? ` (max ${usd(b.max)})` : ""}</text>`,
    ].filter(Boolean).join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<text x="8" y="20" font-weight="bold">${escapeXml(title.slice(0, 100))}</text>`,
    ...rows,
    "</svg>",
    "",
  ].join("\n");
}
