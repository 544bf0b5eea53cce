import { CronError, nextFire, parseCron } from './cron';

/** epoch ms of a wall-clock time in Asia/Shanghai (UTC+8) */
const cst = (iso: string) => Date.parse(`${iso}+08:00`);
const fires = (expr: string, fromIso: string, n: number) => {
  const s = parseCron(expr);
  const out: string[] = [];
  let t = cst(fromIso);
  for (let i = 0; i < n; i++) {
    const next = nextFire(s, t);
    if (next === null) break;
    out.push(new Date(next + 8 * 3600_000).toISOString().replace('.000Z', '')); // shown in UTC+8
    t = next;
  }
  return out;
};

describe('7-field CloudBase cron (UTC+8)', () => {
  test('every 5 minutes', () => {
    expect(fires('0 */5 * * * * *', '2026-03-01T10:02:30', 3)).toEqual([
      '2026-03-01T10:05:00',
      '2026-03-01T10:10:00',
      '2026-03-01T10:15:00',
    ]);
  });

  test('a fire time is strictly after the given instant', () => {
    expect(fires('0 */5 * * * * *', '2026-03-01T10:05:00', 1)).toEqual(['2026-03-01T10:10:00']);
  });

  test('every 5 seconds', () => {
    expect(fires('*/5 * * * * * *', '2026-03-01T10:00:58', 3)).toEqual([
      '2026-03-01T10:01:00',
      '2026-03-01T10:01:05',
      '2026-03-01T10:01:10',
    ]);
  });

  test('02:00 every day is 18:00 UTC the day before', () => {
    const next = nextFire(parseCron('0 0 2 * * * *'), Date.parse('2026-03-01T12:00:00Z'));
    expect(new Date(next!).toISOString()).toBe('2026-03-01T18:00:00.000Z');
  });

  test('weekday names and ranges: 10:15 Monday to Friday', () => {
    // 2026-03-06 is a Friday
    expect(fires('0 15 10 * * MON-FRI *', '2026-03-06T11:00:00', 2)).toEqual([
      '2026-03-09T10:15:00',
      '2026-03-10T10:15:00',
    ]);
  });

  test('week 0 is Sunday', () => {
    expect(fires('0 0 12 * * 0 *', '2026-03-01T13:00:00', 1)).toEqual(['2026-03-08T12:00:00']);
  });

  test('lists and a-b/n steps', () => {
    expect(fires('0 0 10,14,16 * * * *', '2026-03-01T11:00:00', 3)).toEqual([
      '2026-03-01T14:00:00',
      '2026-03-01T16:00:00',
      '2026-03-02T10:00:00',
    ]);
    expect(fires('0 */30 9-17 * * * *', '2026-03-01T17:10:00', 2)).toEqual([
      '2026-03-01T17:30:00',
      '2026-03-02T09:00:00',
    ]);
    expect(fires('0 1/20 * * * * *', '2026-03-01T10:00:00', 3)).toEqual([
      '2026-03-01T10:01:00',
      '2026-03-01T10:21:00',
      '2026-03-01T10:41:00',
    ]);
  });

  test('day 31 skips the months that have none', () => {
    expect(fires('0 0 2 31 * * *', '2026-03-31T03:00:00', 2)).toEqual([
      '2026-05-31T02:00:00',
      '2026-07-31T02:00:00',
    ]);
  });

  test('29 February waits for a leap year', () => {
    expect(fires('0 0 0 29 FEB * *', '2026-01-01T00:00:00', 1)).toEqual(['2028-02-29T00:00:00']);
  });

  test('day-of-month and day-of-week both given: either matches', () => {
    // 1st of the month OR Monday; 2026-06-01 is a Monday, 2026-06-08 Monday, 2026-07-01 Wednesday
    expect(fires('0 0 8 1 * MON *', '2026-05-30T00:00:00', 3)).toEqual([
      '2026-06-01T08:00:00',
      '2026-06-08T08:00:00',
      '2026-06-15T08:00:00',
    ]);
  });

  test('year field: none after the last year', () => {
    expect(fires('0 0 0 1 1 * 2027', '2026-06-01T00:00:00', 2)).toEqual(['2027-01-01T00:00:00']);
    expect(nextFire(parseCron('0 0 0 1 1 * 2025'), Date.now())).toBeNull();
  });

  test.each([
    ['0 */5 * * * *', /7 fields/],
    ['0 */5 * * * * * *', /7 fields/],
    ['60 * * * * * *', /second: 60 is outside 0-59/],
    ['0 0 24 * * * *', /hour: 24/],
    ['0 0 0 0 * * *', /day: 0/],
    ['0 0 0 * 13 * *', /month: 13/],
    ['0 0 0 * * 8 *', /week: 8/],
    ['0 0 0 * * * 1969', /year: 1969/],
    ['0 */0 * * * * *', /bad step/],
    ['0 5-1 * * * * *', /backwards/],
    ['0 x * * * * *', /bad value/],
    ['0 1,,2 * * * * *', /empty list item/],
  ])('rejects %s', (expr, msg) => {
    expect(() => parseCron(expr)).toThrow(CronError);
    expect(() => parseCron(expr)).toThrow(msg);
  });
});
