/**
 * How long a KEDA cron schedule keeps its windows open. KEDA evaluates each trigger's start and
 * end in the trigger's `timezone` (kedacore/keda pkg/scalers/cron_scaler.go), so the open hours
 * of a week are counted in local wall-clock time; the zone only moves the windows against UTC.
 * Several windows are a union: KEDA takes the highest desired replica count of all triggers.
 */

const WEEK = 7 * 24 * 60;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

interface Cron {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
}

/** One cron field (robfig/cron v3 grammar: lists of `*`, `n`, `a-b`, each with `/step`; names for days). */
function field(text: string, min: number, max: number, names: readonly string[] = []): Set<number> | undefined {
  const out = new Set<number>();
  const value = (t: string) => (names.includes(t.toLowerCase()) ? names.indexOf(t.toLowerCase()) : /^\d{1,2}$/.test(t) ? Number(t) : NaN);
  for (const item of text.split(",").filter(Boolean)) {
    const [range = "", stepText] = item.split("/");
    const [lowText = "", highText] = range.split("-");
    const star = lowText === "*" || lowText === "?";
    const low = star ? min : value(lowText);
    const high = star || (stepText !== undefined && highText === undefined) ? max : highText === undefined ? low : value(highText);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (![low, high, step].every(Number.isInteger) || step < 1 || low < min || high > max || low > high) return undefined;
    for (let v = low; v <= high; v += step) out.add(v);
  }
  return out.size ? out : undefined;
}

/** A five-field cron expression whose day of month and month are `*`; anything else is undefined. */
export function parseCron(expr: string): Cron | undefined {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5 || !["*", "?"].includes(f[2]!) || !["*", "?"].includes(f[3]!)) return undefined;
  const [minutes, hours, days] = [field(f[0]!, 0, 59), field(f[1]!, 0, 23), field(f[4]!, 0, 6, DAYS)];
  return minutes && hours && days ? { minutes, hours, days } : undefined;
}

const fires = (c: Cron, minuteOfWeek: number) => {
  const m = minuteOfWeek % WEEK;
  return c.days.has(Math.floor(m / 1440)) && c.hours.has(Math.floor(m / 60) % 24) && c.minutes.has(m % 60);
};

export interface Window {
  start: string;
  end: string;
}

/**
 * The first minute after each minute of a week at which a cron fires (strictly after, as robfig/cron's
 * Next), as a minute of a two-week span. Every parsed cron fires at least once a week.
 */
function nextFiring(c: Cron): number[] {
  const next: number[] = new Array(WEEK);
  let after = Infinity;
  for (let m = 2 * WEEK - 1; m >= 0; m--) {
    if (m < WEEK) next[m] = after;
    if (fires(c, m)) after = m;
  }
  return next;
}

/**
 * Minutes of a week (local time) inside at least one window, or undefined when an expression
 * restricts day of month or month (no fixed weekly share) or does not parse. As KEDA's cron scaler
 * (GetMetricsAndActivity) decides it: a window is open at a time iff its next end fires no later
 * than its next start, both strictly after that time; so where starts and ends do not alternate
 * only the last start before an end opens the window.
 */
export function openMinutesPerWeek(windows: readonly Window[]): number | undefined {
  const crons = windows.map((w) => [parseCron(w.start), parseCron(w.end)] as const);
  if (crons.some(([s, e]) => !s || !e)) return undefined;
  const next = crons.map(([s, e]) => [nextFiring(s!), nextFiring(e!)] as const);
  let minutes = 0;
  for (let m = 0; m < WEEK; m++) if (next.some(([s, e]) => e[m]! <= s[m]!)) minutes++;
  return minutes;
}

/** Share of the week the windows are open (0-1), or undefined as openMinutesPerWeek. */
export function openShare(windows: readonly Window[]): number | undefined {
  const minutes = openMinutesPerWeek(windows);
  return minutes === undefined ? undefined : minutes / WEEK;
}

/** Whether the runtime's ICU data knows the zone: Intl throws a RangeError for an unknown one (e.g. Mars/Base). */
export function knownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
}

/** The zone's offset from UTC in minutes on a day (e.g. -300 for New York in winter), from the ICU data of the runtime. */
export function utcOffsetMinutes(timeZone: string, day: string): number {
  const at = new Date(`${day}T12:00:00Z`);
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const hhmm = (minutes: number) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

/**
 * A window's opening and closing times in UTC on a given day, when both fire at one time of day
 * (e.g. "12:00-01:00 UTC" for 0 7 * * 1-5 to 0 20 * * 1-5 in New York in winter); else undefined.
 */
export function windowInUtc(w: Window, timeZone: string, day: string): string | undefined {
  const [s, e] = [parseCron(w.start), parseCron(w.end)];
  const single = (c: Cron | undefined) => (c && c.hours.size === 1 && c.minutes.size === 1 ? [...c.hours][0]! * 60 + [...c.minutes][0]! : undefined);
  const [open, close] = [single(s), single(e)];
  if (open === undefined || close === undefined) return undefined;
  const offset = utcOffsetMinutes(timeZone, day);
  return `${hhmm(open - offset)}-${hhmm(close - offset)} UTC`;
}

/**
 * When the windows open and close in UTC, in January and in July (daylight saving time moves
 * them in most zones): "12:00-01:00 UTC in January, 11:00-00:00 UTC in July". Fixed days, not
 * the clock, so the report is the same on every run. Undefined for a zone the runtime does not know.
 */
export function windowsInUtc(windows: readonly Window[], timeZone: string): string | undefined {
  if (!knownTimeZone(timeZone)) return undefined;
  const at = (day: string) => windows.map((w) => windowInUtc(w, timeZone, day));
  const [winter, summer] = [at("2026-01-15"), at("2026-07-15")];
  if ([...winter, ...summer].some((t) => t === undefined)) return undefined;
  const [w, s] = [winter.join(", "), summer.join(", ")];
  return w === s ? w : `${w} in January, ${s} in July`;
}
