// Europe/London wall-clock time without a time-zone database: GMT in winter, BST (UTC+1) from 01:00 UTC
// on the last Sunday of March to 01:00 UTC on the last Sunday of October (the Summer Time Order 2002,
// the rule in force since 1996). Tariff bands are wall-clock times, so a reading's band comes from here.
// Arithmetic on epoch milliseconds only: the bill loop calls this once per half-hour reading.

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The two clock changes of a year as UTC epoch ms: BST starts at `start`, ends at `end`. */
interface Changes {
  start: number;
  end: number;
}

const cache = new Map<number, Changes>();

/** 01:00 UTC on the last Sunday of `month` (0-based) in `year`. */
function lastSundayOneAm(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  const weekday = new Date(lastDay).getUTCDay(); // 0 = Sunday
  return lastDay - weekday * DAY + HOUR;
}

function changesOf(year: number): Changes {
  let c = cache.get(year);
  if (c === undefined) {
    c = { start: lastSundayOneAm(year, 2), end: lastSundayOneAm(year, 9) };
    cache.set(year, c);
  }
  return c;
}

// The year of the last instant asked about, so a run of readings in one year costs two comparisons.
let yearStart = 0;
let yearEnd = -1;
let current: Changes = { start: 0, end: 0 };

/** Minutes Europe/London is ahead of UTC at the instant `utcMs` (0 or 60). */
export function londonOffsetMinutes(utcMs: number): 0 | 60 {
  if (utcMs < yearStart || utcMs >= yearEnd) {
    const year = new Date(utcMs).getUTCFullYear();
    yearStart = Date.UTC(year, 0, 1);
    yearEnd = Date.UTC(year + 1, 0, 1);
    current = changesOf(year);
  }
  return utcMs >= current.start && utcMs < current.end ? 60 : 0;
}

/** A UTC instant seen on a Europe/London wall clock. */
export interface LondonTime {
  /** Local calendar date, `YYYY-MM-DD`. */
  date: string;
  /** Local days since 1970-01-01 (a day key that sorts and subtracts). */
  day: number;
  /** 1–12. */
  month: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Minutes since local midnight (0–1439). */
  minute: number;
}

/** The wall-clock reading of `utcMs` in Europe/London. */
export function toLondon(utcMs: number): LondonTime {
  const local = utcMs + londonOffsetMinutes(utcMs) * 60_000;
  const day = Math.floor(local / DAY);
  const d = new Date(day * DAY);
  return {
    date: d.toISOString().slice(0, 10),
    day,
    month: d.getUTCMonth() + 1,
    weekday: (d.getUTCDay() + 6) % 7,
    minute: Math.floor((local - day * DAY) / 60_000),
  };
}

/** Local days since 1970-01-01 for a `YYYY-MM-DD` date. */
export function dayOfDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

/** The `YYYY-MM-DD` of a local day key. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The UTC instant of local midnight starting `date` (`YYYY-MM-DD`); clocks never change at midnight. */
export function londonMidnight(date: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  return wall - londonOffsetMinutes(wall) * 60_000;
}

/** Hours in the local day `date`: 23 on the spring change, 25 on the autumn one, else 24. */
export function londonDayHours(date: string): number {
  const next = dateOfDay(dayOfDate(date) + 1);
  return (londonMidnight(next) - londonMidnight(date)) / HOUR;
}
