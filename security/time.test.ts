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
