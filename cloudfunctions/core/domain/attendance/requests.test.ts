import { canRequestLeave, canRequestMakeup, canWithdrawRequest, makeupPolicyOf } from './requests';

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
  const window = { opensAt: START - 30 * 60_000, closesAt: CLOSES };

  it('refuses exactly when the check-in window closes (that instant still checks in)', () => {
    const d = canRequestMakeup(live, window, CLOSES);
    expect(d).toMatchObject({ ok: false, code: 'MAKEUP_WINDOW_CLOSED', details: { notYetOpen: true } });
  });

  it('refuses while the check-in window is open', () => {
    expect(canRequestMakeup(live, window, START)).toMatchObject({ code: 'MAKEUP_WINDOW_CLOSED' });
  });

  it('allows 1 ms after the check-in window closes', () => {
    expect(canRequestMakeup(live, window, CLOSES + 1)).toEqual({ ok: true });
  });

  it('allows exactly 3 days after the close', () => {
    expect(canRequestMakeup(live, window, CLOSES + 3 * DAY)).toEqual({ ok: true });
  });

  it('refuses 1 ms after 3 days from the close', () => {
    const d = canRequestMakeup(live, window, CLOSES + 3 * DAY + 1);
    expect(d).toMatchObject({
      ok: false,
      code: 'MAKEUP_WINDOW_CLOSED',
      details: { notYetOpen: false, after: CLOSES, until: CLOSES + 3 * DAY },
    });
  });

  it("follows the activity's configured makeupDays", () => {
    const policy = makeupPolicyOf({ checkin: { makeupDays: 7 } });
    expect(canRequestMakeup(live, window, CLOSES + 7 * DAY, policy).ok).toBe(true);
    expect(canRequestMakeup(live, window, CLOSES + 7 * DAY + 1, policy).ok).toBe(false);
    expect(makeupPolicyOf({})).toEqual({ makeupDays: 3 });
  });

  it('turns make-up off with makeupDays 0', () => {
    expect(canRequestMakeup(live, window, CLOSES + 1, { makeupDays: 0 })).toMatchObject({
      code: 'MAKEUP_WINDOW_CLOSED',
      details: { notYetOpen: false },
    });
  });

  it('rejects a malformed policy loudly', () => {
    expect(() => canRequestMakeup(live, window, CLOSES + 1, { makeupDays: -1 })).toThrow(RangeError);
    expect(() => canRequestMakeup(live, window, CLOSES + 1, { makeupDays: 1.5 })).toThrow(RangeError);
  });

  it('refuses make-up for a cancelled activity', () => {
    expect(canRequestMakeup({ status: 'cancelled' }, window, CLOSES + 1)).toMatchObject({
      code: 'ACTIVITY_CANCELLED',
    });
  });
});

describe('canWithdrawRequest', () => {
  const mine = { memberId: 'm1', status: 'pending' };

  it('allows the member who asked to withdraw a pending request', () => {
    expect(canWithdrawRequest(mine, 'm1')).toEqual({ ok: true });
  });

  it("answers NOT_FOUND for someone else's request (never reveals it exists)", () => {
    expect(canWithdrawRequest(mine, 'm2')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it.each(['approved', 'rejected', 'revoked', 'withdrawn'])(
    'refuses a %s request with CONFLICT',
    (status) => {
      expect(canWithdrawRequest({ ...mine, status }, 'm1')).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        details: { status },
      });
    },
  );
});
