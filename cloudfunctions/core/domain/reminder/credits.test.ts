import { afterSend, applySubscribe, creditOf, MAX_CREDITS_PER_TEMPLATE } from './credits';
import { canNudge } from './nudge';

describe('applySubscribe', () => {
  it('adds one credit per accepted key', () => {
    expect(applySubscribe({ meetingReminder: 2 }, ['meetingReminder', 'meetingCancelled'])).toEqual({
      credits: { meetingReminder: 3, meetingCancelled: 1 },
      added: ['meetingReminder', 'meetingCancelled'],
      ignored: [],
    });
  });

  it('counts a key listed twice in one report once', () => {
    expect(applySubscribe({}, ['meetingReminder', 'meetingReminder']).credits).toEqual({
      meetingReminder: 1,
    });
  });

  it('ignores unknown keys', () => {
    expect(applySubscribe(null, ['nope', 'meetingReminder'])).toEqual({
      credits: { meetingReminder: 1 },
      added: ['meetingReminder'],
      ignored: ['nope'],
    });
  });

  it('stops at MAX_CREDITS_PER_TEMPLATE (a scripted client cannot claim thousands)', () => {
    const full = { meetingReminder: MAX_CREDITS_PER_TEMPLATE - 1 };
    const once = applySubscribe(full, ['meetingReminder']).credits;
    expect(once.meetingReminder).toBe(MAX_CREDITS_PER_TEMPLATE);
    expect(applySubscribe(once, ['meetingReminder']).credits.meetingReminder).toBe(MAX_CREDITS_PER_TEMPLATE);
    // a ledger written before the cap reads as the cap
    expect(creditOf({ meetingReminder: 10_000 }, 'meetingReminder')).toBe(MAX_CREDITS_PER_TEMPLATE);
  });

  it('does not change the ledger it was given', () => {
    const before = { meetingReminder: 1 };
    applySubscribe(before, ['meetingReminder']);
    expect(before).toEqual({ meetingReminder: 1 });
  });
});

describe('afterSend', () => {
  it('takes one credit for a successful send', () => {
    expect(afterSend({ meetingReminder: 2 }, 'meetingReminder', { ok: true })).toEqual({
      meetingReminder: 1,
    });
  });

  it('zeroes the credit when WeChat answers 43101', () => {
    expect(afterSend({ meetingReminder: 5 }, 'meetingReminder', { ok: false, errcode: 43101 })).toEqual({
      meetingReminder: 0,
    });
  });

  it('leaves the credit for any other failure', () => {
    expect(afterSend({ meetingReminder: 2 }, 'meetingReminder', { ok: false, errcode: 47003 })).toEqual({
      meetingReminder: 2,
    });
  });

  it('never goes below zero', () => {
    expect(afterSend({ meetingReminder: 0 }, 'meetingReminder', { ok: true })).toEqual({
      meetingReminder: 0,
    });
    expect(afterSend({}, 'meetingReminder', { ok: true })).toEqual({ meetingReminder: 0 });
    expect(afterSend({ meetingReminder: -3 }, 'meetingReminder', { ok: true })).toEqual({
      meetingReminder: 0,
    });
  });

  it('reads a damaged ledger entry as zero', () => {
    expect(creditOf({ meetingReminder: Number.NaN }, 'meetingReminder')).toBe(0);
    expect(creditOf(undefined, 'meetingReminder')).toBe(0);
  });
});

describe('canNudge', () => {
  const last = Date.parse('2026-11-27T02:00:00Z');
  const MIN = 60_000;

  it('allows the first nudge', () => {
    expect(canNudge(null, last)).toEqual({ ok: true });
  });

  it('refuses 1 ms before 30 minutes have passed, saying when to retry', () => {
    expect(canNudge(last, last + 30 * MIN - 1)).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      message: expect.any(String),
      details: { retryAt: last + 30 * MIN, retryAfterMs: 1 },
    });
  });

  it('allows again exactly 30 minutes later', () => {
    expect(canNudge(last, last + 30 * MIN)).toEqual({ ok: true });
  });

  it('keeps blocking when the last nudge lies in the future (clock skew)', () => {
    expect(canNudge(last + 5 * MIN, last).ok).toBe(false);
  });
});
