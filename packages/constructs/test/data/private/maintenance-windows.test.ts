import { Token } from "cdktf";
import { describe, expect, it } from "vitest";
import { dailyMeetsWeekly, parseDailyWindow, parseWeeklyWindow, windowProblems } from "../../../src/data/private/maintenance-windows";

const pair = (daily: string, weekly: string) => ({
  dailyProp: "backupWindow",
  daily,
  minDailyMinutes: 30,
  weeklyProp: "maintenanceWindow",
  weekly,
  minWeeklyMinutes: 60,
});

describe("time windows", () => {
  it.each([
    ["03:00-04:00", { start: 180, minutes: 60 }],
    ["23:30-00:30", { start: 1410, minutes: 60 }],
    ["00:00-23:59", { start: 0, minutes: 1439 }],
  ])("parses the daily window %s", (value, span) => {
    expect(parseDailyWindow(value)).toEqual(span);
  });

  it.each(["3:00-4:00", "24:00-01:00", "03:60-04:00", "03:00 - 04:00", "mon:03:00-mon:04:00"])("refuses the daily window %s", (value) => {
    expect(parseDailyWindow(value)).toBeUndefined();
  });

  it.each([
    ["mon:00:00-mon:01:00", { start: 0, minutes: 60 }],
    ["sun:05:00-sun:06:00", { start: 6 * 1440 + 300, minutes: 60 }],
    ["sun:23:30-mon:00:30", { start: 6 * 1440 + 1410, minutes: 60 }],
    ["fri:22:00-sat:02:00", { start: 4 * 1440 + 1320, minutes: 240 }],
  ])("parses the weekly window %s, wrapping past Sunday", (value, span) => {
    expect(parseWeeklyWindow(value)).toEqual(span);
  });

  it.each(["Sun:05:00-Sun:06:00", "sun:5:00-sun:6:00", "sun:05:00", "sol:05:00-sol:06:00", "sun:25:00-sun:26:00"])("refuses the weekly window %s", (value) => {
    expect(parseWeeklyWindow(value)).toBeUndefined();
  });

  it.each([
    ["03:00-04:00", "wed:03:30-wed:04:30", true],
    ["03:00-04:00", "wed:02:00-wed:03:01", true],
    ["03:00-04:00", "wed:04:00-wed:05:00", false],
    ["03:00-04:00", "wed:02:00-wed:03:00", false],
    ["23:30-00:30", "mon:00:00-mon:01:00", true],
    ["23:30-00:30", "sun:23:00-sun:23:30", false],
    ["01:00-02:00", "sun:23:00-mon:01:30", true],
    ["05:00-06:00", "sat:06:00-sun:05:00", false],
  ])("a daily %s meets the weekly %s: %s", (daily, weekly, overlap) => {
    expect(dailyMeetsWeekly(parseDailyWindow(daily)!, parseWeeklyWindow(weekly)!)).toBe(overlap);
  });

  it("finds no problem in separate windows of sufficient length", () => {
    expect(windowProblems(pair("03:00-03:30", "sun:05:00-sun:06:00"))).toEqual([]);
  });

  it("reports the format and length of each window, and not their overlap once one is invalid", () => {
    expect(windowProblems(pair("3-4", "sun:05:00-sun:05:30"))).toEqual([
      'backupWindow must be a daily UTC window "hh24:mi-hh24:mi" such as "03:00-04:00", got "3-4"',
      'maintenanceWindow must last at least 60 minutes, got "sun:05:00-sun:05:30" (30 minutes)',
    ]);
    expect(windowProblems(pair("05:00-05:00", "sun:05:00-sun:06:00"))).toEqual(['backupWindow must last at least 30 minutes, got "05:00-05:00" (0 minutes)']);
  });

  it("reports overlapping windows", () => {
    expect(windowProblems(pair("05:30-06:30", "sun:05:00-sun:06:00"))).toEqual([
      'backupWindow "05:30-06:30" and maintenanceWindow "sun:05:00-sun:06:00" overlap; AWS requires them not to share any minute, so move one of them',
    ]);
  });

  it("skips windows that are references", () => {
    expect(windowProblems(pair(Token.asString({ Ref: "daily" }), "sun:05:00"))).toEqual([
      'maintenanceWindow must be a weekly UTC window "ddd:hh24:mi-ddd:hh24:mi" with lowercase days mon-sun, such as "sun:05:00-sun:06:00", got "sun:05:00"',
    ]);
  });
});
