import { zInstant } from '../types/common';

/**
 * Regression (security/REVIEW.md S-17): an ISO instant without an offset was accepted and parsed in
 * the server process's own time zone, so `2026-12-01T14:00` meant 14:00 UTC in the cloud but 14:00
 * Shanghai time on a laptop running the local cloud — a meeting 8 hours apart for the same input.
 */
describe('zInstant takes only unambiguous instants', () => {
  it.each([
    ['2026-12-01T14:00'],
    ['2026-12-01T14:00:00'],
    ['2026-12-01T14:00:00.000'],
    ['2026-12-01'],
    ['2026-12-01T14:00:00+8'],
    ['2026-12-01T14:00:00Zjunk'],
  ])('refuses %s', (s) => {
    expect(zInstant.safeParse(s).success).toBe(false);
  });

  it.each([
    ['2026-12-01T06:00:00Z', Date.UTC(2026, 11, 1, 6)],
    ['2026-12-01T14:00:00+08:00', Date.UTC(2026, 11, 1, 6)],
    ['2026-12-01T14:00+08:00', Date.UTC(2026, 11, 1, 6)],
    ['2026-12-01T14:00:00.250+0800', Date.UTC(2026, 11, 1, 6, 0, 0, 250)],
    ['2026-12-01T06:00:00.000Z', Date.UTC(2026, 11, 1, 6)],
  ])('reads %s as the same instant everywhere', (s, ms) => {
    expect(zInstant.parse(s)).toBe(ms);
  });

  it('still takes epoch milliseconds', () => {
    expect(zInstant.parse(Date.UTC(2026, 11, 1, 6))).toBe(Date.UTC(2026, 11, 1, 6));
  });
});

/**
 * Regression (security/REVIEW.md S-26): the ISO form accepted year 1 and impossible calendar dates
 * (`2026-02-30` read as 2 March) while the epoch form refused only negatives — two ranges for one
 * field. Both forms now share one range, [2000-01-01, 2100-01-01) UTC, and a date must exist.
 */
describe('zInstant: one range for both forms, real dates only', () => {
  it.each([
    ['0001-01-01T00:00:00Z'],
    ['1999-12-31T23:59:59Z'],
    ['2100-01-01T00:00:00Z'],
    ['9999-12-31T23:59:59Z'],
    ['2026-02-30T00:00:00Z'],
    ['2026-02-29T00:00:00Z'],
    ['2026-04-31T00:00:00+08:00'],
    ['2026-13-01T00:00:00Z'],
    ['2026-12-01T24:00:00Z'],
    ['2026-12-01T23:60:00Z'],
    ['2026-12-01T23:59:60Z'],
    ['2026-12-01T12:00:00+24:00'],
    ['2026-12-01T12:00:00+08:60'],
  ])('refuses the ISO instant %s', (s) => {
    expect(zInstant.safeParse(s).success).toBe(false);
  });

  it.each([[0], [1], [Date.UTC(1999, 11, 31, 23, 59, 59, 999)], [Date.UTC(2100, 0, 1)], [8.64e15]])(
    'refuses the epoch instant %d',
    (ms) => {
      expect(zInstant.safeParse(ms).success).toBe(false);
    },
  );

  it.each([
    ['2000-01-01T00:00:00Z', Date.UTC(2000, 0, 1)],
    ['2000-01-01T08:00:00+08:00', Date.UTC(2000, 0, 1)],
    ['2028-02-29T12:00:00Z', Date.UTC(2028, 1, 29, 12)],
    ['2099-12-31T23:59:59.999Z', Date.UTC(2099, 11, 31, 23, 59, 59, 999)],
  ])('takes %s at the edges of the range', (s, ms) => {
    expect(zInstant.parse(s)).toBe(ms);
    expect(zInstant.parse(ms)).toBe(ms);
  });
});
