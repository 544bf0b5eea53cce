import { prng } from '../../../../scripts/seed/members';
import { ACTIVITY_TYPES } from '../../../../types/activity';
import { DAY_MS } from './calendar';
import { complianceQueryRange } from './frequency';
import {
  branchOverview,
  branchOverviewFromYears,
  monthKey,
  monthKeysBetween,
  monthKeyStart,
  overviewPlan,
  packYear,
  unpackYear,
  summaryYear,
  yearTotals,
  type CompactActivity,
} from './summary';

/**
 * The admin overview reads one document per branch and year (its months' totals) instead of every
 * activity's tuple: for any activities, any moment the totals were taken and any later `now`,
 * folding the year documents must answer exactly what the per-activity computation answers over the
 * same whole months (those of complianceQueryRange — what the overview covers).
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

describe('month totals for the admin overview', () => {
  it('month keys: Shanghai months, across a year end', () => {
    // 2026-12-31 20:00 UTC is 2027-01-01 04:00 in Shanghai
    expect(monthKey(Date.UTC(2026, 11, 31, 20))).toBe(202701);
    expect(monthKeyStart(202701)).toBe(Date.UTC(2026, 11, 31, 16));
    expect(monthKeysBetween(Date.UTC(2026, 10, 5), Date.UTC(2027, 1, 2))).toEqual([
      202611, 202612, 202701, 202702,
    ]);
  });

  it('year documents fold exactly like the per-activity overview, for 160 random branches', () => {
    const r = prng(17); // the seed's mulberry32: the same activities on every run
    for (let b = 0; b < 160; b++) {
      // mid-year, and the first days of a year (the silence looks back into the year before)
      const now = b % 4 === 3 ? Date.UTC(2027, 0, 9, 6) : Date.UTC(2026, 11, 3, 6);
      const acts = randomActivities(r, now, Math.floor(r() * 160));
      // totals taken some time before `now` (the timer's last run); `open` keeps what was not over
      const asOf = now - Math.floor(r() * 3 * DAY_MS);
      const byYear = new Map<number, CompactActivity[]>();
      for (const t of acts) byYear.set(summaryYear(t[1]), [...(byYear.get(summaryYear(t[1])) ?? []), t]);
      // as stored and read back (packed months)
      const years = [...byYear].map(([y, list]) => unpackYear(packYear(yearTotals(y, list, asOf))));
      // the dashboard's ranges: this quarter, this year, a past quarter, across a year end (whole months)
      const ranges = [
        { from: monthKeyStart(monthKey(now) - (((monthKey(now) % 100) - 1) % 3)), to: now },
        { from: monthKeyStart(Math.floor(monthKey(now) / 100) * 100 + 1), to: now },
        { from: monthKeyStart(202604), to: monthKeyStart(202607) - 1 },
        { from: monthKeyStart(202512), to: monthKeyStart(202602) - 1 },
        { from: monthKeyStart(202611), to: monthKeyStart(202702) - 1 },
      ];
      for (const { from, to } of ranges) {
        // what the overview covers: the whole months of the compliance report's range
        const range = complianceQueryRange(from, to, now);
        const months = new Set(monthKeysBetween(range.from, range.to));
        const covered = acts.filter((t) => months.has(monthKey(t[1])));
        const want = branchOverview(`b${b}`, covered, from, to, now);
        const plan = overviewPlan(from, to, now);
        const got = branchOverviewFromYears(
          plan,
          years.filter((y) => plan.years.includes(y.year)),
        );
        expect(got).toEqual(want);
      }
    }
  });

  it('a year document keeps only months with something held, and what was not over whole', () => {
    const now = Date.UTC(2026, 11, 3, 6);
    const t = (startAt: number, endAt: number, cancelled: 0 | 1 = 0): CompactActivity => [
      1,
      startAt,
      endAt,
      cancelled,
      0,
      3,
      2,
      1,
      0,
      0,
    ];
    const y = yearTotals(
      2026,
      [
        t(monthKeyStart(202603) + DAY_MS, monthKeyStart(202603) + DAY_MS + 3600_000),
        t(now - 60_000, now + 3600_000),
        t(monthKeyStart(202605), monthKeyStart(202605) + 1, 1),
      ],
      now,
    );
    expect(y.months.map((m) => m.ym)).toEqual([202603]);
    expect(y.months[0]).toMatchObject({ expected: 3, present: 2, excused: 1, uncounted: 0 });
    expect(y.open).toHaveLength(1);
    expect(y.open[0][1]).toBe(now - 60_000);
    const held = ACTIVITY_TYPES.map((_t, i) => (i === 1 ? 1 : 0)).join(',');
    expect(packYear(y).months).toEqual([`202603,0,3,2,1,0,0,0,${monthKeyStart(202603) + DAY_MS},${held}`]);
    expect(unpackYear(packYear(y))).toEqual(y);
  });
});
