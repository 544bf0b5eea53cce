import { DEFAULT_HOURS_RULES, type THoursRules } from '../../../../types/volunteer';
import {
  hoursFromStay,
  maxForEvent,
  resolveRules,
  roundToStep,
  shanghaiDay,
  shanghaiYearStart,
  underDailyCap,
} from './hours';
import { proposeFromStay, totalsOf, decisionRefusal, isClean } from './ledger';

const H = 3_600_000;
const MIN = 60_000;
// 2026-11-28 09:00 Asia/Shanghai
const START = Date.UTC(2026, 10, 28, 1, 0, 0);
const rules = (over: Partial<THoursRules> = {}): THoursRules => ({ ...DEFAULT_HOURS_RULES, ...over });
const stay = (inAt: number, outAt: number | null) => ({ checkedInAt: inAt, checkedOutAt: outAt });

describe('resolveRules', () => {
  it('fills the defaults: 0.5 h step, floor, half the event, 8 h a day, confirmation required', () => {
    expect(resolveRules(undefined)).toEqual({
      stepHours: 0.5,
      rounding: 'floor',
      minStayRatio: 0.5,
      dailyCapHours: 8,
      confirmRequired: true,
    });
    expect(resolveRules({ rounding: 'nearest' }).rounding).toBe('nearest');
  });
});

describe('roundToStep', () => {
  const floor = rules();
  const nearest = rules({ rounding: 'nearest' });
  it('floor: 1.24 h → 1.0, 1.25 h → 1.0, 1.74 h → 1.5', () => {
    expect(roundToStep(1.24 * H, floor)).toBe(100);
    expect(roundToStep(1.25 * H, floor)).toBe(100);
    expect(roundToStep(1.74 * H, floor)).toBe(150);
  });
  it('nearest: 1.24 h → 1.0, 1.25 h → 1.5 (half a step rounds up), 1.74 h → 1.5, 1.75 h → 2.0', () => {
    expect(roundToStep(1.24 * H, nearest)).toBe(100);
    expect(roundToStep(1.25 * H, nearest)).toBe(150);
    expect(roundToStep(1.25 * H - 1, nearest)).toBe(100);
    expect(roundToStep(1.74 * H, nearest)).toBe(150);
    expect(roundToStep(1.75 * H, nearest)).toBe(200);
  });
  it('a whole step exactly, and 1 ms short of it', () => {
    expect(roundToStep(0.5 * H, floor)).toBe(50);
    expect(roundToStep(0.5 * H - 1, floor)).toBe(0);
  });
  it('other steps: 0.25 h and 1 h', () => {
    expect(roundToStep(1.3 * H, rules({ stepHours: 0.25 }))).toBe(125);
    expect(roundToStep(1.9 * H, rules({ stepHours: 1 }))).toBe(100);
  });
  it('nothing for no time', () => expect(roundToStep(0, floor)).toBe(0));
});

describe('hoursFromStay', () => {
  const event = { startAt: START, endAt: START + 4 * H };
  it('counts only the overlap with the event (early arrival, late stay earn nothing extra)', () => {
    const r = hoursFromStay(event, stay(START - H, START + 5 * H), rules());
    expect(r).toMatchObject({ kind: 'credited', ch: 400, overlapMs: 4 * H });
  });
  it('a stay exactly at the minimum share earns; 1 ms less earns nothing', () => {
    expect(hoursFromStay(event, stay(START, START + 2 * H), rules())).toMatchObject({
      kind: 'credited',
      ch: 200,
    });
    expect(hoursFromStay(event, stay(START, START + 2 * H - 1), rules())).toMatchObject({
      kind: 'below_min_stay',
      ch: 0,
    });
  });
  it('minStayRatio 0: any stay earns its steps', () => {
    expect(hoursFromStay(event, stay(START, START + 31 * MIN), rules({ minStayRatio: 0 }))).toMatchObject({
      ch: 50,
    });
  });
  it('no check-out: nothing, flagged as such', () => {
    expect(hoursFromStay(event, stay(START, null), rules()).kind).toBe('no_checkout');
  });
  it('never more than the event, even when rounding to nearest would go above it', () => {
    const short = { startAt: START, endAt: START + 80 * MIN }; // 1.33 h
    expect(maxForEvent(short, rules())).toBe(100);
    expect(hoursFromStay(short, stay(START, START + 80 * MIN), rules({ rounding: 'nearest' })).ch).toBe(100);
  });
  it('belongs to the Shanghai day the credited stay begins', () => {
    expect(hoursFromStay(event, stay(START - H, START + H), rules({ minStayRatio: 0 })).day).toBe(
      '2026-11-28',
    );
  });
});

