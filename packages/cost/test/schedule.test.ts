import { describe, expect, it } from "vitest";
import { knownTimeZone, openMinutesPerWeek, openShare, parseCron, utcOffsetMinutes, windowInUtc, windowsInUtc } from "../src/index.ts";

const hoursPerWeek = (windows: { start: string; end: string }[]) => {
  const m = openMinutesPerWeek(windows);
  return m === undefined ? undefined : m / 60;
};

describe("open hours of a KEDA cron schedule (counted in the schedule's own time zone)", () => {
  it.each([
    ["weekdays 07:00-20:00 (the staging example)", [{ start: "0 7 * * 1-5", end: "0 20 * * 1-5" }], 65],
    ["every day 09:30-17:00", [{ start: "30 9 * * *", end: "0 17 * * *" }], 52.5],
    ["across midnight: 22:00-06:00 every night", [{ start: "0 22 * * *", end: "0 6 * * *" }], 56],
    ["across the week's end: Friday 18:00 to Monday 06:00", [{ start: "0 18 * * 5", end: "0 6 * * 1" }], 60],
    ["names for days: Mon-Fri 08:00-18:00", [{ start: "0 8 * * Mon-Fri", end: "0 18 * * mon-fri" }], 50],
    ["two overlapping windows count once", [{ start: "0 8 * * *", end: "0 12 * * *" }, { start: "0 10 * * *", end: "0 14 * * *" }], 42],
    ["two disjoint windows add up", [{ start: "0 8 * * 1-5", end: "0 12 * * 1-5" }, { start: "0 13 * * 1-5", end: "0 17 * * 1-5" }], 40],
    ["a step in the hour field: opens at 0, 6, 12, 18 and closes an hour later", [{ start: "0 */6 * * *", end: "0 1-23/6 * * *" }], 28],
    // KEDA (cron_scaler.go) is open iff the next end comes no later than the next start, so when starts and ends
    // do not alternate only the last start before an end counts: not "from any start until the next end".
    ["a daily start, weekday ends: Saturday's and Sunday's starts open nothing", [{ start: "0 7 * * *", end: "0 20 * * 1-5" }], 65],
    ["a Monday start, daily ends: closed only from Sunday 20:00 to Monday 07:00", [{ start: "0 7 * * 1", end: "0 20 * * *" }], 157],
    ["two starts before one end: open from the later one", [{ start: "0 7,9 * * *", end: "0 17 * * *" }], 56],
    ["start and end at the same minute: always open", [{ start: "0 7 * * *", end: "0 7 * * *" }], 168],
  ])("%s", (_name, windows, hours) => {
    expect(hoursPerWeek(windows)).toBe(hours);
  });

  it("gives the share of the week: 65 of 168 hours", () => {
    expect(openShare([{ start: "0 7 * * 1-5", end: "0 20 * * 1-5" }])).toBeCloseTo(65 / 168, 12);
  });

  it.each([
    ["a day of month", "0 7 1 * *"],
    ["a month", "0 7 * 6 *"],
    ["six fields", "0 0 7 * * *"],
    ["an hour out of range", "0 24 * * *"],
    ["a descriptor", "@daily"],
  ])("cannot count a window with %s", (_name, start) => {
    expect(parseCron(start)).toBeUndefined();
    expect(openMinutesPerWeek([{ start, end: "0 20 * * *" }])).toBeUndefined();
  });
});

describe("time zones move the windows against UTC, not their length", () => {
  const weekdays = { start: "0 7 * * 1-5", end: "0 20 * * 1-5" };

  it.each([
    ["America/New_York in winter (EST)", "America/New_York", "2026-11-27", -300, "12:00-01:00 UTC"],
    ["America/New_York in summer (EDT)", "America/New_York", "2026-07-01", -240, "11:00-00:00 UTC"],
    ["Asia/Kolkata (a half-hour offset)", "Asia/Kolkata", "2026-11-27", 330, "01:30-14:30 UTC"],
    ["Europe/Berlin in winter", "Europe/Berlin", "2026-11-27", 60, "06:00-19:00 UTC"],
    ["UTC", "UTC", "2026-11-27", 0, "07:00-20:00 UTC"],
  ])("%s", (_name, zone, day, offset, utc) => {
    expect(utcOffsetMinutes(zone, day)).toBe(offset);
    expect(windowInUtc(weekdays, zone, day)).toBe(utc);
  });

  it.each([
    ["America/New_York", "12:00-01:00 UTC in January, 11:00-00:00 UTC in July"],
    ["Australia/Sydney", "20:00-09:00 UTC in January, 21:00-10:00 UTC in July"],
    ["Asia/Kolkata", "01:30-14:30 UTC"],
  ])("%s through the year: %s", (zone, text) => {
    expect(windowsInUtc([weekdays], zone)).toBe(text);
  });

  it.each([
    ["America/New_York", true],
    ["UTC", true],
    ["Mars/Base", false],
    ["America/Atlantis", false],
  ])("%s is a known zone: %s; an unknown one has no UTC times instead of a RangeError", (zone, known) => {
    expect(knownTimeZone(zone)).toBe(known);
    expect(windowsInUtc([weekdays], zone) === undefined).toBe(!known);
  });

  it("a window with several opening times has no single UTC time", () => {
    expect(windowInUtc({ start: "0 7,9 * * *", end: "0 20 * * *" }, "UTC", "2026-11-27")).toBeUndefined();
  });
});
