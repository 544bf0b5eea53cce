/**
 * A member's running hours totals (docs/volunteer.md "Totals"): confirmed hundredths by kind, all
 * time and per Asia/Shanghai calendar year of the entry's `date` — what `myHours` shows without
 * reading the ledger. Kept in the same transactions that change an entry's status or hours, as the
 * difference between the entry's contribution before and after; rebuilt from the ledger when missing.
 * Pure.
 */
import type { HoursKind, HoursStatus, THoursTotals } from '../../../../types/volunteer';
import { fromCh, shanghaiDay } from './hours';

/** Hundredths by kind. */
export interface KindCh {
  verified: number;
  added: number;
  reported: number;
}

export interface HoursTotals {
  all: KindCh;
  /** `'2026'` → that Shanghai year's hundredths (by the entry's `date`) */
  years: Record<string, KindCh>;
}

/** What of an entry the totals depend on. */
export interface TotalsEntry {
  kind: HoursKind;
  status: HoursStatus;
  ch: number;
  date: number;
}

export const zeroKindCh = (): KindCh => ({ verified: 0, added: 0, reported: 0 });
export const emptyTotals = (): HoursTotals => ({ all: zeroKindCh(), years: {} });

export const shanghaiYear = (ms: number): string => shanghaiDay(ms).slice(0, 4);

function add(t: HoursTotals, e: TotalsEntry, sign: 1 | -1): void {
  if (e.status !== 'confirmed' || e.ch === 0) return;
  const y = shanghaiYear(e.date);
  const year = (t.years[y] ??= zeroKindCh());
  t.all[e.kind] += sign * e.ch;
  year[e.kind] += sign * e.ch;
  if (year.verified === 0 && year.added === 0 && year.reported === 0) delete t.years[y];
}

/** The totals after one entry changed from `before` (null: new) to `after` (null: gone). A new object. */
export function applyEntryChange(
  t: HoursTotals,
  before: TotalsEntry | null,
  after: TotalsEntry | null,
): HoursTotals {
  const next: HoursTotals = {
    all: { ...t.all },
    years: Object.fromEntries(Object.entries(t.years).map(([y, k]) => [y, { ...k }])),
  };
  if (before) add(next, before, -1);
  if (after) add(next, after, 1);
  return next;
}

/** The totals of a whole ledger (the rebuild, and what the tests compare the running totals with). */
export function totalsFromEntries(entries: readonly TotalsEntry[]): HoursTotals {
  const t = emptyTotals();
  for (const e of entries) add(t, e, 1);
  return t;
}

/** Hundredths by kind → the hours the member sees. */
export function totalsView(k: KindCh | undefined): THoursTotals {
  const c = k ?? zeroKindCh();
  return {
    verified: fromCh(c.verified),
    added: fromCh(c.added),
    reported: fromCh(c.reported),
    total: fromCh(c.verified + c.added + c.reported),
  };
}
