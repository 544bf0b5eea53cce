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

function labelOf(d: dayjs.Dayjs, unit: PeriodUnit): string {
  if (unit === 'year') return d.format('YYYY');
  if (unit === 'quarter') return `${d.format('YYYY')}-Q${d.quarter()}`;
  return d.format('YYYY-MM');
}

/** The Shanghai period containing `ms`. */
export function periodOf(ms: number, unit: PeriodUnit): Period {
  const start = inShanghai(ms).startOf(unit);
  const next = start.add(1, unit).startOf(unit);
  return { unit, label: labelOf(start, unit), start: start.valueOf(), end: next.valueOf() };
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
