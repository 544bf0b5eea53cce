import { prng } from '../../../../scripts/seed/members';
import { ACTIVITY_TYPES } from '../../../../types/activity';
import { DAY_MS } from './calendar';
import {
  branchOverview,
  branchOverviewFromMonths,
  monthKey,
  monthKeysBetween,
  monthKeyStart,
  monthTotals,
  type CompactActivity,
} from './summary';

/**
 * The admin overview reads per-branch month totals instead of every activity's tuple: for any
 * activities, any moment the totals were taken and any later `now`, folding the months must answer
 * exactly what the per-activity computation answers over the same whole months.
 */
function randomActivities(r: () => number, now: number, n: number): CompactActivity[] {
  const out: CompactActivity[] = [];
  for (let i = 0; i < n; i++) {
    const startAt = now - Math.floor(r() * 420 * DAY_MS) + Math.floor(r() * 40 * DAY_MS);
    const endAt = startAt + Math.floor(r() * 4 * 3600_000) + 60_000;
    const type = Math.floor(r() * ACTIVITY_TYPES.length);
    const counted = endAt < now && r() > 0.1;
    const expected = Math.floor(r() * 60);
    const present = Math.floor(r() * (expected + 1));
    const leave = Math.floor(r() * (expected - present + 1));
    const pending = Math.floor(r() * (expected - present - leave + 1));
    const absent = expected - present - leave - pending;
    out.push([
      type,
      startAt,
      endAt,
      r() < 0.05 ? 1 : 0,
      ACTIVITY_TYPES[type] === 'party_lecture' && r() < 0.3 ? 1 : 0,
      counted ? expected : -1,
      counted ? present : -1,
      counted ? leave : -1,
      counted ? absent : -1,
      counted ? pending : -1,
    ]);
  }
  return out;
}

function byMonth(acts: readonly CompactActivity[]): Map<number, CompactActivity[]> {
  const m = new Map<number, CompactActivity[]>();
  for (const t of acts) {
    const k = monthKey(t[1]);
    m.set(k, [...(m.get(k) ?? []), t]);
  }
  return m;
}

describe('month totals for the admin overview', () => {
  it('month keys: Shanghai months, across a year end', () => {
    // 2026-12-31 20:00 UTC is 2027-01-01 04:00 in Shanghai
    expect(monthKey(Date.UTC(2026, 11, 31, 20))).toBe(202701);
    expect(monthKeyStart(202701)).toBe(Date.UTC(2026, 11, 31, 16));
    expect(monthKeysBetween(Date.UTC(2026, 10, 5), Date.UTC(2027, 1, 2))).toEqual([
      202611, 202612, 202701, 202702,
    ]);
  });

  it('fold exactly like the per-activity overview, for 120 random branches', () => {
    const r = prng(17); // the seed's mulberry32: the same activities on every run
    const now = Date.UTC(2026, 11, 3, 6);
    for (let b = 0; b < 120; b++) {
      const acts = randomActivities(r, now, Math.floor(r() * 120));
      // totals taken some time before `now` (the timer's last run); `open` keeps what was not over
      const asOf = now - Math.floor(r() * 3 * DAY_MS);
      const months = [...byMonth(acts)].map(([ym, list]) => monthTotals(ym, list, asOf));
      // the dashboard's ranges: this quarter, this year, a past quarter (whole months)
      const ranges = [
        { from: monthKeyStart(202610), to: now },
        { from: monthKeyStart(202601), to: now },
        { from: monthKeyStart(202604), to: monthKeyStart(202607) - 1 },
        { from: monthKeyStart(202512), to: monthKeyStart(202602) - 1 },
      ];
      for (const { from, to } of ranges) {
        const want = branchOverview(`b${b}`, acts, from, to, now);
        const got = branchOverviewFromMonths(`b${b}`, months, from, to, now);
        expect(got).toEqual(want);
      }
    }
  });
});
