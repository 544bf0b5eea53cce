import {
  evaluateCheckOut,
  verifiedDurationMin,
  type CheckoutRecord,
  type EvaluateCheckOutInput,
} from './checkout';
import { DEFAULT_CHECKIN_POLICY } from './policy';

const MIN = 60_000;
const START = Date.UTC(2026, 10, 27, 6, 0, 0);
const END = START + 120 * MIN;
const GRACE = DEFAULT_CHECKIN_POLICY.checkoutGraceMs;
const CENTRE = { lat: 31.2304, lng: 121.4737 };
const SITE = { id: 'site_1', code: 'LabA1b2c3', location: CENTRE, radiusM: 100 };

const record = (over: Partial<CheckoutRecord> = {}): CheckoutRecord => ({
  status: 'approved',
  checkedInAt: START - 5 * MIN,
  ...over,
});

function input(over: Partial<EvaluateCheckOutInput> = {}): EvaluateCheckOutInput {
  return {
    activity: {
      id: 'act_1',
      status: 'scheduled',
      startAt: START,
      endAt: END,
      siteId: SITE.id,
      checkin: { proof: 'either', requireLocation: false },
    },
    site: SITE,
    record: record(),
    policy: DEFAULT_CHECKIN_POLICY,
    now: END,
    ...over,
  };
}

describe('evaluateCheckOut', () => {
  const INSIDE = { ...CENTRE, accuracy: 20 };

  it('records the verified duration from the start to the end (location inside the fence)', () => {
    expect(evaluateCheckOut(input({ location: INSIDE }))).toEqual({
      kind: 'accept',
      checkedOutAt: END,
      durationMin: 120,
      flags: [],
      distanceM: 0,
      verified: true,
      unverifiedReason: null,
    });
  });

  it('S-18: without a location the duration is recorded but NOT verified (when none is required)', () => {
    expect(evaluateCheckOut(input())).toMatchObject({
      kind: 'accept',
      durationMin: 120,
      verified: false,
      unverifiedReason: 'no_location_proof',
    });
    // no site: nothing can prove presence
    const noSite = input({ site: null, location: INSIDE });
    noSite.activity = { ...noSite.activity, siteId: null };
    expect(evaluateCheckOut(noSite)).toMatchObject({
      verified: false,
      unverifiedReason: 'no_location_proof',
    });
  });

  it('S-18: LOCATION_REQUIRED when the check-in needed one (requireLocation, default with a site, site code)', () => {
    const refusal = { kind: 'reject', code: 'LOCATION_REQUIRED', reason: 'location_missing' };
    const act = input().activity;
    for (const checkin of [
      { proof: 'either' as const, requireLocation: true },
      { proof: 'rotating' as const, requireLocation: null }, // stored without the setting, has a site
      { proof: 'site' as const, requireLocation: false },
    ]) {
      expect(evaluateCheckOut(input({ activity: { ...act, checkin } }))).toEqual(refusal);
    }
    expect(evaluateCheckOut(input({ record: record({ method: 'site' }) }))).toEqual(refusal);
    expect(
      evaluateCheckOut(
        input({
          activity: { ...act, checkin: { proof: 'either', requireLocation: true } },
          location: INSIDE,
        }),
      ),
    ).toMatchObject({ kind: 'accept', verified: true });
  });

  it('S-18: outside the fence or too coarse → recorded, flagged, not verified', () => {
    expect(
      evaluateCheckOut(input({ location: { lat: CENTRE.lat + 0.01, lng: CENTRE.lng, accuracy: 10 } })),
    ).toMatchObject({ kind: 'accept', durationMin: 120, verified: false, unverifiedReason: 'outside_fence' });
    expect(evaluateCheckOut(input({ location: { ...CENTRE, accuracy: 500 } }))).toMatchObject({
      verified: false,
      unverifiedReason: 'low_accuracy',
      flags: ['low_accuracy'],
    });
  });

  it('refuses NOT_CHECKED_IN without a record', () => {
    expect(evaluateCheckOut(input({ record: null }))).toEqual({
      kind: 'reject',
      code: 'NOT_CHECKED_IN',
      reason: 'no_record',
    });
  });

  it('refuses NOT_CHECKED_IN when the check-in was rejected', () => {
    expect(evaluateCheckOut(input({ record: record({ status: 'rejected' }) }))).toMatchObject({
      code: 'NOT_CHECKED_IN',
      reason: 'rejected',
    });
  });

  it('allows a pending check-in to check out (approval may come later)', () => {
    expect(evaluateCheckOut(input({ record: record({ status: 'pending' }) })).kind).toBe('accept');
  });

  it('refuses ACTIVITY_CANCELLED first', () => {
    expect(
      evaluateCheckOut(input({ record: null, activity: { ...input().activity, status: 'cancelled' } })),
    ).toMatchObject({ code: 'ACTIVITY_CANCELLED' });
  });

  it('answers the stored result again for a second check-out', () => {
    expect(
      evaluateCheckOut(input({ record: record({ checkedOutAt: END - MIN, durationMin: 119 }) })),
    ).toEqual({
      kind: 'duplicate',
      checkedOutAt: END - MIN,
      durationMin: 119,
      verified: false, // stored before S-18: not verified
    });
    expect(
      evaluateCheckOut(
        input({ record: record({ checkedOutAt: END - MIN, durationMin: 119, durationVerified: true }) }),
      ),
    ).toMatchObject({ kind: 'duplicate', verified: true });
  });

  it('accepts exactly at end + grace and refuses 1 ms later', () => {
    expect(evaluateCheckOut(input({ now: END + GRACE }))).toMatchObject({ kind: 'accept', durationMin: 120 });
    expect(evaluateCheckOut(input({ now: END + GRACE + 1 }))).toEqual({
      kind: 'reject',
      code: 'OUTSIDE_WINDOW',
      reason: 'too_late',
    });
  });

  it('counts a late arrival from the check-in and an early departure up to now', () => {
    const r = evaluateCheckOut(
      input({ record: record({ checkedInAt: START + 20 * MIN }), now: START + 50 * MIN }),
    );
    expect(r).toMatchObject({ kind: 'accept', durationMin: 30 });
  });

  it('flags a check-out location outside the fence', () => {
    const r = evaluateCheckOut(
      input({ location: { lat: CENTRE.lat + 0.01, lng: CENTRE.lng, accuracy: 10 } }),
    );
    expect(r).toMatchObject({ kind: 'accept', flags: ['outside_fence'] });
  });
});

describe('verifiedDurationMin', () => {
  const a = { startAt: START, endAt: END };
  it('rounds down to whole minutes', () => {
    expect(verifiedDurationMin(a, START, START + 59_999)).toBe(0);
    expect(verifiedDurationMin(a, START, START + 60_000)).toBe(1);
  });
  it('does not count waiting before the start', () => {
    expect(verifiedDurationMin(a, START - 30 * MIN, START + 10 * MIN)).toBe(10);
  });
  it('does not count staying after the end', () => {
    expect(verifiedDurationMin(a, START, END + 30 * MIN)).toBe(120);
  });
  it('is never negative', () => {
    expect(verifiedDurationMin(a, START + 10 * MIN, START + 5 * MIN)).toBe(0);
    expect(verifiedDurationMin(a, END + MIN, END + 2 * MIN)).toBe(0);
  });
});
