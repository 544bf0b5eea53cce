/**
 * CloudBase timer-trigger cron: seven required fields `sec min hour day month week year`,
 * evaluated in UTC+8 (China has no daylight saving). Each field accepts `*`, values, names
 * (JAN-DEC, SUN-SAT; week 0 = Sunday), ranges `a-b`, lists `a,b` and steps `* /n`, `a/n`, `a-b/n`.
 * When both day-of-month and day-of-week are restricted, a day matches if either matches (as the
 * CloudBase docs say: 「日」和「星期」同时指定值时，两者为“或”关系).
 */

const TZ_OFFSET_MS = 8 * 3600 * 1000;

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
];

export interface CronSchedule {
  expression: string;
  second: Set<number>;
  minute: Set<number>;
  hour: Set<number>;
  day: Set<number>;
  month: Set<number>;
  week: Set<number>;
  year: Set<number>;
  dayRestricted: boolean;
  weekRestricted: boolean;
}

export class CronError extends Error {}

function parseValue(raw: string, spec: FieldSpec): number {
  const up = raw.toUpperCase();
  if (spec.names) {
    const i = spec.names.indexOf(up);
    if (i >= 0) return i + (spec.name === 'month' ? 1 : 0);
  }
  if (!/^\d+$/.test(raw)) throw new CronError(`cron ${spec.name}: bad value "${raw}"`);
  let n = Number(raw);
  if (spec.name === 'week' && n === 7) n = 0; // tolerate 7 = Sunday
  if (n < spec.min || n > spec.max) {
    throw new CronError(`cron ${spec.name}: ${raw} is outside ${spec.min}-${spec.max}`);
  }
  return n;
}

function parseField(text: string, spec: FieldSpec): { set: Set<number>; restricted: boolean } {
  const set = new Set<number>();
  let restricted = true;
  for (const item of text.split(',')) {
    if (item === '') throw new CronError(`cron ${spec.name}: empty list item in "${text}"`);
    const [rangePart, stepPart, extra] = item.split('/');
    if (extra !== undefined) throw new CronError(`cron ${spec.name}: bad step in "${item}"`);
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^\d+$/.test(stepPart) || Number(stepPart) < 1) {
        throw new CronError(`cron ${spec.name}: bad step "${stepPart}"`);
      }
      step = Number(stepPart);
    }
    let lo: number;
    let hi: number;
    if (rangePart === '*' || rangePart === '?') {
      lo = spec.min;
      hi = spec.max;
      if (stepPart === undefined) restricted = false;
    } else if (rangePart.includes('-')) {
      const [a, b] = rangePart.split('-');
      lo = parseValue(a, spec);
      hi = parseValue(b, spec);
      if (hi < lo) throw new CronError(`cron ${spec.name}: range "${rangePart}" is backwards`);
    } else {
      lo = parseValue(rangePart, spec);
      hi = stepPart === undefined ? lo : spec.max;
    }
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, restricted };
}

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 7) {
    throw new CronError(
      `cron "${expression}": CloudBase timers need 7 fields (sec min hour day month week year), got ${parts.length}`,
    );
  }
  const f = parts.map((p, i) => parseField(p, FIELDS[i]));
  return {
    expression,
    second: f[0].set,
    minute: f[1].set,
    hour: f[2].set,
    day: f[3].set,
    month: f[4].set,
    week: f[5].set,
    year: f[6].set,
    dayRestricted: f[3].restricted,
    weekRestricted: f[5].restricted,
  };
}

function dayMatches(s: CronSchedule, day: number, weekday: number): boolean {
  if (s.dayRestricted && s.weekRestricted) return s.day.has(day) || s.week.has(weekday);
  if (s.dayRestricted) return s.day.has(day);
  if (s.weekRestricted) return s.week.has(weekday);
  return true;
}

/** The first fire time strictly after `after` (epoch ms), or null if there is none before 2100. */
export function nextFire(s: CronSchedule, after: number): number | null {
  // Work on "wall clock in UTC+8" expressed as a UTC Date, then shift back.
  let t = new Date(Math.floor((after + TZ_OFFSET_MS) / 1000) * 1000 + 1000);
  for (let guard = 0; guard < 200000; guard++) {
    const y = t.getUTCFullYear();
    if (y > 2099) return null;
    if (!s.year.has(y)) {
      t = new Date(Date.UTC(y + 1, 0, 1));
      continue;
    }
    const mo = t.getUTCMonth() + 1;
    if (!s.month.has(mo)) {
      t = new Date(Date.UTC(y, mo, 1)); // first day of the next month
      continue;
    }
    const d = t.getUTCDate();
    if (!dayMatches(s, d, t.getUTCDay())) {
      t = new Date(Date.UTC(y, mo - 1, d + 1));
      continue;
    }
    const h = t.getUTCHours();
    if (!s.hour.has(h)) {
      t = new Date(Date.UTC(y, mo - 1, d, h + 1));
      continue;
    }
    const mi = t.getUTCMinutes();
    if (!s.minute.has(mi)) {
      t = new Date(Date.UTC(y, mo - 1, d, h, mi + 1));
      continue;
    }
    const se = t.getUTCSeconds();
    if (!s.second.has(se)) {
      t = new Date(Date.UTC(y, mo - 1, d, h, mi, se + 1));
      continue;
    }
    return t.getTime() - TZ_OFFSET_MS;
  }
  return null;
}
