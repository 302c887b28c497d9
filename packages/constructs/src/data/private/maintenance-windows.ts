import { Token } from "cdktf";

// The backup and maintenance windows of every data service (RDS, Aurora, DocumentDB, ElastiCache)
// follow the same formats and must not overlap.

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

const DAILY = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const WEEKLY = /^([a-z]{3}):(\d{2}):(\d{2})-([a-z]{3}):(\d{2}):(\d{2})$/;

/** A recurring window: its start (minutes after its period began, UTC) and its length in minutes. */
export interface TimeSpan {
  readonly start: number;
  readonly minutes: number;
}

function minuteOfDay(hours: string, minutes: string): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  return h <= 23 && m <= 59 ? h * 60 + m : undefined;
}

function dayIndex(day: string): number | undefined {
  const index = (DAYS as readonly string[]).indexOf(day);
  return index < 0 ? undefined : index;
}

/** Parses a daily UTC window `hh24:mi-hh24:mi`; a window may run past midnight. */
export function parseDailyWindow(value: string): TimeSpan | undefined {
  const match = DAILY.exec(value);
  if (!match) return undefined;
  const start = minuteOfDay(match[1], match[2]);
  const end = minuteOfDay(match[3], match[4]);
  if (start === undefined || end === undefined) return undefined;
  return { start, minutes: (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY };
}

/** Parses a weekly UTC window `ddd:hh24:mi-ddd:hh24:mi` (lowercase days); it may run past Sunday. */
export function parseWeeklyWindow(value: string): TimeSpan | undefined {
  const match = WEEKLY.exec(value);
  if (!match) return undefined;
  const startDay = dayIndex(match[1]);
  const endDay = dayIndex(match[4]);
  const startMinute = minuteOfDay(match[2], match[3]);
  const endMinute = minuteOfDay(match[5], match[6]);
  if (startDay === undefined || endDay === undefined || startMinute === undefined || endMinute === undefined) return undefined;
  const start = startDay * MINUTES_PER_DAY + startMinute;
  const end = endDay * MINUTES_PER_DAY + endMinute;
  return { start, minutes: (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK };
}

/** Whether two spans on a circle of `period` minutes share at least one minute (touching ends do not). */
function spansOverlap(a: TimeSpan, b: TimeSpan, period: number): boolean {
  const aToB = (b.start - a.start + period) % period;
  const bToA = (a.start - b.start + period) % period;
  return aToB < a.minutes || bToA < b.minutes;
}

/** Whether a daily window, repeated on each day of the week, meets a weekly window. */
export function dailyMeetsWeekly(daily: TimeSpan, weekly: TimeSpan): boolean {
  return DAYS.some((_, day) => spansOverlap({ start: day * MINUTES_PER_DAY + daily.start, minutes: daily.minutes }, weekly, MINUTES_PER_WEEK));
}

/** A daily window (backups, snapshots) and the weekly maintenance window of one service. */
export interface WindowPair {
  /** Prop name of the daily window, used in messages. */
  readonly dailyProp: string;
  readonly daily: string;
  /** Shortest daily window the service accepts, in minutes. */
  readonly minDailyMinutes: number;
  /** Prop name of the weekly window, used in messages. */
  readonly weeklyProp: string;
  readonly weekly: string;
  /** Shortest weekly window the service accepts, in minutes. */
  readonly minWeeklyMinutes: number;
}

/**
 * Checks the format and length of both windows and that they do not overlap: AWS refuses a backup
 * window that meets the maintenance window. Unresolved values (tokens) are not checked.
 * @returns one message per problem, empty when both windows are fine
 */
export function windowProblems(pair: WindowPair): string[] {
  const problems: string[] = [];
  let daily: TimeSpan | undefined;
  let weekly: TimeSpan | undefined;
  if (!Token.isUnresolved(pair.daily)) {
    daily = parseDailyWindow(pair.daily);
    if (!daily) {
      problems.push(`${pair.dailyProp} must be a daily UTC window "hh24:mi-hh24:mi" such as "03:00-04:00", got "${pair.daily}"`);
    } else if (daily.minutes < pair.minDailyMinutes) {
      problems.push(`${pair.dailyProp} must last at least ${pair.minDailyMinutes} minutes, got "${pair.daily}" (${daily.minutes} minutes)`);
      daily = undefined;
    }
  }
  if (!Token.isUnresolved(pair.weekly)) {
    weekly = parseWeeklyWindow(pair.weekly);
    if (!weekly) {
      problems.push(
        `${pair.weeklyProp} must be a weekly UTC window "ddd:hh24:mi-ddd:hh24:mi" with lowercase days mon-sun, such as "sun:05:00-sun:06:00", got "${pair.weekly}"`,
      );
    } else if (weekly.minutes < pair.minWeeklyMinutes) {
      problems.push(`${pair.weeklyProp} must last at least ${pair.minWeeklyMinutes} minutes, got "${pair.weekly}" (${weekly.minutes} minutes)`);
      weekly = undefined;
    }
  }
  if (daily && weekly && dailyMeetsWeekly(daily, weekly)) {
    problems.push(
      `${pair.dailyProp} "${pair.daily}" and ${pair.weeklyProp} "${pair.weekly}" overlap; AWS requires them not to share any minute, so move one of them`,
    );
  }
  return problems;
}
