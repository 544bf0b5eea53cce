import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import { TIME_ZONE } from '../../../../types/common';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(quarterOfYear);

/**
 * Calendar periods are Shanghai-calendar periods: "the fourth quarter" starts at
 * 2026-10-01T00:00+08:00, whatever the server's own time zone is. Every period is half-open
 * `[start, end)` in epoch ms.
 */
export type PeriodUnit = 'month' | 'quarter' | 'year';

export interface Period {
  unit: PeriodUnit;
  /** `2026-11`, `2026-Q4`, `2026` */
  label: string;
  start: number;
  end: number;
}

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export function inShanghai(ms: number): dayjs.Dayjs {
  return dayjs(ms).tz(TIME_ZONE);
}

/**
 * Asia/Shanghai has been UTC+8 all year since 1991 (no daylight saving), so a Shanghai calendar
 * period is a UTC period shifted by 8 hours. Computed with plain arithmetic: statistics call this
 * for every activity of every member (and the admin overview for every branch), where a time-zone
 * library call per date (~50 µs) added up to seconds.
 */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** Shanghai calendar year and month (0-based) of an instant. */
export function shanghaiYearMonth(ms: number): { year: number; month: number } {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
}

// Module-level functions, not closures: the bundles keep function names (esbuild `keepNames`), which
// costs a property definition per closure created — per call in this hot path.
function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function monthStart(y: number, m: number): number {
  return Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS;
}

/** The start of the Shanghai period containing `ms` (periodOf(ms, unit).start, without the label). */
export function periodStart(ms: number, unit: PeriodUnit): number {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  if (unit === 'year') return monthStart(year, 0);
  if (unit === 'quarter') return monthStart(year, Math.floor(month / 3) * 3);
  return monthStart(year, month);
}

/** The Shanghai period containing `ms`. */
export function periodOf(ms: number, unit: PeriodUnit): Period {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  if (unit === 'year') {
    return { unit, label: pad(year, 4), start: monthStart(year, 0), end: monthStart(year + 1, 0) };
  }
  if (unit === 'quarter') {
    const q = Math.floor(month / 3);
    return {
      unit,
      label: `${pad(year, 4)}-Q${q + 1}`,
      start: monthStart(year, q * 3),
      end: monthStart(year, q * 3 + 3),
    };
  }
  return {
    unit,
    label: `${pad(year, 4)}-${pad(month + 1, 2)}`,
    start: monthStart(year, month),
    end: monthStart(year, month + 1),
  };
}

/** Every Shanghai period that intersects `[from, to)`, in order. Empty when `to <= from`. */
export function periodsBetween(from: number, to: number, unit: PeriodUnit): Period[] {
  const out: Period[] = [];
  if (!(to > from)) return out;
  let p = periodOf(from, unit);
  while (p.start < to) {
    out.push(p);
    p = periodOf(p.end, unit);
  }
  return out;
}

/** `YYYY-MM-DD` (a Shanghai calendar date) → the instant that day starts in Shanghai. */
export function shanghaiDayStart(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`expected YYYY-MM-DD, got "${date}"`);
  const d = dayjs.tz(date, TIME_ZONE);
  // dayjs rolls 2026-02-30 over to March; a calendar date that does not exist is an error.
  if (!d.isValid() || d.format('YYYY-MM-DD') !== date) throw new RangeError(`no such date "${date}"`);
  return d.valueOf();
}

export function shanghaiDate(ms: number): string {
  return inShanghai(ms).format('YYYY-MM-DD');
}
