import {
  checkProofNeedsSite,
  checkSchedule,
  MAX_CLOSE_AFTER_START_MS,
  MAX_OPEN_BEFORE_START_MS,
} from './schedule';

const START = Date.UTC(2026, 2, 10, 1, 0); // 09:00 Asia/Shanghai
const HOUR = 3600_000;
const at = (opensAt: number | null, closesAt: number | null, endAt = START + HOUR) => ({
  startAt: START,
  endAt,
  checkin: { opensAt, closesAt },
});
const field = (d: ReturnType<typeof checkSchedule>) =>
  d.ok ? 'ok' : (d.details as { fields: { path: string }[] }).fields[0].path;

describe('checkSchedule', () => {
  it('accepts the default window (30 min either side of the start)', () => {
    expect(checkSchedule(at(null, null))).toEqual({ ok: true });
  });

  it('refuses an end at or before the start', () => {
    expect(field(checkSchedule(at(null, null, START)))).toBe('payload.endAt');
    expect(field(checkSchedule(at(null, null, START + 1)))).toBe('ok');
  });

  it('refuses a window that closes at or before it opens', () => {
    expect(field(checkSchedule(at(START, START)))).toBe('payload.checkin.closesAt');
    expect(field(checkSchedule(at(START, START + 1)))).toBe('ok');
  });

  it('opens at most 1 day before the start: exactly 1 day is fine, 1 ms more is not', () => {
    expect(field(checkSchedule(at(START - MAX_OPEN_BEFORE_START_MS, null)))).toBe('ok');
    expect(field(checkSchedule(at(START - MAX_OPEN_BEFORE_START_MS - 1, null)))).toBe(
      'payload.checkin.opensAt',
    );
  });

  it('closes at most 7 days after the start: exactly 7 days is fine, 1 ms more is not', () => {
    expect(field(checkSchedule(at(null, START + MAX_CLOSE_AFTER_START_MS)))).toBe('ok');
    expect(field(checkSchedule(at(null, START + MAX_CLOSE_AFTER_START_MS + 1)))).toBe(
      'payload.checkin.closesAt',
    );
  });

  it('answers INVALID_ARGUMENT naming the field', () => {
    expect(checkSchedule(at(null, null, START - 1))).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
      details: { fields: [{ path: 'payload.endAt', message: 'must be after startAt' }] },
    });
  });
});

describe('checkProofNeedsSite', () => {
  it('needs a site for check-in by site code only', () => {
    expect(checkProofNeedsSite({ siteId: null, checkin: { proof: 'site' } })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT',
    });
    expect(checkProofNeedsSite({ siteId: 's1', checkin: { proof: 'site' } })).toEqual({ ok: true });
    expect(checkProofNeedsSite({ siteId: null, checkin: { proof: 'rotating' } })).toEqual({ ok: true });
  });
});