describe('shanghaiDay', () => {
  const midnight = Date.UTC(2026, 10, 28, 16, 0, 0); // 2026-11-29 00:00 Asia/Shanghai
  it('1 ms before Shanghai midnight is the previous day', () =>
    expect(shanghaiDay(midnight - 1)).toBe('2026-11-28'));
  it('Shanghai midnight exactly is the new day', () => expect(shanghaiDay(midnight)).toBe('2026-11-29'));
  it('the year starts at Shanghai midnight of 1 January', () => {
    const ny = Date.UTC(2025, 11, 31, 16, 0, 0);
    expect(shanghaiYearStart(ny)).toBe(ny);
    expect(shanghaiYearStart(ny - 1)).toBe(Date.UTC(2024, 11, 31, 16, 0, 0));
  });
});

describe('daily cap', () => {
  it('what still fits under the cap', () => {
    expect(underDailyCap(300, 600, rules())).toBe(200);
    expect(underDailyCap(300, 800, rules())).toBe(0);
    expect(underDailyCap(300, 0, rules())).toBe(300);
  });
  it('two events the same day: the second is trimmed to the cap and flagged', () => {
    const morning = { startAt: START, endAt: START + 5 * H };
    const afternoon = { startAt: START + 6 * H, endAt: START + 11 * H };
    const first = proposeFromStay(morning, rec(morning), rules(), 0);
    expect(first.ch).toBe(500);
    const second = proposeFromStay(afternoon, rec(afternoon), rules(), first.ch);
    expect(second.ch).toBe(300);
    expect(second.flags).toContain('daily_cap');
  });
  it('events either side of Shanghai midnight count on different days', () => {
    const midnight = Date.UTC(2026, 10, 28, 16, 0, 0);
    const late = { startAt: midnight - 5 * H, endAt: midnight - 1 };
    const early = { startAt: midnight, endAt: midnight + 5 * H };
    const a = proposeFromStay(late, rec(late), rules(), 0);
    const b = proposeFromStay(early, rec(early), rules(), 0);
    expect([a.outcome.day, b.outcome.day]).toEqual(['2026-11-28', '2026-11-29']);
    expect(b.flags).not.toContain('daily_cap');
  });
});

function rec(e: { startAt: number; endAt: number }, over: object = {}) {
  return {
    status: 'approved',
    checkedInAt: e.startAt,
    checkedOutAt: e.endAt,
    durationVerified: true,
    flags: [],
    ...over,
  };
}

describe('proposeFromStay', () => {
  const event = { startAt: START, endAt: START + 2 * H };
  it('a verified, clean stay is auto-confirmed only when the team does not require confirmation', () => {
    expect(proposeFromStay(event, rec(event), rules(), 0).autoConfirm).toBe(false);
    expect(proposeFromStay(event, rec(event), rules({ confirmRequired: false }), 0).autoConfirm).toBe(true);
  });
  it('an unverified duration, a pending or flagged check-in, or no check-out goes to the leader', () => {
    const r = rules({ confirmRequired: false });
    expect(proposeFromStay(event, rec(event, { durationVerified: false }), r, 0).flags).toEqual([
      'duration_unverified',
    ]);
    expect(
      proposeFromStay(event, rec(event, { status: 'pending', flags: ['outside_fence'] }), r, 0).flags,
    ).toEqual(['checkin_pending', 'outside_fence']);
    const open = proposeFromStay(event, rec(event, { checkedOutAt: null }), r, 0);
    expect(open).toMatchObject({ ch: 0, autoConfirm: false });
    expect(open.flags).toContain('no_checkout');
  });
});

describe('ledger', () => {
  it('totals count confirmed entries only, by kind', () => {
    const t = totalsOf([
      { kind: 'verified', status: 'confirmed', ch: 150 },
      { kind: 'verified', status: 'pending', ch: 200 },
      { kind: 'added', status: 'confirmed', ch: 50 },
      { kind: 'reported', status: 'rejected', ch: 300 },
      { kind: 'reported', status: 'superseded', ch: 300 },
      { kind: 'reported', status: 'confirmed', ch: 100 },
    ]);
    expect(t).toEqual({ verified: 1.5, added: 0.5, reported: 1, total: 3 });
  });
  it('a leader never decides their own entry; a decided entry is not decided again', () => {
    expect(decisionRefusal({ status: 'pending', memberId: 'L' }, 'L')).toBe('FORBIDDEN');
    expect(decisionRefusal({ status: 'confirmed', memberId: 'm' }, 'L')).toBe('CONFLICT');
    expect(decisionRefusal({ status: 'pending', memberId: 'm' }, 'L')).toBeNull();
    expect(decisionRefusal({ status: 'pending', memberId: 'm' }, null)).toBeNull();
  });
  it('clean means no flag and some hours', () => {
    expect(isClean({ flags: [], ch: 50 })).toBe(true);
    expect(isClean({ flags: ['daily_cap'], ch: 50 })).toBe(false);
    expect(isClean({ flags: [], ch: 0 })).toBe(false);
  });
});
