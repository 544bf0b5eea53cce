import { canRequestLeave, canRequestMakeup } from './requests';

const START = Date.parse('2026-11-27T02:00:00Z'); // 10:00 in Shanghai
const CLOSES = Date.parse('2026-11-27T04:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const live = { startAt: START, status: 'scheduled' };

describe('canRequestLeave', () => {
  it('allows leave 1 ms before the start', () => {
    expect(canRequestLeave(live, START - 1)).toEqual({ ok: true });
  });

  it('refuses leave exactly at the start with LEAVE_TOO_LATE', () => {
    expect(canRequestLeave(live, START)).toMatchObject({ ok: false, code: 'LEAVE_TOO_LATE' });
  });

  it('refuses leave after the start', () => {
    expect(canRequestLeave(live, START + 60_000)).toMatchObject({ ok: false, code: 'LEAVE_TOO_LATE' });
  });

  it('refuses leave for a cancelled activity even well before the start', () => {
    expect(canRequestLeave({ ...live, status: 'cancelled' }, START - DAY)).toMatchObject({
      ok: false,
      code: 'ACTIVITY_CANCELLED',
    });
  });
});

describe('canRequestMakeup', () => {
  const window = { closesAt: CLOSES };

  it('refuses 1 ms before the check-in window closes (check in instead)', () => {
    const d = canRequestMakeup(live, window, CLOSES - 1);
    expect(d).toMatchObject({ ok: false, code: 'MAKEUP_WINDOW_CLOSED', details: { notYetOpen: true } });
  });

  it('allows exactly when the check-in window closes', () => {
    expect(canRequestMakeup(live, window, CLOSES)).toEqual({ ok: true });
  });

  it('allows 1 ms before the third day after the close ends', () => {
    expect(canRequestMakeup(live, window, CLOSES + 3 * DAY - 1)).toEqual({ ok: true });
  });

  it('refuses exactly 3 days after the close', () => {
    const d = canRequestMakeup(live, window, CLOSES + 3 * DAY);
    expect(d).toMatchObject({
      ok: false,
      code: 'MAKEUP_WINDOW_CLOSED',
      details: { notYetOpen: false, opensAt: CLOSES, closesAt: CLOSES + 3 * DAY },
    });
  });

  it('follows a configured number of days', () => {
    const policy = { makeupDays: 7 };
    expect(canRequestMakeup(live, window, CLOSES + 7 * DAY - 1, policy).ok).toBe(true);
    expect(canRequestMakeup(live, window, CLOSES + 7 * DAY, policy).ok).toBe(false);
  });

  it('turns make-up off with makeupDays 0', () => {
    expect(canRequestMakeup(live, window, CLOSES, { makeupDays: 0 })).toMatchObject({
      code: 'MAKEUP_WINDOW_CLOSED',
    });
  });

  it('rejects a malformed policy loudly', () => {
    expect(() => canRequestMakeup(live, window, CLOSES, { makeupDays: -1 })).toThrow(RangeError);
    expect(() => canRequestMakeup(live, window, CLOSES, { makeupDays: 1.5 })).toThrow(RangeError);
  });

  it('refuses make-up for a cancelled activity', () => {
    expect(canRequestMakeup({ status: 'cancelled' }, window, CLOSES + 1)).toMatchObject({
      code: 'ACTIVITY_CANCELLED',
    });
  });
});
